// Tests of the decimal text of numbers against what printf writes.

#include "protocol/number_format.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <initializer_list>
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

// One expected text: `x` written with `digits` (decimals for fixed,
// significant digits for general).
struct text_case {
  double x;
  int digits;
  const char* text;
};

void expect_fixed(std::initializer_list<text_case> cases) {
  for (const auto& c : cases)
    EXPECT_EQ(fixed(c.x, c.digits), c.text) << c.x << " to " << c.digits << " decimals";
}

TEST(number_format, fixed_rounds_to_the_decimals_asked) {
  expect_fixed({
    {12.3456, 2, "12.35"},
    {2.5e6, 0, "2500000"},
    {0, 2, "0.00"},
    {0.125, 2, "0.12"}, // exactly half: to even, as printf
    {0.375, 2, "0.38"},
    {2.5, 0, "2"},
    {1.005, 2, "1.00"}, // 1.005 is a hair below in binary
  });
}

TEST(number_format, fixed_keeps_the_sign_of_negatives_and_of_zero) {
  expect_fixed({
    {-1.004, 2, "-1.00"},
    {-0.04, 1, "-0.0"},
    {-0.0, 3, "-0.000"},
    {-1234.5678, 1, "-1234.6"},
  });
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
  for (const auto& [x, text] : {std::pair{inf, "inf"}, {-inf, "-inf"}, {nan, "nan"}}) {
    EXPECT_EQ(fixed(x, 2), text);
    EXPECT_EQ(shortest(x), text);
  }
}

TEST(number_format, general_is_printf_g) {
  const std::pair<double, const char*> six_digits[] = {
    {0.25, "0.25"},
    {1e6, "1e+06"},
    {123456, "123456"},
    {1234567, "1.23457e+06"},
    {0.0001, "0.0001"},
    {0.00001, "1e-05"},
    {1.5e-7, "1.5e-07"},
    {-2.5, "-2.5"},
    {0, "0"},
    {1200.5, "1200.5"},
  };
  for (const auto& [x, text] : six_digits)
    EXPECT_EQ(general(x), text) << x;
  for (const auto& c : std::initializer_list<text_case>{
         {0.1, 17, "0.10000000000000001"},
         {7.25, 2, "7.2"},
         {7.35, 2, "7.3"}, // 7.35 is a hair below in binary
         {1e100, 17, "1e+100"},
       })
    EXPECT_EQ(general(c.x, c.digits), c.text) << c.x << " to " << c.digits << " digits";
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
  const std::pair<double, const char*> cases[] = {
    {0, "0"},
    {-0.0, "-0"},
    {1, "1"},
    {0.1, "0.1"},
    {0.1 + 0.2, "0.30000000000000004"},
    {1.0000000000000002, "1.0000000000000002"},
    {-2.5, "-2.5"},
    {1e6, "1000000"},
    {0.0001, "0.0001"},
    {123456789012345.6, "123456789012345.6"},
    {1e15, "1e+15"},
    {0.00001, "1e-05"},
    {1.5e-7, "1.5e-07"},
    {1e100, "1e+100"},
    {std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
    {-std::numeric_limits<double>::max(), "-1.7976931348623157e+308"},
  };
  for (const auto& [x, text] : cases)
    EXPECT_EQ(shortest(x), text) << x;
}

} // namespace
} // namespace throng::protocol
