// Plain-text tables (text_table.hpp).

#include "stats/text_table.hpp"

#include <algorithm>
#include <ostream>
#include <utility>

namespace throng::stats {

text_table::text_table(std::string title) : title_(std::move(title)) {
}

void text_table::add(std::vector<std::string> row) {
  rows_.push_back(std::move(row));
}

void text_table::print(std::ostream& out) const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  out << title_ << '\n';
  for (const auto& row : rows_) {
    std::string line = "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      auto pad = std::string(widths[i] - row[i].size(), ' ');
      if (i == 0)
        line += row[i] + (row.size() > 1 ? pad : "");
      else
        line += "  " + pad + row[i];
    }
    out << line << '\n';
  }
  out << '\n';
}

} // namespace throng::stats
