// Tests of the names of violation classes.

#include "model/violation_class.hpp"

#include <gtest/gtest.h>

using namespace throng::model;

TEST(violation_class, violation_class_names) {
  EXPECT_EQ(to_string(violation_class::stale_read), "stale_read");
  EXPECT_EQ(to_string(violation_class::corrupt_content), "corrupt_content");
  EXPECT_EQ(to_string(violation_class::missing_note), "missing_note");
  EXPECT_EQ(to_string(violation_class::unexpected_note), "unexpected_note");
  EXPECT_EQ(to_string(violation_class::isolation_breach), "isolation_breach");
}

TEST(violation_class, parse_violation_class) {
  for (std::size_t i = 0; i < violation_class_count; ++i) {
    auto v = static_cast<violation_class>(i);
    EXPECT_EQ(parse_violation_class(to_string(v)), v);
  }
  EXPECT_EQ(parse_violation_class(""), std::nullopt);
  EXPECT_EQ(parse_violation_class("stale"), std::nullopt);
  EXPECT_EQ(parse_violation_class("Stale_read"), std::nullopt);
}
