// Tests of the decimal text of numbers against what printf writes.

#include "protocol/number_format.hpp"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace throng::protocol {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
const double nan = std::nan("");

std::string printf_text(const char* format, int precision, double x) {
  char buf[2048];
  std::snprintf(buf, sizeof buf, format, precision, x);
  return buf;
}

// Checks that `format` writes each number of `cases` as its text.
template <class Format>
void expect_texts(Format format,
                  std::initializer_list<std::pair<double, const char*>> cases) {
  for (auto [x, text] : cases)
    EXPECT_EQ(format(x), text) << x;
}

TEST(number_format, fixed_rounds_to_the_decimals_asked) {
  EXPECT_EQ(fixed(12.3456, 2), "12.35");
  EXPECT_EQ(fixed(2.5e6, 0), "2500000");
  EXPECT_EQ(fixed(0, 2), "0.00");
  EXPECT_EQ(fixed(0.125, 2), "0.12"); // exactly half: to even, as printf
  EXPECT_EQ(fixed(0.375, 2), "0.38");
  EXPECT_EQ(fixed(2.5, 0), "2");
  EXPECT_EQ(fixed(1.005, 2), "1.00"); // 1.005 is a hair below in binary
}

TEST(number_format, fixed_keeps_the_sign_of_negatives_and_of_zero) {
  EXPECT_EQ(fixed(-1.004, 2), "-1.00");
  EXPECT_EQ(fixed(-0.04, 1), "-0.0");
  EXPECT_EQ(fixed(-0.0, 3), "-0.000");
  EXPECT_EQ(fixed(-1234.5678, 1), "-1234.6");
}

TEST(number_format, fixed_writes_large_numbers_whole) {
  EXPECT_EQ(fixed(1e15, 1), "1000000000000000.0");
  EXPECT_EQ(fixed(1e300, 0), printf_text("%.*f", 0, 1e300));
  EXPECT_EQ(fixed(1e300, 0).size(), 301u);
  EXPECT_EQ(fixed(-std::numeric_limits<double>::max(), 2),
            printf_text("%.*f", 2, -std::numeric_limits<double>::max()));
}

TEST(number_format, non_finite_values_are_written_as_printf_does) {
  for (double x : {inf, -inf, nan, -nan}) {
    EXPECT_EQ(fixed(x, 1), printf_text("%.*f", 1, x));
    EXPECT_EQ(general(x, 17), printf_text("%.*g", 17, x));
  }
  EXPECT_EQ(fixed(inf, 2), "inf");
  EXPECT_EQ(fixed(-inf, 2), "-inf");
  EXPECT_EQ(fixed(nan, 2), "nan");
  EXPECT_EQ(shortest(inf), "inf");
  EXPECT_EQ(shortest(-inf), "-inf");
  EXPECT_EQ(shortest(nan), "nan");
}

TEST(number_format, general_is_printf_g) {
  expect_texts([](double x) { return general(x); },
               {{0.25, "0.25"}, {1e6, "1e+06"}, {123456, "123456"},
                {1234567, "1.23457e+06"}, {0.0001, "0.0001"},
                {0.00001, "1e-05"}, {1.5e-7, "1.5e-07"}, {-2.5, "-2.5"},
                {0, "0"}, {1200.5, "1200.5"}});
  EXPECT_EQ(general(0.1, 17), "0.10000000000000001");
  EXPECT_EQ(general(7.25, 2), "7.2");
  EXPECT_EQ(general(7.35, 2), "7.3"); // 7.35 is a hair below in binary
  EXPECT_EQ(general(1e100, 17), "1e+100");
}

TEST(number_format, general_matches_printf_across_magnitudes) {
  for (int digits : {1, 2, 6, 17})
    for (double x = 1.234567890123e-9; x < 1e25; x *= 7.3) {
      EXPECT_EQ(general(x, digits), printf_text("%.*g", digits, x)) << x;
      EXPECT_EQ(general(-x, digits), printf_text("%.*g", digits, -x)) << x;
      EXPECT_EQ(fixed(x, digits), printf_text("%.*f", digits, x)) << x;
    }
}

TEST(number_format, shortest_reads_back_and_is_plain_in_the_middle) {
  constexpr double max = std::numeric_limits<double>::max();
  expect_texts(shortest,
               {{0, "0"}, {-0.0, "-0"}, {1, "1"}, {0.1, "0.1"},
                {0.1 + 0.2, "0.30000000000000004"},
                {1.0000000000000002, "1.0000000000000002"}, {-2.5, "-2.5"},
                {1e6, "1000000"}, {0.0001, "0.0001"},
                {123456789012345.6, "123456789012345.6"}, {1e15, "1e+15"},
                {0.00001, "1e-05"}, {1.5e-7, "1.5e-07"}, {1e100, "1e+100"},
                {max, "1.7976931348623157e+308"},
                {-max, "-1.7976931348623157e+308"}});
}

} // namespace
} // namespace throng::protocol
