// SPDX-License-Identifier: Apache-2.0
#include "survey/kiosk_guard.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace igmc::survey {

namespace {

std::string hex(const unsigned char* bytes, std::size_t size)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[bytes[i] >> 4]);
        out.push_back(kDigits[bytes[i] & 0xF]);
    }
    return out;
}

std::optional<std::vector<unsigned char>> unhex(std::string_view text)
{
    if (text.size() % 2 != 0 || text.empty())
        return std::nullopt;
    std::vector<unsigned char> bytes(text.size() / 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(text.data() + 2 * i, text.data() + 2 * i + 2, value, 16);
        if (ec != std::errc{} || end != text.data() + 2 * i + 2)
            return std::nullopt;
        bytes[i] = static_cast<unsigned char>(value);
    }
    return bytes;
}

std::array<unsigned char, 32> derive(std::string_view pin, const std::vector<unsigned char>& salt, int iterations)
{
    std::array<unsigned char, 32> key{};
    if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(key.size()), key.data())
        != 1)
        throw std::runtime_error("PBKDF2 failed");
    return key;
}

}  // namespace

Result<void> checkNewPin(std::string_view pin)
{
    if (pin.size() < 6 || pin.size() > 12 || !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return makeError(ErrorCode::InvalidArgument, "the PIN is 6 to 12 digits");
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == pin[i - 1] + 1;
        down = down && pin[i] == pin[i - 1] - 1;
    }
    if (same || up || down)
        return makeError(ErrorCode::InvalidArgument, "the PIN is too easy to guess: avoid repeated or consecutive digits");
    return {};
}

std::string hashPin(std::string_view pin, int iterations)
{
    std::vector<unsigned char> salt(16);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
        throw std::runtime_error("the system random generator failed");
    const auto key = derive(pin, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + hex(salt.data(), salt.size()) + "$" + hex(key.data(), key.size());
}

bool verifyPin(std::string_view pin, std::string_view stored)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = stored.find('$', start);
        parts.push_back(stored.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256")
        return false;
    int iterations = 0;
    if (auto [p, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations); ec != std::errc{} || iterations < 1)
        return false;
    auto salt = unhex(parts[2]);
    auto expected = unhex(parts[3]);
    if (!salt || !expected || expected->size() != 32)
        return false;
    const auto key = derive(pin, *salt, iterations);
    return CRYPTO_memcmp(key.data(), expected->data(), key.size()) == 0;
}

std::int64_t pinDelayMs(int failures)
{
    if (failures < 3)
        return 0;
    const int doublings = std::min(failures - 3, 5);  // 30 s · 2^5 = 16 min → capped at 15
    return std::min<std::int64_t>(30'000LL << doublings, 15 * 60'000LL);
}

PinAttempts afterWrongPin(PinAttempts attempts, std::int64_t nowMs)
{
    ++attempts.failures;
    attempts.nextTryAtMs = nowMs + pinDelayMs(attempts.failures);
    return attempts;
}

std::string encodeAttempts(const PinAttempts& attempts)
{
    return std::to_string(attempts.failures) + ":" + std::to_string(attempts.nextTryAtMs);
}

PinAttempts decodeAttempts(std::string_view text)
{
    PinAttempts attempts;
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return attempts;
    std::from_chars(text.data(), text.data() + colon, attempts.failures);
    std::from_chars(text.data() + colon + 1, text.data() + text.size(), attempts.nextTryAtMs);
    return attempts;
}

std::string_view toString(Rejection rejection)
{
    return rejection == Rejection::TooFast ? "too_fast" : "rate_limited";
}

std::optional<Rejection> checkSubmission(const Survey& survey, double elapsedSeconds, int acceptedThisHour, const SubmissionLimits& limits)
{
    if (elapsedSeconds < survey.minSeconds)
        return Rejection::TooFast;
    if (acceptedThisHour >= limits.maxPerHour)
        return Rejection::RateLimited;
    return std::nullopt;
}

}  // namespace igmc::survey
