// SPDX-License-Identifier: Apache-2.0
#include "core/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <random>
#include <stdexcept>

namespace igmc {

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string toHex(const unsigned char* bytes, std::size_t size)
{
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = kHex[bytes[i] >> 4];
        out[2 * i + 1] = kHex[bytes[i] & 0xF];
    }
    return out;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

std::string newUuidV7()
{
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return newUuidV7(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()));
}

namespace {

// Ids need uniqueness, not secrecy: a per-thread generator seeded once from OpenSSL's CSPRNG
// (the OS source if that fails) gives 74 random bits per id at a fraction of RAND_bytes' cost.
std::mt19937_64& idGenerator()
{
    thread_local std::mt19937_64 generator = [] {
        std::array<std::uint64_t, 4> seed{};
        if (RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), static_cast<int>(sizeof seed)) != 1) {
            std::random_device device;
            for (auto& word : seed)
                word = (static_cast<std::uint64_t>(device()) << 32) | device();
        }
        std::seed_seq sequence{seed[0], seed[1], seed[2], seed[3]};
        return std::mt19937_64(sequence);
    }();
    return generator;
}

}  // namespace

namespace {

std::string formatUuid(const std::array<unsigned char, 16>& b)
{
    std::string text(36, '-');
    std::size_t at = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            ++at;  // keep the dash
        text[at++] = kHex[b[i] >> 4];
        text[at++] = kHex[b[i] & 0xF];
    }
    return text;
}

std::array<unsigned char, 16> randomUuidBytes()
{
    std::array<unsigned char, 16> b{};
    auto& generator = idGenerator();
    const std::uint64_t high = generator();
    const std::uint64_t low = generator();
    for (int i = 0; i < 8; ++i) {
        b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(high >> (8 * i));
        b[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(low >> (8 * i));
    }
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // RFC variant
    return b;
}

}  // namespace

std::string newUuidV7(std::uint64_t unixMillis)
{
    auto b = randomUuidBytes();
    for (int i = 0; i < 6; ++i)
        b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(unixMillis >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));  // version 7
    return formatUuid(b);
}

std::string newUuidV4()
{
    auto b = randomUuidBytes();
    b[6] = static_cast<unsigned char>(0x40 | (b[6] & 0x0F));  // version 4
    return formatUuid(b);
}

bool isUuid(std::string_view text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isHex(text[i]))
            return false;
    }
    return true;
}

std::string sha256Hex(std::string_view bytes)
{
    std::array<unsigned char, 32> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return toHex(digest.data(), length);
}

bool isSha256Hex(std::string_view text)
{
    if (text.size() != 64)
        return false;
    for (char c : text) {
        if (!isHex(c))
            return false;
    }
    return true;
}

}  // namespace igmc
