// Tests of the names of error kinds and of describe_failure.

#include "model/error_kind.hpp"

#include <gtest/gtest.h>

using namespace throng::model;

TEST(error_kind, error_kind_names) {
  EXPECT_EQ(to_string(error_kind::connect), "connect");
  EXPECT_EQ(to_string(error_kind::timeout), "timeout");
  EXPECT_EQ(to_string(error_kind::reset), "reset");
  EXPECT_EQ(to_string(error_kind::status_4xx), "status_4xx");
  EXPECT_EQ(to_string(error_kind::status_5xx), "status_5xx");
  EXPECT_EQ(to_string(error_kind::protocol), "protocol");
  EXPECT_EQ(to_string(error_kind::malformed), "malformed");
}

TEST(error_kind, failures_are_described_as_a_user_reads_them) {
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
