#pragma once

// Raw socket on purpose: for tests that send malformed bytes or check headers and keep-alive.
//
// A blocking HTTP/1.1 test client over a plain socket, for the tests that
// poke at a server's HTTP edges; ordinary requests go through the project's
// client (http/blocking_client.hpp).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace throng::server {

// Every blocking socket call of the test client gives up after this long,
// so that a misbehaving server fails a test instead of hanging it.
inline constexpr int io_timeout_seconds = 10;

struct reply {
  int status = 0;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;

  std::string header(const std::string& name) const {
    auto i = headers.find(name);
    return i == headers.end() ? std::string{} : i->second;
  }
};

// A blocking HTTP/1.1 client over a plain socket that sends raw bytes and
// parses answers with Content-Length bodies: enough to poke at the server's
// edges. Move-only; closes its socket on destruction.
class raw_client {
public:
  explicit raw_client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0)
      return;
    timeval tv{io_timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
      close();
  }

  raw_client(raw_client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), in_(std::move(other.in_)) {
  }

  raw_client& operator=(raw_client&&) = delete;

  ~raw_client() {
    close();
  }

  bool connected() const {
    return fd_ >= 0;
  }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Sends a request with the usual headers (and Content-Length when there
  // is a body) and reads its answer.
  std::optional<reply> request(const std::string& method,
                               const std::string& target,
                               const std::string& body = {},
                               const std::string& token = {}) {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: test\r\n";
    if (!token.empty())
      req += "Authorization: Bearer " + token + "\r\n";
    if (!body.empty())
      req += "Content-Type: application/json\r\nContent-Length: "
             + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    if (!send(req))
      return std::nullopt;
    return read_reply();
  }

  // Reads one answer; nullopt on end of stream, error or timeout.
  std::optional<reply> read_reply() {
    std::size_t end;
    while ((end = in_.find("\r\n\r\n")) == std::string::npos)
      if (!fill())
        return std::nullopt;
    reply r;
    std::string head = in_.substr(0, end + 2);
    in_.erase(0, end + 4);
    auto line_end = head.find("\r\n");
    auto status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12)
      return std::nullopt;
    r.status = std::stoi(status_line.substr(9, 3));
    for (auto pos = line_end + 2; pos < head.size();) {
      auto eol = head.find("\r\n", pos);
      auto line = head.substr(pos, eol - pos);
      pos = eol + 2;
      auto colon = line.find(':');
      if (colon == std::string::npos)
        return std::nullopt;
      auto name = line.substr(0, colon);
      for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[name] = value;
    }
    std::size_t length = 0;
    if (auto cl = r.header("content-length"); !cl.empty())
      length = std::stoul(cl);
    while (in_.size() < length)
      if (!fill())
        return std::nullopt;
    r.body = in_.substr(0, length);
    in_.erase(0, length);
    return r;
  }

  // Returns whether the server closed the connection: reads (and drops)
  // until end of stream. False on timeout.
  bool closed_by_server() {
    for (;;) {
      char buf[4096];
      auto n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n == 0)
        return true;
      if (n < 0)
        return errno == ECONNRESET;
    }
  }

  // Returns whether the server has closed the connection already, without
  // waiting. Drops what was readable.
  bool closed_now() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0)
      return false;
    char buf[4096];
    auto n = ::recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  void shutdown_send() {
    ::shutdown(fd_, SHUT_WR);
  }

private:
  bool fill() {
    char buf[16384];
    auto n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0)
      return false;
    in_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  void close() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

  int fd_ = -1;
  std::string in_;
};

} // namespace throng::server
