// SPDX-License-Identifier: Apache-2.0
#include "auth/roles.hpp"

#include "core/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace igmc::server {

namespace {

// No 0/O, 1/I/L, so a code read aloud or copied by hand survives.
constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

void randomBytes(unsigned char* out, int size)
{
    if (RAND_bytes(out, size) != 1)
        throw std::runtime_error("the system random generator failed");
}

}  // namespace

std::string newToken()
{
    std::array<unsigned char, 32> bytes{};
    randomBytes(bytes.data(), static_cast<int>(bytes.size()));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token = "igmc_";
    for (auto b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 0xF];
    }
    return token;
}

std::string newEnrollmentCode()
{
    std::array<unsigned char, 16> bytes{};
    randomBytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string code;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0 && i % 4 == 0)
            code += '-';
        code += kCodeAlphabet[bytes[i] % kCodeAlphabet.size()];
    }
    return code;
}

std::string normaliseEnrollmentCode(std::string_view typed)
{
    std::string code;
    for (char c : typed) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return code;
}

std::string hashSecret(std::string_view secret)
{
    return sha256Hex(secret);
}

}  // namespace igmc::server
