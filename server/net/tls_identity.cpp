// SPDX-License-Identifier: Apache-2.0
#include "net/tls_identity.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace igmc::server {

Result<void> checkKeyIsPrivate(const std::string& keyFile)
{
    struct stat status {};
    if (::stat(keyFile.c_str(), &status) != 0)
        return makeError(ErrorCode::InvalidArgument, "cannot read the TLS key: " + std::string(std::strerror(errno)), keyFile);
    if ((status.st_mode & 077) == 0)
        return {};
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(status.st_mode & 07777));
    return makeError(ErrorCode::InvalidArgument,
                     "the TLS key can be read by others (mode " + std::string(mode) + "): anyone on this machine could pose as the server. "
                         "Run `chmod 600 " + keyFile + "`, or start with --allow-readable-tls-key",
                     keyFile);
}

Result<std::string> publicKeyPin(const std::string& certificateFile)
{
    const std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(certificateFile.c_str(), "r"), std::fclose);
    if (!file)
        return makeError(ErrorCode::InvalidArgument, "cannot read the TLS certificate: " + std::string(std::strerror(errno)), certificateFile);
    const std::unique_ptr<X509, void (*)(X509*)> certificate(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), X509_free);
    if (!certificate)
        return makeError(ErrorCode::InvalidArgument, "the TLS certificate is not a PEM certificate", certificateFile);
    unsigned char* der = nullptr;
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate.get()), &der);
    if (length <= 0)
        return makeError(ErrorCode::InvalidArgument, "the TLS certificate has no readable public key", certificateFile);
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(der, static_cast<std::size_t>(length), digest.data());
    OPENSSL_free(der);
    std::array<unsigned char, 4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1> base64{};
    EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(digest.size()));
    return "sha256//" + std::string(reinterpret_cast<const char*>(base64.data()));
}

}  // namespace igmc::server
