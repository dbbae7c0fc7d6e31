// Tests of fleet/node_transport: the checks of the TLS files, the time limit
// on reaching a node, and what CAF 0.17.6's OpenSSL module lets through
// between two actor systems of this process over loopback, with
// certificates made in the test.

#include "fleet/node_transport.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <caf/all.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/remote_actor.hpp>
#include <gtest/gtest.h>

#include "fleet/fleet_config.hpp"
#include "tests/fleet/test_certificates.hpp"
#include "tests/temp_dir.hpp"

namespace throng::fleet {
namespace {

using part = tls_error::part;

bool names(const std::optional<tls_error>& e, const std::string& text) {
  return e && e->message.find(text) != std::string::npos;
}

/// Writes `text` to the file `name` in `tmp`; returns its path.
std::string written(const testing::temp_dir& tmp, const std::string& name,
                    const std::string& text) {
  const auto path = tmp / name;
  std::ofstream{path} << text;
  return path;
}

TEST(check_tls_files, takes_a_matching_set_and_no_files_at_all) {
  testing::test_ca ca{"check-ok"};
  EXPECT_FALSE(check_tls_files(ca.issue("node", ca.cert_file())));
  EXPECT_FALSE(check_tls_files(tls_files{}));
}

TEST(check_tls_files, refuses_a_partial_set_naming_the_missing_file) {
  testing::test_ca ca{"check-partial"};
  auto f = ca.issue("node", ca.cert_file());
  auto no_key = f;
  no_key.key.clear();
  auto e = check_tls_files(no_key);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->which, part::key);
  EXPECT_TRUE(names(e, "no key file")) << e->message;
  auto only_cert = tls_files{f.cert, {}, {}};
  EXPECT_EQ(check_tls_files(only_cert)->which, part::key);
  auto no_cert = tls_files{{}, f.key, f.ca};
  EXPECT_EQ(check_tls_files(no_cert)->which, part::cert);
  auto no_ca = tls_files{f.cert, f.key, {}};
  EXPECT_EQ(check_tls_files(no_ca)->which, part::ca);
}

TEST(check_tls_files, names_a_file_that_does_not_exist_or_holds_no_pem) {
  testing::test_ca ca{"check-missing"};
  const auto f = ca.issue("node", ca.cert_file());
  testing::temp_dir tmp;
  const auto gone = tmp / "no-such-file.pem";
  const auto junk = written(tmp, "junk.pem", "not a certificate\n");
  for (auto [which, files] : {std::pair{part::cert, tls_files{gone, f.key, f.ca}},
                              std::pair{part::key, tls_files{f.cert, gone, f.ca}},
                              std::pair{part::ca, tls_files{f.cert, f.key, gone}}}) {
    auto e = check_tls_files(files);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->which, which);
    EXPECT_TRUE(names(e, gone + ": cannot be read")) << e->message;
  }
  for (auto [which, files] : {std::pair{part::cert, tls_files{junk, f.key, f.ca}},
                              std::pair{part::key, tls_files{f.cert, junk, f.ca}},
                              std::pair{part::ca, tls_files{f.cert, f.key, junk}}}) {
    auto e = check_tls_files(files);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->which, which);
    EXPECT_TRUE(names(e, junk + ": holds no")) << e->message;
  }
  // A key is not a certificate.
  EXPECT_EQ(check_tls_files(tls_files{f.key, f.key, f.ca})->which, part::cert);
}

TEST(check_tls_files, refuses_the_key_of_another_certificate) {
  testing::test_ca ca{"check-mismatch"};
  auto a = ca.issue("a", ca.cert_file());
  auto b = ca.issue("b", ca.cert_file());
  auto e = check_tls_files(tls_files{a.cert, b.key, a.ca});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->which, part::key);
  EXPECT_TRUE(names(e, b.key + ": the key does not belong to the certificate in " + a.cert))
    << e->message;
}

