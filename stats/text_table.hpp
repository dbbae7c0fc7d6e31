#pragma once

// The plain-text tables of the console report.

#include <iosfwd>
#include <string>
#include <vector>

#include "protocol/number_format.hpp"

namespace throng::stats {

/// A plain-text table under a title line, as the console report prints
/// them: the first column left-aligned, the others right-aligned, each as
/// wide as its widest cell. A plain value.
class text_table {
public:
  explicit text_table(std::string title);

  /// Appends a row (the first one added is usually the header).
  void add(std::vector<std::string> row);

  /// Writes the title, the rows and an empty line.
  void print(std::ostream& out) const;

private:
  std::string title_;
  std::vector<std::vector<std::string>> rows_;
};

/// How the tables show figures: fixed(12.3456, 2) is "12.35".
using protocol::fixed;

} // namespace throng::stats
