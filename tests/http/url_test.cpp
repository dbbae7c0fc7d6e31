// Tests of parse_url and to_string: ports by scheme, IPv6 hosts, prefixes, and
// the URLs it rejects.

#include "http/url.hpp"

#include <string>

#include <gtest/gtest.h>

using namespace throng::http;

namespace {

url parsed(const std::string& text) {
  auto u = parse_url(text);
  EXPECT_TRUE(u.has_value()) << text << ": " << u.error().message;
  return u ? *u : url{};
}

std::string error_of(const std::string& text) {
  auto u = parse_url(text);
  EXPECT_FALSE(u.has_value()) << text << " was accepted";
  return u ? std::string{} : u.error().message;
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
  EXPECT_EQ(error_of("ftp://h"), "unsupported scheme 'ftp'");
  EXPECT_NE(error_of("example.com:80").find("missing scheme"),
            std::string::npos);
}

TEST(url, rejects_an_empty_host) {
  EXPECT_NE(error_of("http://").find("empty host"), std::string::npos);
  EXPECT_NE(error_of("http://:80/x").find("empty host"), std::string::npos);
  EXPECT_NE(error_of("http://[]:80").find("empty host"), std::string::npos);
}

TEST(url, rejects_bad_ports) {
  EXPECT_EQ(error_of("http://h:0"), "bad port '0'");
  EXPECT_EQ(error_of("http://h:65536"), "bad port '65536'");
  EXPECT_EQ(error_of("http://h:99999"), "bad port '99999'");
  EXPECT_EQ(error_of("http://h:8o"), "bad port '8o'");
  EXPECT_EQ(error_of("http://h:"), "bad port ''");
  EXPECT_EQ(error_of("http://h:-1"), "bad port '-1'");
  EXPECT_EQ(error_of("http://h:1:2"), "bad port '1:2'");
}

TEST(url, rejects_user_info) {
  EXPECT_NE(error_of("http://user:pw@h/").find("user info"), std::string::npos);
}

TEST(url, rejects_query_and_fragment) {
  EXPECT_NE(error_of("http://h/x?a=1").find("query or fragment"),
            std::string::npos);
  EXPECT_NE(error_of("http://h#top").find("query or fragment"),
            std::string::npos);
}

TEST(url, rejects_bad_hosts_and_paths) {
  EXPECT_EQ(error_of("http://h!st/"), "bad host 'h!st'");
  EXPECT_NE(error_of("http://[::1/").find("unclosed"), std::string::npos);
  EXPECT_EQ(error_of("http://[::1]x/"), "bad host '[::1]x'");
  EXPECT_EQ(error_of("http://h/a b"), "bad character in path '/a b'");
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
  auto error = [](const std::string& text) {
    auto u = parse_host_port(text);
    EXPECT_FALSE(u) << text << " was accepted";
    return u ? std::string{} : u.error().message;
  };
  EXPECT_EQ(error("nonsense"), "expected HOST:PORT, got 'nonsense'");
  EXPECT_EQ(error(":9464"), "expected HOST:PORT, got ':9464'");
  EXPECT_EQ(error("[::1]"), "expected HOST:PORT, got '[::1]'");
  EXPECT_EQ(error("[]:80"), "expected HOST:PORT, got '[]:80'");
  EXPECT_EQ(error(""), "expected HOST:PORT, got ''");
  // Unbracketed IPv6 is ambiguous: the first colon ends the host.
  EXPECT_EQ(error("::1:9464"), "expected HOST:PORT, got '::1:9464'");
  EXPECT_EQ(error("127.0.0.1:99999"), "bad port '99999'");
  EXPECT_EQ(error("127.0.0.1:0"), "bad port '0'");
  EXPECT_EQ(error("127.0.0.1:"), "bad port ''");
  EXPECT_EQ(error("h:80/x"), "bad port '80/x'");
  EXPECT_EQ(error("user@h:80"), "bad host 'user@h'");
  EXPECT_EQ(error("http://h:80"), "bad port '//h:80'");
  EXPECT_NE(error("[::1:80").find("unclosed"), std::string::npos);
}
