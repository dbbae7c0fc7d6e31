#pragma once

// How the nodes of a distributed run reach each other: through CAF's
// middleman in the clear, or through CAF's OpenSSL module, where each side
// shows a certificate and checks the other's against its CA file.
//
// What CAF 0.17.6's OpenSSL module checks, read in its session.cpp and seen
// in tests/fleet/node_transport_test.cpp: once a certificate, key or CA file
// is set, both the connecting and the accepting side ask for the peer's
// certificate (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) and verify
// its chain against the CA file; a peer without one, or with one another CA
// signed, ends the connection during the handshake. It does not compare the
// peer's name with the certificate's subjectAltName: any certificate the CA
// signed is taken from any address, so the CA should sign only the fleet's
// nodes. It reads the files again for every connection and throws from
// inside its connection set-up (CAF_RAISE_ERROR) if they do not load: check
// them first (check_tls_files).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "protocol/result.hpp"

namespace throng::fleet {

/// The PEM files of a node that talks TLS: all three, or none for the clear.
struct tls_files {
  std::string cert; // this node's certificate (a chain: leaf first)
  std::string key;  // its private key, not encrypted
  std::string ca;   // the CA certificate(s) a peer's certificate must chain to

  /// Returns whether any of the three is given (check_tls_files refuses a
  /// set with one or two).
  bool enabled() const noexcept { return !cert.empty() || !key.empty() || !ca.empty(); }
};

/// Why a set of TLS files cannot be used.
struct tls_error {
  /// The file at fault.
  enum class part { cert, key, ca };
  part which;
  /// One line naming the file and what is wrong with it.
  std::string message;
};

/// Checks `tls` before CAF reads it: all three paths are given, the
/// certificate and CA files hold PEM certificates, the key file an
/// unencrypted PEM private key that belongs to the certificate, and the
/// certificate is within its validity dates. Returns nullopt when they
/// can be used, or when TLS is off. Thread-safe; reads the three files.
std::optional<tls_error> check_tls_files(const tls_files& tls);

/// Sets `cfg` up for `tls`, when enabled: names the files and loads CAF's
/// OpenSSL module, which needs the middleman loaded first
/// (configure_fleet_system). Check the files first (check_tls_files).
void configure_node_transport(caf::actor_system_config& cfg, const tls_files& tls);

/// Publishes `node` on `host`:`port` (0: any free port), through CAF's
/// OpenSSL module when `tls` is enabled (the system's configuration must
/// then come from configure_node_transport), or through the middleman.
/// Returns the port it listens on, or why it cannot listen.
protocol::result<std::uint16_t, std::string>
publish_node(caf::actor_system& sys, const caf::actor& node, const std::string& host,
             std::uint16_t port, const tls_files& tls);

/// Connects to the node published at `host`:`port`, as publish_node
/// chooses. Returns a handle to it, or why it cannot be reached: CAF's
/// error, and where it can have come from the transport (a connection that
/// closed during the handshake: the other side talks the other transport,
/// or one side refused the other's certificate), a hint that says so; or,
/// when CAF's handshake has not ended within `wait` (a peer that takes the
/// connection and says nothing: not a CAF node, or a hung one), that. Blocks
/// the calling thread for at most `wait` (CAF 0.17's remote_actor waits
/// without a limit). Not from an actor of `sys`. With TLS, CAF keeps the
/// connection of a handshake that never ended, and stopping `sys` waits
/// until the peer closes it.
protocol::result<caf::actor, std::string>
reach_node(caf::actor_system& sys, const std::string& host, std::uint16_t port,
           const tls_files& tls, std::chrono::milliseconds wait);

/// Returns whether `host` is a loopback address (127.0.0.0/8, ::1,
/// "localhost"), where traffic in the clear does not leave the machine.
bool is_loopback_host(const std::string& host);

} // namespace throng::fleet
