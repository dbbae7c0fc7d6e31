// Feeds arbitrary bytes as a request stream to the HTTP server plumbing
// (Beast's request parser and the server's limits and error answers). One
// server runs in-process on 127.0.0.1 for the whole fuzzing run; each input
// goes out on a new connection, whose write side is then shut down, and
// everything the server answers is read until it closes. The handler echoes
// the request back, so that answers of any size are written too.

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "http/server.hpp"

namespace {

using namespace throng;

http::server_response echo(const http::server_request& req) {
  http::server_response res;
  res.body = req.method + ' ' + req.target + ' ' + req.body;
  return res;
}

std::uint16_t server_port() {
  static const std::unique_ptr<http::server> srv = [] {
    http::server_options opts;
    opts.max_body_bytes = 4096;
    opts.max_header_bytes = 1024;
    opts.read_timeout = std::chrono::milliseconds{2000};
    auto started = http::server::start(opts, echo);
    if (!started)
      std::abort();
    return std::move(*started);
  }();
  return srv->port();
}

// Stops the run, saying which system call failed and why.
[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "http_parse_fuzz: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

// Connects `fd` to `addr`. A signal (libFuzzer's timer) may interrupt the
// call while the connection goes on: then poll says when it is made.
bool connect_to(int fd, const sockaddr_in& addr) {
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0)
    return true;
  if (errno != EINTR)
    return false;
  pollfd p{fd, POLLOUT, 0};
  int ready = 0;
  do
    ready = ::poll(&p, 1, 5000);
  while (ready < 0 && errno == EINTR);
  if (ready <= 0) {
    if (ready == 0)
      errno = ETIMEDOUT;
    return false;
  }
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
    return false;
  errno = error;
  return error == 0;
}

void exchange(std::uint16_t port, const std::uint8_t* data, std::size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    fail("socket");
  // Each connection is shut down from this side first and so leaves a
  // TIME_WAIT entry here for a minute: tens of thousands of runs (after a
  // test suite's own connections) would use up the ephemeral ports of one
  // source address. Spreading them over 127.0.0.1-250 keeps the run going.
  static std::uint32_t connections = 0;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  from.sin_addr.s_addr = htonl(INADDR_LOOPBACK + connections++ % 250);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0)
    fail("bind");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // A server that neither answers nor closes within its read timeout is a
  // hang: the receive timeout turns it into a failed read, caught below.
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (!connect_to(fd, addr))
    fail("connect");
  // The server may answer and close before it has read everything (413,
  // 431, 400): a failed send is expected then.
  for (std::size_t sent = 0; sent < size;) {
    auto n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char buf[4096];
  for (;;) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0)
      break;
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        fail("recv (no answer and no close within 5 s)");
      break;
    }
  }
  ::close(fd);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  exchange(server_port(), data, size);
  return 0;
}
