// Tests of parse_url and to_string: ports by scheme, IPv6 hosts, prefixes, and
// the URLs it rejects.

#include "http/url.hpp"

#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

using namespace throng::http;

namespace {

url parsed(const std::string& text) {
  auto u = parse_url(text);
  EXPECT_TRUE(u.has_value()) << text << ": " << u.error().message;
  return u ? *u : url{};
}

using parser = decltype(&parse_url);

/// How a refusal's message must match: all of it, or a part.
enum class match { whole, part };

/// A text a parser must refuse, and the message it must give.
struct refusal {
  std::string text;
  std::string message;
  match how = match::whole;
};

/// Checks that `parse` refuses each of `cases` with its message.
void expect_refused(std::initializer_list<refusal> cases, parser parse = parse_url) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto u = parse(c.text);
    EXPECT_FALSE(u.has_value()) << "accepted";
    if (u)
      continue;
    const auto& message = u.error().message;
    if (c.how == match::whole) {
      EXPECT_EQ(message, c.message);
    } else {
      EXPECT_NE(message.find(c.message), std::string::npos) << message;
    }
  }
}

} // namespace

TEST(url, plain_host_gets_port_80) {
  auto u = parsed("http://example.com");
  EXPECT_FALSE(u.tls);
  EXPECT_EQ(u.host, "example.com");
  EXPECT_EQ(u.port, 80);
  EXPECT_EQ(u.base_path, "");
}

TEST(url, https_gets_port_443) {
  auto u = parsed("https://example.com/");
  EXPECT_TRUE(u.tls);
  EXPECT_EQ(u.port, 443);
  EXPECT_EQ(u.base_path, "");
}

TEST(url, explicit_port_and_prefix) {
  auto u = parsed("http://127.0.0.1:8080/api/v0/");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 8080);
  EXPECT_EQ(u.base_path, "/api/v0");
}

TEST(url, scheme_is_case_insensitive) {
  EXPECT_TRUE(parsed("HTTPS://h").tls);
  EXPECT_FALSE(parsed("Http://h").tls);
}

TEST(url, bracketed_ipv6_host) {
  auto u = parsed("http://[::1]:9000/x");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, 9000);
  EXPECT_EQ(to_string(u), "http://[::1]:9000/x");
}

TEST(url, to_string_spells_out_the_port) {
  EXPECT_EQ(to_string(parsed("https://h.example/p/")), "https://h.example:443/p");
  EXPECT_EQ(to_string(parsed("http://h:81")), "http://h:81");
}

TEST(url, rejects_other_schemes) {
  expect_refused({{"ftp://h", "unsupported scheme 'ftp'"},
                  {"example.com:80", "missing scheme", match::part}});
}

TEST(url, rejects_an_empty_host) {
  expect_refused({{"http://", "empty host", match::part},
                  {"http://:80/x", "empty host", match::part},
                  {"http://[]:80", "empty host", match::part}});
}

TEST(url, rejects_bad_ports) {
  expect_refused({{"http://h:0", "bad port '0'"},
                  {"http://h:65536", "bad port '65536'"},
                  {"http://h:99999", "bad port '99999'"},
                  {"http://h:8o", "bad port '8o'"},
                  {"http://h:", "bad port ''"},
                  {"http://h:-1", "bad port '-1'"},
                  {"http://h:1:2", "bad port '1:2'"}});
}

TEST(url, rejects_user_info) {
  expect_refused({{"http://user:pw@h/", "user info", match::part}});
}

TEST(url, rejects_query_and_fragment) {
  expect_refused({{"http://h/x?a=1", "query or fragment", match::part},
                  {"http://h#top", "query or fragment", match::part}});
}

TEST(url, rejects_bad_hosts_and_paths) {
  expect_refused({{"http://h!st/", "bad host 'h!st'"},
                  {"http://[::1/", "unclosed", match::part},
                  {"http://[::1]x/", "bad host '[::1]x'"},
                  {"http://h/a b", "bad character in path '/a b'"}});
}

TEST(url, host_port_is_a_url_without_scheme_or_path) {
  auto u = parse_host_port("127.0.0.1:9464");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 9464);
  EXPECT_EQ(u->base_path, "");
  EXPECT_EQ(to_string(*u), "http://127.0.0.1:9464");
  u = parse_host_port("localhost:1");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "localhost");
  u = parse_host_port("[::1]:65535");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 65535);
}

TEST(url, host_port_needs_both_parts) {
  expect_refused({{"nonsense", "expected HOST:PORT, got 'nonsense'"},
                  {":9464", "expected HOST:PORT, got ':9464'"},
                  {"[::1]", "expected HOST:PORT, got '[::1]'"},
                  {"[]:80", "expected HOST:PORT, got '[]:80'"},
                  {"", "expected HOST:PORT, got ''"},
                  // Unbracketed IPv6 is ambiguous: the first colon ends the host.
                  {"::1:9464", "expected HOST:PORT, got '::1:9464'"},
                  {"127.0.0.1:99999", "bad port '99999'"},
                  {"127.0.0.1:0", "bad port '0'"},
                  {"127.0.0.1:", "bad port ''"},
                  {"h:80/x", "bad port '80/x'"},
                  {"user@h:80", "bad host 'user@h'"},
                  {"http://h:80", "bad port '//h:80'"},
                  {"[::1:80", "unclosed", match::part}},
                 [](std::string_view text) { return parse_host_port(text); });
}

TEST(url, host_port_may_leave_the_port_to_the_listener) {
  auto u = parse_host_port("127.0.0.1:0", true);
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 0);
  EXPECT_FALSE(parse_host_port("127.0.0.1:00", true));
  EXPECT_FALSE(parse_host_port("127.0.0.1:", true));
}
