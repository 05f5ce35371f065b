// SPDX-License-Identifier: Apache-2.0
#include "cli/text_table.hpp"

#include <algorithm>

namespace igmc::cli {

namespace {

bool isWide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3)
           || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
           || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace

std::size_t displayWidth(std::string_view text)
{
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? byte : byte & (0x3F >> (length - 1));
        for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        width += isWide(c) ? 2 : 1;
        i += length;
    }
    return width;
}

void TextTable::print(std::ostream& out) const
{
    std::vector<std::size_t> widths(m_align.size(), 0);
    for (const auto& row : m_rows) {
        for (std::size_t i = 0; i < row.cells.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(row.cells[i]));
    }
    std::size_t total = 0;
    for (auto w : widths)
        total += w + 2;
    for (const auto& row : m_rows) {
        if (row.rule) {
            out << std::string(total > 2 ? total - 2 : 0, '-') << '\n';
            continue;
        }
        std::string line;
        for (std::size_t i = 0; i < row.cells.size() && i < widths.size(); ++i) {
            const std::string pad(widths[i] - displayWidth(row.cells[i]), ' ');
            line += m_align[i] == Align::Right ? pad + row.cells[i] : row.cells[i] + pad;
            if (i + 1 < row.cells.size())
                line += "  ";
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << '\n';
    }
}

}  // namespace igmc::cli
