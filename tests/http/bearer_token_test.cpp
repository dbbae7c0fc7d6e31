// Tests of bearer_token: the token of an Authorization header value.

#include "http/bearer_token.hpp"

#include <initializer_list>

#include <gtest/gtest.h>

namespace throng::http {
namespace {

TEST(bearer_token, is_what_follows_the_scheme) {
  EXPECT_EQ(bearer_token("Bearer abc.def"), "abc.def");
}

TEST(bearer_token, takes_the_scheme_in_any_case_and_drops_spaces) {
  for (const char* header : {"bearer abc", "BEARER abc", "Bearer   abc  "})
    EXPECT_EQ(bearer_token(header), "abc") << header;
}

TEST(bearer_token, is_empty_without_one) {
  for (const char* header : {"", "Bearer", "Bearer ", "Bearer    ", "Basic abc", "Bearerabc",
                             "Bearer\xff" "abc"})
    EXPECT_EQ(bearer_token(header), "") << header;
}

} // namespace
} // namespace throng::http
