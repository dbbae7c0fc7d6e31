#pragma once

// The plain request and response values that cross the http/ boundary. No
// Beast types appear here, so callers compile without Beast's headers.

#include <cstdint>
#include <string>
#include <string_view>

namespace throng::http {

/// The HTTP methods the notes API and API profiles use.
enum class method : std::uint8_t { get, post, put, del, patch };

/// Returns "GET", "POST", "PUT", "DELETE" or "PATCH".
std::string_view to_string(method m) noexcept;

/// A request a client sends. The body, if any, is JSON; `token`, if not
/// empty, goes out as the pool's request_style says ("Authorization:
/// Bearer <token>" by default).
struct request {
  method verb = method::get;
  std::string target;
  std::string body;
  std::string token;
};

/// Why a request got no usable HTTP answer.
enum class failure : std::uint8_t {
  none,     // an HTTP answer arrived (any status)
  connect,  // no connection could be made
  timeout,  // the per-request timeout fired
  reset,    // the connection was closed or reset before the answer was whole
  protocol, // the answer was not valid HTTP/1.1, or over the size limit
};

/// Returns the report name of a failure ("connect", "timeout", ...).
std::string_view to_string(failure f) noexcept;

/// What came back for a request. `status` and `body` are meaningful only
/// when `error` is failure::none. `shard` is the value of the shard header
/// the pool's request_style names (X-Shard by default; empty when absent).
/// Times are steady_clock nanoseconds since its epoch: `sent_ns` is
/// when the request started going out on a connection (0 if it never did),
/// `received_ns` when the answer or the failure was known.
struct response {
  failure error = failure::none;
  int status = 0;
  std::string body;
  std::string shard;
  std::int64_t sent_ns = 0;
  std::int64_t received_ns = 0;
  /// The value of the session cookie the answer set (request_style's
  /// `session_cookie`), or empty.
  std::string session;
};

/// Returns whether `s` can go into a request line or a header as it is:
/// no control character, space or DEL, which would let a value forge the
/// rest of the request. Bytes above 0x7f pass.
bool header_safe(std::string_view s) noexcept;

/// Returns steady_clock::now() in nanoseconds since its epoch, the clock of
/// every `_ns` time stamp in throng (requests, answers, ticks). It is not
/// wall-clock time: a violation's `unix_ms` comes from system_clock.
std::int64_t now_ns() noexcept;

} // namespace throng::http
