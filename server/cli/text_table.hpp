// Column-aligned plain-text tables that stay aligned with Chinese text (CJK glyphs are two columns wide).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::cli {

// Terminal columns taken by UTF-8 text: East Asian wide characters count 2, others 1.
std::size_t displayWidth(std::string_view text);

class TextTable {
public:
    enum class Align { Left, Right };
    explicit TextTable(std::vector<Align> columns) : m_align(std::move(columns)) {}

    void addRow(std::vector<std::string> cells) { m_rows.push_back({std::move(cells), false}); }
    void addRule() { m_rows.push_back({{}, true}); }
    void print(std::ostream& out) const;

private:
    struct Row {
        std::vector<std::string> cells;
        bool rule = false;
    };
    std::vector<Align> m_align;
    std::vector<Row> m_rows;
};

}  // namespace igmc::cli