TEST(check_tls_files, refuses_an_encrypted_key_without_asking_for_its_passphrase) {
  testing::test_ca ca{"check-encrypted"};
  auto f = ca.issue("node", ca.cert_file());
  testing::temp_dir tmp;
  const auto locked = tmp / "locked.pem";
  testing::test_ca::write_encrypted_key(f, locked, "a passphrase");
  auto e = check_tls_files(tls_files{f.cert, locked, f.ca});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->which, part::key);
  EXPECT_TRUE(names(e, locked + ": holds no unencrypted PEM private key")) << e->message;
}

TEST(check_tls_files, refuses_an_expired_certificate) {
  testing::test_ca ca{"check-expired"};
  testing::leaf_options o;
  o.expired = true;
  auto f = ca.issue("node", ca.cert_file(), o);
  auto e = check_tls_files(f);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->which, part::cert);
  EXPECT_TRUE(names(e, "expired")) << e->message;
}

TEST(is_loopback_host, knows_loopback_addresses) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.3.2.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("::"));
  EXPECT_FALSE(is_loopback_host("10.1.2.3"));
  EXPECT_FALSE(is_loopback_host("128.0.0.1"));
  EXPECT_FALSE(is_loopback_host("example.org"));
}

/// An actor system of a fleet's node, with `tls` (none: in the clear).
struct node_system {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;

  explicit node_system(const tls_files& tls) {
    configure_fleet_system(cfg, 1);
    configure_node_transport(cfg, tls);
    sys = std::make_unique<caf::actor_system>(cfg);
  }
};

caf::behavior add_one() {
  return {[](int x) { return x + 1; }};
}

/// Publishes an actor that adds one on a node with `server`, reaches it
/// from a node with `client` and asks it; returns "answered", or why not.
std::string ask_across(const tls_files& server, const tls_files& client) {
  node_system s{server};
  auto actor = s.sys->spawn(add_one);
  auto port = publish_node(*s.sys, actor, "127.0.0.1", 0, server);
  if (!port)
    return "cannot publish: " + port.error();
  node_system c{client};
  auto remote = reach_node(*c.sys, "127.0.0.1", *port, client, std::chrono::seconds(10));
  std::string said;
  if (!remote) {
    said = remote.error();
  } else {
    caf::scoped_actor self{*c.sys};
    self->request(*remote, std::chrono::seconds(10), 41)
      .receive([&](int x) { said = x == 42 ? "answered" : "wrong answer"; },
               [&](caf::error& e) { said = "no answer: " + c.sys->render(e); });
  }
  caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  return said;
}

TEST(node_transport, nodes_in_the_clear_talk) {
  EXPECT_EQ(ask_across({}, {}), "answered");
}

TEST(node_transport, nodes_with_certificates_of_one_ca_talk) {
  testing::test_ca ca{"one-ca"};
  EXPECT_EQ(ask_across(ca.issue("worker", ca.cert_file()), ca.issue("coord", ca.cert_file())),
            "answered");
}

TEST(node_transport, the_accepting_side_refuses_a_certificate_its_ca_did_not_sign) {
  testing::test_ca ca{"accept-ca"};
  testing::test_ca other{"accept-other"};
  // The connecting side trusts the worker's CA; only the worker can refuse.
  auto said = ask_across(ca.issue("worker", ca.cert_file()),
                         other.issue("coord", ca.cert_file()));
  EXPECT_NE(said, "answered");
  EXPECT_NE(said.find("certificate the other's CA file did not sign"), std::string::npos)
    << said;
}

TEST(node_transport, the_connecting_side_refuses_a_certificate_its_ca_did_not_sign) {
  testing::test_ca ca{"connect-ca"};
  testing::test_ca other{"connect-other"};
  // The worker trusts the coordinator's CA; only the coordinator can refuse.
  auto said = ask_across(other.issue("worker", ca.cert_file()),
                         ca.issue("coord", ca.cert_file()));
  EXPECT_NE(said, "answered");
  EXPECT_NE(said.find("certificate the other's CA file did not sign"), std::string::npos)
    << said;
}

