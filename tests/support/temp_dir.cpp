// SPDX-License-Identifier: Apache-2.0
#include "support/temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>

namespace igmc::test {

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "igmc-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string TempDir::path(const std::string& name) const
{
    return name.empty() ? m_path.string() : (m_path / name).string();
}

}  // namespace igmc::test
