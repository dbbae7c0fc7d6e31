// client_pool over TLS. A certificate the client cannot verify makes the
// handshake fail, which the pool reports as failure::connect: the request
// was never sent.

#include "http/client_pool.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/http/answer_log.hpp"
#include "tests/http/scripted_server.hpp"
#include "tests/http/test_certificate.hpp"
#include "tests/temp_dir.hpp"

using namespace throng::http;
using namespace std::chrono_literals;
using test::call;
using test::scripted_server;

namespace {

scripted_server::script ok_json() {
  return [](const scripted_server::received&) {
    return scripted_server::reply{
      scripted_server::response(200, R"({"status":"ok"})", "s0")};
  };
}

client_options options_for(const std::string& host, std::uint16_t port,
                           bool insecure) {
  client_options opts;
  opts.target = *parse_url("https://" + host + ":" + std::to_string(port));
  opts.connections = 1;
  opts.timeout = 5s;
  opts.insecure = insecure;
  return opts;
}

request get() {
  request r;
  r.target = "/healthz";
  return r;
}

// Makes `identity` the only extra trust anchor of the pools created while
// it lives, through OpenSSL's SSL_CERT_FILE (read when a pool is created).
class trusted_certificate {
public:
  explicit trusted_certificate(const test::tls_identity& identity)
    : path_(dir_ / "trusted.pem") {
    std::ofstream{path_} << identity.certificate_pem;
    ::setenv("SSL_CERT_FILE", path_.c_str(), 1);
  }

  ~trusted_certificate() {
    ::unsetenv("SSL_CERT_FILE");
  }

  trusted_certificate(const trusted_certificate&) = delete;
  trusted_certificate& operator=(const trusted_certificate&) = delete;

private:
  throng::testing::temp_dir dir_;
  std::string path_;
};

} // namespace

TEST(client_pool_tls, insecure_client_accepts_a_self_signed_certificate) {
  auto identity = test::make_self_signed("DNS:localhost,IP:127.0.0.1");
  ASSERT_FALSE(identity.certificate_pem.empty());
  scripted_server server{ok_json(), identity};
  auto pool = client_pool::create(options_for("127.0.0.1", server.port(), true));
  ASSERT_TRUE(pool.has_value()) << pool.error().message;
  for (int i = 0; i < 2; ++i) {
    auto r = call(**pool, get());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->error, failure::none);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"status":"ok"})");
    EXPECT_EQ(r->shard, "s0");
  }
  EXPECT_EQ(server.accepts(), 1u);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].sni, ""); // an IP address is never sent as SNI
}

TEST(client_pool_tls, verifying_client_rejects_an_untrusted_certificate) {
  auto identity = test::make_self_signed("DNS:localhost,IP:127.0.0.1");
  ASSERT_FALSE(identity.certificate_pem.empty());
  scripted_server server{ok_json(), identity};
  auto pool = client_pool::create(options_for("127.0.0.1", server.port(), false));
  ASSERT_TRUE(pool.has_value()) << pool.error().message;
  auto r = call(**pool, get());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::connect);
  EXPECT_EQ(r->sent_ns, 0);
  EXPECT_TRUE(server.requests().empty());
}

TEST(client_pool_tls, verifying_client_accepts_a_trusted_certificate) {
  auto identity = test::make_self_signed("DNS:localhost,IP:127.0.0.1");
  ASSERT_FALSE(identity.certificate_pem.empty());
  scripted_server server{ok_json(), identity};
  auto pool = [&] {
    trusted_certificate trust{identity};
    return client_pool::create(options_for("localhost", server.port(), false));
  }();
  ASSERT_TRUE(pool.has_value()) << pool.error().message;
  auto r = call(**pool, get());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::none);
  EXPECT_EQ(r->status, 200);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].sni, "localhost");
  auto host = "\r\nHost: localhost:" + std::to_string(server.port()) + "\r\n";
  EXPECT_NE(seen[0].head.find(host), std::string::npos) << seen[0].head;
}

TEST(client_pool_tls, verifying_client_checks_the_host_name) {
  auto identity = test::make_self_signed("DNS:other.example");
  ASSERT_FALSE(identity.certificate_pem.empty());
  scripted_server server{ok_json(), identity};
  auto pool = [&] {
    trusted_certificate trust{identity};
    return client_pool::create(options_for("127.0.0.1", server.port(), false));
  }();
  ASSERT_TRUE(pool.has_value()) << pool.error().message;
  auto r = call(**pool, get());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::connect);
  EXPECT_TRUE(server.requests().empty());
}

// The plain server waits for a request that never comes; the handshake runs
// out of time, which still counts as not connected.
TEST(client_pool_tls, plain_server_makes_the_handshake_fail) {
  scripted_server server{ok_json()};
  auto opts = options_for("127.0.0.1", server.port(), true);
  opts.timeout = 300ms;
  auto pool = client_pool::create(opts);
  ASSERT_TRUE(pool.has_value()) << pool.error().message;
  auto r = call(**pool, get());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::connect);
}
