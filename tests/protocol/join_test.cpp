// Tests of words joined into one line.

#include "protocol/join.hpp"

#include <array>
#include <span>
#include <string_view>

#include <gtest/gtest.h>

namespace throng::protocol {
namespace {

TEST(join, puts_the_separator_between_each_two_words) {
  std::array<std::string_view, 3> three{"a", "bc", "d"};
  EXPECT_EQ(join(three, ", "), "a, bc, d");
  EXPECT_EQ(join(std::span{three}.first(1), ", "), "a");
  EXPECT_EQ(join({}, ", "), "");
  EXPECT_EQ(join(three, ""), "abcd");
}

} // namespace
} // namespace throng::protocol