TEST(node_transport, a_node_in_the_clear_and_a_tls_node_do_not_talk_either_way) {
  testing::test_ca ca{"mixed-ca"};
  auto tls = ca.issue("node", ca.cert_file());
  auto plain_to_tls = ask_across(tls, {});
  EXPECT_NE(plain_to_tls.find("does the other side use TLS?"), std::string::npos)
    << plain_to_tls;
  // Whether the TLS side reads the other's first bytes before it has set up
  // its session (cannot_connect_to_node) or after (disconnect_during_handshake)
  // is a race: either way it says TLS may be why.
  auto tls_to_plain = ask_across({}, tls);
  EXPECT_NE(tls_to_plain, "answered");
  EXPECT_NE(tls_to_plain.find("TLS"), std::string::npos) << tls_to_plain;
}

TEST(node_transport, a_tls_peer_without_a_certificate_is_refused) {
  testing::test_ca ca{"anon-ca"};
  auto server = ca.issue("worker", ca.cert_file());
  node_system s{server};
  auto actor = s.sys->spawn(add_one);
  auto port = publish_node(*s.sys, actor, "127.0.0.1", 0, server);
  ASSERT_TRUE(port) << port.error();
  // CAF's OpenSSL module with no files: no certificate, anonymous ciphers.
  caf::actor_system_config cfg;
  configure_fleet_system(cfg, 1);
  cfg.load<caf::openssl::manager>();
  caf::actor_system sys{cfg};
  auto remote = caf::openssl::remote_actor(sys, "127.0.0.1", *port);
  EXPECT_FALSE(remote);
  caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
}

/// A TCP port on 127.0.0.1 that takes connections (the kernel's backlog
/// does) and never says a word: neither CAF's handshake nor TLS's.
class silent_port {
public:
  silent_port() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) != 0
        || ::listen(fd_, 8) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    port_ = ntohs(a.sin_port);
  }
  ~silent_port() { ::close(fd_); }
  silent_port(const silent_port&) = delete;
  silent_port& operator=(const silent_port&) = delete;

  std::uint16_t port() const { return port_; }

private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

TEST(node_transport, a_peer_that_never_answers_the_handshake_is_given_up_after_the_wait) {
  silent_port silent;
  node_system c{{}};
  auto remote = reach_node(*c.sys, "127.0.0.1", silent.port(), {}, std::chrono::milliseconds(200));
  ASSERT_FALSE(remote);
  EXPECT_NE(remote.error().find("no CAF handshake within 200 ms"), std::string::npos)
    << remote.error();
}

TEST(node_transport, a_tls_peer_that_never_answers_the_handshake_is_given_up_after_the_wait) {
  testing::test_ca ca{"silent-ca"};
  auto tls = ca.issue("coord", ca.cert_file());
  node_system c{tls};
  // Closed before the system stops: CAF 0.17.6's OpenSSL module keeps a
  // connection whose TLS handshake never ended, and its shutdown waits for
  // the peer to close it (the plain middleman's does not).
  silent_port silent;
  auto remote = reach_node(*c.sys, "127.0.0.1", silent.port(), tls, std::chrono::milliseconds(200));
  ASSERT_FALSE(remote);
  EXPECT_NE(remote.error().find("no CAF handshake within 200 ms"), std::string::npos)
    << remote.error();
}

// CAF 0.17.6 does not compare the peer's address with the names its
// certificate is for: any certificate the CA signed is taken. This test
// shows it, so that the day CAF does check, it is seen.
TEST(node_transport, caf_does_not_check_the_name_in_the_peers_certificate) {
  testing::test_ca ca{"names-ca"};
  testing::leaf_options elsewhere;
  elsewhere.names = "DNS:elsewhere.example,IP:10.9.9.9";
  EXPECT_EQ(ask_across(ca.issue("worker", ca.cert_file(), elsewhere),
                       ca.issue("coord", ca.cert_file(), elsewhere)),
            "answered");
}

} // namespace
} // namespace throng::fleet
