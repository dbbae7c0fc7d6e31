// Tests of bearer_token: the token of an Authorization header value.

#include "http/bearer_token.hpp"

#include <gtest/gtest.h>

namespace throng::http {
namespace {

TEST(bearer_token, is_what_follows_the_scheme) {
  EXPECT_EQ(bearer_token("Bearer abc.def"), "abc.def");
}

TEST(bearer_token, takes_the_scheme_in_any_case_and_drops_spaces) {
  EXPECT_EQ(bearer_token("bearer abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER abc"), "abc");
  EXPECT_EQ(bearer_token("Bearer   abc  "), "abc");
}

TEST(bearer_token, is_empty_without_one) {
  EXPECT_EQ(bearer_token(""), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token("Bearer "), "");
  EXPECT_EQ(bearer_token("Bearer    "), "");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearerabc"), "");
  EXPECT_EQ(bearer_token("Bearer\xff" "abc"), "");
}

} // namespace
} // namespace throng::http
