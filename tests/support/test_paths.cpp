// SPDX-License-Identifier: Apache-2.0
#include "support/test_paths.hpp"

#include "catalog/catalog_loader.hpp"
#include "core/json_reader.hpp"

#include <stdexcept>

namespace igmc::test {

std::string dataPath(const std::string& relative)
{
    return std::string(IGMC_TEST_DATA_DIR) + "/" + relative;
}

std::string catalogPath(const std::string& name)
{
    return std::string(IGMC_CATALOG_DIR) + "/" + name;
}

std::string examplePath(const std::string& name)
{
    return std::string(IGMC_EXAMPLES_DIR) + "/" + name;
}

std::string surveyPath(const std::string& name)
{
    return std::string(IGMC_SURVEY_DIR) + "/" + name;
}

std::string readText(const std::string& path)
{
    auto text = json::readFile(path);
    if (!text)
        throw std::runtime_error(text.error().message);
    return std::move(text).value();
}

catalog::Catalog loadValidCatalog(const std::string& path)
{
    auto loaded = catalog::loadCatalogFile(path);
    if (!loaded)
        throw std::runtime_error("fixture catalog does not load: " + loaded.error().message);
    return std::move(loaded).value();
}

}  // namespace igmc::test

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace igmc::test {

unsigned short freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace igmc::test
