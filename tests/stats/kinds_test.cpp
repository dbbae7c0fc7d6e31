// Tests of the names of error kinds and violation classes, and of
// describe_failure.

#include "stats/kinds.hpp"

#include <gtest/gtest.h>

using namespace throng::stats;

TEST(kinds, error_kind_names) {
  EXPECT_EQ(to_string(error_kind::connect), "connect");
  EXPECT_EQ(to_string(error_kind::timeout), "timeout");
  EXPECT_EQ(to_string(error_kind::reset), "reset");
  EXPECT_EQ(to_string(error_kind::status_4xx), "status_4xx");
  EXPECT_EQ(to_string(error_kind::status_5xx), "status_5xx");
  EXPECT_EQ(to_string(error_kind::protocol), "protocol");
  EXPECT_EQ(to_string(error_kind::malformed), "malformed");
}

TEST(kinds, failures_are_described_as_a_user_reads_them) {
  EXPECT_EQ(describe_failure(error_kind::status_4xx, 404), "answered 404");
  EXPECT_EQ(describe_failure(error_kind::malformed, 200),
            "answered 200 with a malformed body");
  EXPECT_EQ(describe_failure(error_kind::connect, 0), "could not connect");
  EXPECT_EQ(describe_failure(error_kind::timeout, 0), "timed out");
  EXPECT_EQ(describe_failure(error_kind::protocol, 302),
            "answered 302, a status the API does not use");
  EXPECT_EQ(describe_failure(error_kind::protocol, 0),
            "got an answer that is not valid HTTP, or too large");
}

TEST(kinds, violation_class_names) {
  EXPECT_EQ(to_string(violation_class::stale_read), "stale_read");
  EXPECT_EQ(to_string(violation_class::corrupt_content), "corrupt_content");
  EXPECT_EQ(to_string(violation_class::missing_note), "missing_note");
  EXPECT_EQ(to_string(violation_class::unexpected_note), "unexpected_note");
  EXPECT_EQ(to_string(violation_class::isolation_breach), "isolation_breach");
}

TEST(kinds, parse_violation_class) {
  for (std::size_t i = 0; i < violation_class_count; ++i) {
    auto v = static_cast<violation_class>(i);
    EXPECT_EQ(parse_violation_class(to_string(v)), v);
  }
  EXPECT_EQ(parse_violation_class(""), std::nullopt);
  EXPECT_EQ(parse_violation_class("stale"), std::nullopt);
  EXPECT_EQ(parse_violation_class("Stale_read"), std::nullopt);
}
