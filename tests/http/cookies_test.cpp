// Tests of cookies: reading Cookie and Set-Cookie values, checking values
// and names.

#include "http/cookies.hpp"

#include <initializer_list>

#include <gtest/gtest.h>

namespace throng::http {
namespace {

TEST(cookie_value, finds_a_cookie_among_others) {
  EXPECT_EQ(cookie_value("a=1; sid=a3.f00d; b=2", "sid"), "a3.f00d");
  EXPECT_EQ(cookie_value("sid=x", "sid"), "x");
  EXPECT_EQ(cookie_value("  sid = x ;b=2", "sid"), "x");
}

TEST(cookie_value, takes_the_first_of_two_and_an_empty_value) {
  EXPECT_EQ(cookie_value("sid=one; sid=two", "sid"), "one");
  EXPECT_EQ(cookie_value("sid=; b=2", "sid"), "");
}

TEST(cookie_value, is_nullopt_when_absent_or_named_otherwise) {
  for (const char* header : {"", "a=1", "SID=x", "sidx=1", "sid", "; ;"})
    EXPECT_FALSE(cookie_value(header, "sid")) << header;
}

TEST(set_cookie_value, reads_the_cookie_set_before_its_attributes) {
  EXPECT_EQ(set_cookie_value("sid=a1.beef; Path=/; HttpOnly", "sid"), "a1.beef");
  EXPECT_EQ(set_cookie_value("sid=v", "sid"), "v");
  EXPECT_EQ(set_cookie_value("sid=; Max-Age=0", "sid"), "");
}

TEST(set_cookie_value, is_nullopt_for_another_cookie_or_no_pair) {
  for (const char* header : {"other=1; sid=2", "sid", "", "Path=/; sid=1"})
    EXPECT_FALSE(set_cookie_value(header, "sid")) << header;
}

TEST(cookie_safe, accepts_cookie_octets_only) {
  EXPECT_TRUE(cookie_safe("a3.0123abcdef-_~!"));
  EXPECT_TRUE(cookie_safe(""));
  for (const char* value : {"a b", "a;b=1", "a,b", "a\"b", "a\\b", "a\r\nb", "\x7f", "\xc3\xa9"})
    EXPECT_FALSE(cookie_safe(value)) << value;
}

TEST(token_valid, accepts_header_and_cookie_names) {
  for (const char* name : {"X-Backend", "sid", "X_Api.Token!", "X-Api-Token",
                           "a!#$%&'*+-.^_`|~9"})
    EXPECT_TRUE(token_valid(name)) << name;
  for (const char* name : {"", "X Backend", "a:b", "a\nb", "(sid)", "a=b", "a\"b",
                           "caf\xC3\xA9", "a\tb"})
    EXPECT_FALSE(token_valid(name)) << name;
}

} // namespace
} // namespace throng::http
