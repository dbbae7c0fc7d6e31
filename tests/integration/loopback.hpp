#pragma once

// Test plumbing for servers on 127.0.0.1: a free port, and the project's
// own HTTP client to talk to them.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "http/blocking_client.hpp"
#include "http/url.hpp"

namespace throng::testing {

/// Returns a port that was free a moment ago.
inline std::uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

/// Returns the project's client for 127.0.0.1:`port`: one keep-alive
/// connection, each exchange bounded by `timeout`.
inline http::blocking_client loopback_client(std::uint16_t port,
                                             std::chrono::milliseconds timeout
                                             = std::chrono::seconds(10)) {
  http::client_options co;
  co.target = *http::parse_url("http://127.0.0.1:" + std::to_string(port));
  co.connections = 1;
  co.timeout = timeout;
  // Only a failure to start a thread could refuse these options.
  return http::blocking_client::create(co).value();
}

/// Returns the body of a 200 answer to GET `path` at 127.0.0.1:`port`, or
/// "" for anything else (no answer within 2 s included).
inline std::string get_body(std::uint16_t port, const std::string& path) {
  auto x = loopback_client(port, std::chrono::seconds(2))
             .exchange({http::method::get, path, {}, {}});
  return x.error == http::failure::none && x.status == 200 ? x.body : "";
}

} // namespace throng::testing
