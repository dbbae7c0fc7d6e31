// Tests for http/response_reader: what it keeps of an answer, fed whole or
// in pieces, and the limits and errors of Beast's parser under it.

#include "http/response_reader.hpp"

#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <gtest/gtest.h>

namespace throng::http {
namespace {

namespace bhttp = boost::beast::http;

// Feeds `bytes` to `r` `step` bytes at a time as a socket might bring them,
// keeping what the parser did not take for the next piece, as
// pool_connection does. Returns the first error other than need_more.
boost::beast::error_code feed(response_reader& r, std::string_view bytes,
                              std::size_t step) {
  std::string held;
  for (std::size_t at = 0; at < bytes.size() && !r.is_done(); at += step) {
    held += bytes.substr(at, step);
    while (!held.empty() && !r.is_done()) {
      boost::beast::error_code ec;
      const auto used = r.put(boost::asio::buffer(held), ec);
      held.erase(0, used);
      if (ec == bhttp::error::need_more)
        break;
      if (ec)
        return ec;
      if (used == 0)
        break;
    }
  }
  return {};
}

constexpr std::string_view answer =
  "HTTP/1.1 201 Created\r\n"
  "content-type: application/json\r\n"
  "x-shard: s1\r\n"
  "Set-Cookie: other=1; Path=/\r\n"
  "Set-Cookie: sid=abc123; HttpOnly\r\n"
  "Content-Length: 13\r\n"
  "\r\n"
  "{\"id\":\"n-1\"}\n";

TEST(response_reader, keeps_status_shard_session_and_body) {
  request_style style;
  style.session_cookie = "sid";
  for (std::size_t step : {answer.size(), std::size_t{1}, std::size_t{7}}) {
    response_reader r{style};
    r.eager(true);
    EXPECT_FALSE(feed(r, answer, step)) << "step " << step;
    ASSERT_TRUE(r.is_done()) << "step " << step;
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.shard, "s1");
    EXPECT_EQ(r.session, "abc123");
    EXPECT_EQ(r.body, "{\"id\":\"n-1\"}\n");
    EXPECT_TRUE(r.keep_alive());
  }
}

TEST(response_reader, reads_nothing_the_style_does_not_name) {
  request_style style;
  style.shard_header.clear();
  response_reader r{style};
  r.eager(true);
  EXPECT_FALSE(feed(r, answer, answer.size()));
  ASSERT_TRUE(r.is_done());
  EXPECT_EQ(r.shard, "");
  EXPECT_EQ(r.session, "");
}

TEST(response_reader, stops_after_the_header_unless_eager) {
  request_style style;
  response_reader r{style};
  boost::beast::error_code ec;
  const auto used = r.put(boost::asio::buffer(answer.data(), answer.size()), ec);
  EXPECT_FALSE(ec);
  EXPECT_TRUE(r.is_header_done());
  EXPECT_FALSE(r.is_done());
  EXPECT_EQ(used, answer.find("\r\n\r\n") + 4);
  EXPECT_EQ(r.content_length().value_or(0), 13U);
}

TEST(response_reader, joins_a_chunked_body) {
  request_style style;
  response_reader r{style};
  r.eager(true);
  const std::string chunked =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "4\r\n[1,2\r\n3\r\n,3]\r\n0\r\n\r\n";
  EXPECT_FALSE(feed(r, chunked, 5));
  ASSERT_TRUE(r.is_done());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[1,2,3]");
}

TEST(response_reader, a_body_to_the_end_of_the_stream_ends_with_put_eof) {
  request_style style;
  response_reader r{style};
  r.eager(true);
  EXPECT_FALSE(feed(r, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it", 4));
  EXPECT_FALSE(r.is_done());
  boost::beast::error_code ec;
  r.put_eof(ec);
  EXPECT_FALSE(ec);
  ASSERT_TRUE(r.is_done());
  EXPECT_EQ(r.body, "all of it");
  EXPECT_FALSE(r.keep_alive());
}

TEST(response_reader, refuses_what_its_limits_do_not_allow) {
  request_style style;
  {
    response_reader r{style};
    r.header_limit(32);
    EXPECT_EQ(feed(r, answer, answer.size()), bhttp::error::header_limit);
  }
  {
    response_reader r{style};
    r.body_limit(12);
    EXPECT_EQ(feed(r, answer, answer.size()), bhttp::error::body_limit);
  }
  {
    response_reader r{style};
    EXPECT_EQ(feed(r, "HTTP/1.1 2x0 OK\r\n\r\n", 64), bhttp::error::bad_status);
  }
}

} // namespace
} // namespace throng::http
