// Tests of hex and base-36 digits.

#include "protocol/digits.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace throng::protocol {
namespace {

TEST(digits, hex_is_two_lower_case_digits_a_byte) {
  EXPECT_EQ(to_hex(std::vector<std::uint8_t>{}), "");
  EXPECT_EQ(to_hex(std::vector<std::uint8_t>{0x00, 0xff, 0x0f, 0xa0, 0x5c}), "00ff0fa05c");
  std::array<std::uint8_t, 3> fixed_size{0xde, 0xad, 0x01};
  EXPECT_EQ(to_hex(fixed_size), "dead01");
}

TEST(digits, base36_has_no_leading_zeros) {
  struct case_ {
    std::uint64_t n;
    const char* text;
  };
  for (auto [n, text] : std::initializer_list<case_>{
         {0, "0"},
         {9, "9"},
         {10, "a"},
         {35, "z"},
         {36, "10"},
         {36 * 36 * 36 - 1, "zzz"},
         {1'700'000'000'000, "loyw3v28"},
         {std::numeric_limits<std::uint64_t>::max(), "3w5e11264sgsf"}})
    EXPECT_EQ(to_base36(n), text) << n;
}

} // namespace
} // namespace throng::protocol
