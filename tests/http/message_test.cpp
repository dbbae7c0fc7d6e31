// Tests of http/message.hpp: method and failure names, the header check,
// now_ns(), the default response.

#include "http/message.hpp"

#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>

using namespace throng::http;

TEST(message, method_names) {
  EXPECT_EQ(to_string(method::get), "GET");
  EXPECT_EQ(to_string(method::post), "POST");
  EXPECT_EQ(to_string(method::put), "PUT");
  EXPECT_EQ(to_string(method::del), "DELETE");
}

TEST(message, header_safe_refuses_controls_space_and_del_anywhere) {
  EXPECT_TRUE(header_safe(""));
  EXPECT_TRUE(header_safe("/v1/accounts/a-1/notes/n-2?x=%20"));
  EXPECT_TRUE(header_safe("caf\xc3\xa9-\xff"));
  for (std::size_t at = 0; at < 20; ++at)
    for (char bad : {'\0', '\t', '\r', '\n', ' ', '\x1f', '\x7f'}) {
      std::string s(20, 'a');
      s[at] = bad;
      EXPECT_FALSE(header_safe(s)) << "byte " << int(bad) << " at " << at;
    }
}

// Against its byte-by-byte definition, for any string.
TEST(message, header_safe_is_its_byte_by_byte_definition) {
  const bool ok = rc::check([](const std::string& s) {
    bool safe = true;
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      safe = safe && u > 0x20 && u != 0x7f;
    }
    RC_ASSERT(header_safe(s) == safe);
  });
  EXPECT_TRUE(ok);
}

TEST(message, failure_names) {
  EXPECT_EQ(to_string(failure::none), "none");
  EXPECT_EQ(to_string(failure::connect), "connect");
  EXPECT_EQ(to_string(failure::timeout), "timeout");
  EXPECT_EQ(to_string(failure::reset), "reset");
  EXPECT_EQ(to_string(failure::protocol), "protocol");
}

TEST(message, now_ns_is_steady) {
  auto a = now_ns();
  auto b = now_ns();
  EXPECT_GT(a, 0);
  EXPECT_LE(a, b);
}

TEST(message, default_response_is_an_empty_answer) {
  response r;
  EXPECT_EQ(r.error, failure::none);
  EXPECT_EQ(r.sent_ns, 0);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.shard.empty());
}
