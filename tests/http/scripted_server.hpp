#pragma once

// A raw HTTP/1.1 server for client tests: listens on 127.0.0.1, port 0,
// reads each request and answers with bytes a script chooses, which may be
// anything from a proper response to garbage, or nothing at all. Runs on
// one thread of its own; the accessors are thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace throng::http::test {

/// A PEM certificate chain and private key for the TLS variant.
struct tls_identity {
  std::string certificate_pem;
  std::string key_pem;
};

class scripted_server {
public:
  /// A request as it arrived: `connection` counts accepted connections from
  /// 0, `head` is the request line and headers up to the blank line, `sni`
  /// the server name the TLS client sent (empty for none or plain TCP).
  struct received {
    std::size_t connection = 0;
    std::string head;
    std::string body;
    std::string sni;
  };

  /// What to do after writing `bytes`: read the next request, close the
  /// connection, or neither (hold it open, unread, until the server stops).
  enum class then { keep_open, close, stall };

  struct reply {
    std::string bytes;
    then after = then::keep_open;
    /// If not zero, `bytes` go out one at a time, this long apart (a slow
    /// server dripping its answer).
    std::chrono::milliseconds drip{0};
  };

  /// Called on the server's thread for each request.
  using script = std::function<reply(const received&)>;

  /// Starts a plain TCP server.
  explicit scripted_server(script s);

  /// Starts a TLS server presenting `id`.
  scripted_server(script s, const tls_identity& id);

  ~scripted_server();

  scripted_server(const scripted_server&) = delete;
  scripted_server& operator=(const scripted_server&) = delete;

  std::uint16_t port() const noexcept;

  /// Returns how many connections were accepted so far.
  std::size_t accepts() const;

  /// Returns the requests received so far, in order of arrival.
  std::vector<received> requests() const;

  /// Stops serving and joins the thread; the connections still open close
  /// when the server is destroyed. Idempotent.
  void stop();

  /// Returns a well-formed keep-alive response.
  static std::string response(int status, const std::string& body,
                              const std::string& shard = "");

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Returns a port on 127.0.0.1 that was free a moment ago and that nothing
/// listens on: connecting to it is refused.
std::uint16_t unused_port();

} // namespace throng::http::test
