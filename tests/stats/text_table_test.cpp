// Tests of text_table's alignment and of fixed().

#include "stats/text_table.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace throng::stats {
namespace {

TEST(text_table, aligns_the_first_column_left_and_the_others_right) {
  text_table t{"latency"};
  t.add({"op", "count", "p99 ms"});
  t.add({"read_note", "7", "1.25"});
  t.add({"signup", "1200", "13.50"});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(), "latency\n"
                       "  op         count  p99 ms\n"
                       "  read_note      7    1.25\n"
                       "  signup      1200   13.50\n"
                       "\n");
}

TEST(text_table, a_row_of_one_cell_gets_no_padding) {
  text_table t{"t"};
  t.add({"a long first cell", "x"});
  t.add({"short"});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(), "t\n  a long first cell  x\n  short\n\n");
}

TEST(text_table, fixed_rounds_to_the_digits_asked) {
  EXPECT_EQ(fixed(12.3456, 2), "12.35");
  EXPECT_EQ(fixed(2.5e6, 0), "2500000");
  EXPECT_EQ(fixed(0, 2), "0.00");
  EXPECT_EQ(fixed(-1.004, 2), "-1.00");
}

} // namespace
} // namespace throng::stats
