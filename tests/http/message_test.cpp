// Tests of http/message.hpp: method and failure names, now_ns(), the default
// response.

#include "http/message.hpp"

#include <gtest/gtest.h>

using namespace throng::http;

TEST(message, method_names) {
  EXPECT_EQ(to_string(method::get), "GET");
  EXPECT_EQ(to_string(method::post), "POST");
  EXPECT_EQ(to_string(method::put), "PUT");
  EXPECT_EQ(to_string(method::del), "DELETE");
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
