// How the nodes of a distributed run reach each other (node_transport.hpp).

#include "fleet/node_transport.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace throng::fleet {

namespace {

using file_ptr = std::unique_ptr<std::FILE, decltype(&std::fclose)>;
using x509_ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

/// A passphrase callback that has none, so that an encrypted key fails to
/// load instead of OpenSSL asking on the terminal.
int no_passphrase(char*, int, int, void*) {
  return -1;
}

/// Returns OpenSSL's reason for the last error of this thread, and clears
/// its queue.
std::string openssl_reason() {
  const auto code = ERR_peek_last_error();
  ERR_clear_error();
  const char* why = code == 0 ? nullptr : ERR_reason_error_string(code);
  return why != nullptr ? why : "no PEM data";
}

/// Reads the first PEM item of the file at `path` with `read`; sets `why`
/// and returns null when the file cannot be opened or holds none.
template <class T, class Read>
T* read_pem(const std::string& path, Read read, const char* what, std::string& why) {
  ERR_clear_error();
  file_ptr f{std::fopen(path.c_str(), "r"), &std::fclose};
  if (!f) {
    why = path + ": cannot be read: " + std::strerror(errno);
    return nullptr;
  }
  T* item = read(f.get(), nullptr, no_passphrase, nullptr);
  if (item == nullptr)
    why = path + ": holds no " + what + " (" + openssl_reason() + ")";
  return item;
}

tls_error error_of(tls_error::part which, std::string message) {
  return tls_error{which, std::move(message)};
}

/// Checks that the certificate `cert`, read from `path`, is valid now.
std::optional<tls_error> check_dates(X509* cert, const std::string& path) {
  if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0)
    return error_of(tls_error::part::cert, path + ": the certificate is not valid yet");
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0)
    return error_of(tls_error::part::cert, path + ": the certificate has expired");
  return std::nullopt;
}

// What remote_actor() of the middleman or of the OpenSSL module does, with
// a time limit: asks the module's actor to connect and waits at most `wait`
// for the node's handshake.
caf::expected<caf::actor> connect_node(caf::actor_system& sys, const std::string& host,
                                       std::uint16_t port, const tls_files& tls,
                                       std::chrono::milliseconds wait) {
  const auto mm = tls.enabled() ? sys.openssl_manager().actor_handle()
                                : sys.middleman().actor_handle();
  const auto expected_ifs = sys.message_types(caf::detail::type_list<caf::actor>{});
  caf::expected<caf::actor> res{caf::sec::no_actor_published_at_port};
  caf::scoped_actor self{sys};
  self->request(mm, wait, caf::connect_atom::value, host, port)
    .receive(
      [&](const caf::node_id&, caf::strong_actor_ptr& ptr, std::set<std::string>& ifs) {
        if (!ptr)
          return;
        if (!sys.assignable(ifs, expected_ifs))
          res = caf::sec::unexpected_actor_messaging_interface;
        else
          res = caf::actor_cast<caf::actor>(std::move(ptr));
      },
      [&](caf::error& e) { res = std::move(e); });
  return res;
}

} // namespace

std::optional<tls_error> check_tls_files(const tls_files& tls) {
  using part = tls_error::part;
  if (!tls.enabled())
    return std::nullopt;
  const char* together = ": TLS needs the certificate, its key and the CA file together";
  if (tls.cert.empty())
    return error_of(part::cert, std::string{"no certificate file"} + together);
  if (tls.key.empty())
    return error_of(part::key, std::string{"no key file"} + together);
  if (tls.ca.empty())
    return error_of(part::ca, std::string{"no CA file"} + together);
  std::string why;
  x509_ptr cert{read_pem<X509>(tls.cert, PEM_read_X509, "PEM certificate", why), &X509_free};
  if (!cert)
    return error_of(part::cert, why);
  if (auto dates = check_dates(cert.get(), tls.cert))
    return dates;
  key_ptr key{read_pem<EVP_PKEY>(tls.key, PEM_read_PrivateKey,
                                 "unencrypted PEM private key", why),
              &EVP_PKEY_free};
  if (!key)
    return error_of(part::key, why);
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return error_of(part::key, tls.key + ": the key does not belong to the certificate in "
                                 + tls.cert);
  }
  x509_ptr ca{read_pem<X509>(tls.ca, PEM_read_X509, "PEM certificate", why), &X509_free};
  if (!ca)
    return error_of(part::ca, why);
  return std::nullopt;
}

void configure_node_transport(caf::actor_system_config& cfg, const tls_files& tls) {
  if (!tls.enabled())
    return;
  cfg.openssl_certificate = tls.cert;
  cfg.openssl_key = tls.key;
  cfg.openssl_cafile = tls.ca;
  cfg.load<caf::openssl::manager>();
}

protocol::result<std::uint16_t, std::string>
publish_node(caf::actor_system& sys, const caf::actor& node, const std::string& host,
             std::uint16_t port, const tls_files& tls) {
  auto got = tls.enabled() ? caf::openssl::publish(node, port, host.c_str(), true)
                           : sys.middleman().publish(node, port, host.c_str(), true);
  if (!got)
    return sys.render(got.error());
  return *got;
}

protocol::result<caf::actor, std::string>
reach_node(caf::actor_system& sys, const std::string& host, std::uint16_t port,
           const tls_files& tls, std::chrono::milliseconds wait) {
  auto got = connect_node(sys, host, port, tls, wait);
  if (got)
    return *got;
  if (got.error() == caf::sec::request_timeout)
    return "no CAF handshake within "
           + (wait.count() % 1000 == 0 ? std::to_string(wait.count() / 1000) + " s"
                                       : std::to_string(wait.count()) + " ms")
           + " (is a throng worker listening there, and is it up?)";
  auto why = sys.render(got.error());
  // CAF says no more than these codes; which cause it was, only the two
  // ends' configurations tell. With TLS, a refused certificate gives either:
  // cannot_connect_to_node when the peer's answer was already in as CAF set
  // up its session, disconnect_during_handshake when it came later.
  const auto code = got.error();
  if (tls.enabled() && code == caf::sec::disconnect_during_handshake)
    why += " (is the other side without TLS, or does one side hold a certificate the "
           "other's CA file did not sign?)";
  else if (tls.enabled() && code == caf::sec::cannot_connect_to_node)
    why += " (does anything listen there? if so, is it without TLS, or does one side hold a "
           "certificate the other's CA file did not sign?)";
  else if (code == caf::sec::disconnect_during_handshake)
    why += " (does the other side use TLS?)";
  return why;
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost")
    return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
    return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

} // namespace throng::fleet
