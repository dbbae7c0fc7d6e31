#pragma once

// How a client pool dresses every request and reads every answer for one
// API: where the session token goes, which header names the shard, which
// cookie a log-in sets. The built-in contract's style is the default.

#include <cstdint>
#include <string>

namespace throng::http {

/// Where a request's `token` goes.
enum class auth_style : std::uint8_t {
  bearer, // "Authorization: Bearer <token>"
  header, // "<auth_name>: <token>"
  cookie, // "Cookie: <auth_name>=<token>"
};

/// How requests are dressed and answers read, for a whole pool. A plain
/// value, copied into the pool at its creation.
struct request_style {
  auth_style auth = auth_style::bearer;
  /// The header (auth_style::header) or cookie (auth_style::cookie) name.
  std::string auth_name;
  /// The header whose value is an answer's `shard`; empty: none is read.
  std::string shard_header = "X-Shard";
  /// The cookie whose value a Set-Cookie header of an answer puts in its
  /// `session`; empty: Set-Cookie is ignored. Set with auth_style::cookie.
  std::string session_cookie;
};

} // namespace throng::http
