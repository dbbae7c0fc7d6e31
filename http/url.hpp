#pragma once

// Target URLs (`http[s]://host[:port][/prefix]`): parsing and printing.

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace throng::http {

/// The parts of a target URL throng needs: "http://host:port" or
/// "https://host:port", optionally with a path prefix. An IPv6 host is
/// written in brackets ("http://[::1]:8080") and stored without them.
struct url {
  bool tls = false;
  std::string host;
  std::uint16_t port = 0;
  std::string base_path; // "" or "/prefix" without a trailing slash
};

/// Parses `text`; a missing port means 80 or 443. User info, a query and a
/// fragment are rejected. Returns an error naming what is wrong
/// ("unsupported scheme 'ftp'", "bad port '99999'", "empty host in ...").
protocol::result<url> parse_url(std::string_view text);

/// Parses `text` as "HOST:PORT", the address of a server throng runs or
/// talks to beside the target (--metrics, --control): HOST a name, an IPv4
/// address or an IPv6 address in brackets ("[::1]:9464"), PORT 1 to 65535,
/// or 0 with `any_port` (a listener that picks a free port and says which).
/// Returns it as the URL "http://HOST:PORT", or an error naming what is
/// wrong ("expected HOST:PORT, got 'x'", "bad host 'a b'", "bad port '0'").
protocol::result<url> parse_host_port(std::string_view text, bool any_port = false);

/// Returns the host as it stands in a URL or a Host header: an IPv6
/// address in brackets, anything else as it is.
std::string authority_host(const url& u);

/// Returns "scheme://host:port" + base_path.
std::string to_string(const url& u);

} // namespace throng::http
