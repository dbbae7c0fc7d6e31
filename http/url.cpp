// Parsing and printing target URLs (url.hpp).

#include "http/url.hpp"

#include <charconv>

namespace throng::http {

namespace {

using error = protocol::decode_error;

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i]))
      return false;
  }
  return true;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
         || (c >= 'A' && c <= 'F');
}

bool valid_name(std::string_view host) {
  for (char c : host)
    if (!is_alnum(c) && c != '-' && c != '.' && c != '_')
      return false;
  return true;
}

bool valid_ipv6(std::string_view host) {
  for (char c : host)
    if (!is_hex(c) && c != ':' && c != '.')
      return false;
  return host.find(':') != std::string_view::npos;
}

bool valid_path(std::string_view path) {
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
      return false;
  }
  return true;
}

/// A host and, when one follows it, the text of its port.
struct authority {
  std::string_view host;
  bool has_port = false;
  std::string_view port;
};

/// Splits "host", "host:port", "[v6]" or "[v6]:port" and checks the host,
/// which may be empty; the port is parse_port's to check.
protocol::result<authority> split_authority(std::string_view text) {
  authority a;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos)
      return error{"unclosed '[' in host " + quoted(text)};
    a.host = text.substr(1, close - 1);
    auto after = text.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return error{"bad host " + quoted(text)};
      a.has_port = true;
      a.port = after.substr(1);
    }
    if (!a.host.empty() && !valid_ipv6(a.host))
      return error{"bad host " + quoted(a.host)};
    return a;
  }
  auto colon = text.find(':');
  a.host = text.substr(0, colon);
  if (colon != std::string_view::npos) {
    a.has_port = true;
    a.port = text.substr(colon + 1);
  }
  if (!valid_name(a.host))
    return error{"bad host " + quoted(a.host)};
  return a;
}

/// Returns the port `text` names, 1 to 65535.
protocol::result<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto first = text.data();
  auto last = first + text.size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (text.empty() || text.size() > 5 || ec != std::errc{} || end != last || value == 0
      || value > 65535)
    return error{"bad port " + quoted(text)};
  return static_cast<std::uint16_t>(value);
}

} // namespace

protocol::result<url> parse_url(std::string_view text) {
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    return error{"missing scheme (http:// or https://) in " + quoted(text)};
  auto scheme = text.substr(0, scheme_end);
  url u;
  if (equals_ignoring_case(scheme, "https"))
    u.tls = true;
  else if (!equals_ignoring_case(scheme, "http"))
    return error{"unsupported scheme " + quoted(scheme)};
  auto rest = text.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos)
    return error{"query or fragment in " + quoted(text)};
  auto path_start = rest.find('/');
  auto host_and_port = rest.substr(0, path_start);
  auto path = path_start == std::string_view::npos ? std::string_view{}
                                                   : rest.substr(path_start);
  if (host_and_port.find('@') != std::string_view::npos)
    return error{"user info in " + quoted(text)};
  auto a = split_authority(host_and_port);
  if (!a)
    return a.error();
  if (a->host.empty())
    return error{"empty host in " + quoted(text)};
  u.host = std::string{a->host};
  u.port = u.tls ? 443 : 80;
  if (a->has_port) {
    auto port = parse_port(a->port);
    if (!port)
      return port.error();
    u.port = *port;
  }
  if (!valid_path(path))
    return error{"bad character in path " + quoted(path)};
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  u.base_path = std::string{path};
  return u;
}

protocol::result<url> parse_host_port(std::string_view text, bool any_port) {
  auto a = split_authority(text);
  if (!a)
    return a.error();
  if (a->host.empty() || !a->has_port)
    return error{"expected HOST:PORT, got " + quoted(text)};
  if (any_port && a->port == "0") {
    url u;
    u.host = std::string{a->host};
    u.port = 0;
    return u;
  }
  auto port = parse_port(a->port);
  if (!port)
    return port.error();
  url u;
  u.host = std::string{a->host};
  u.port = *port;
  return u;
}

std::string authority_host(const url& u) {
  if (u.host.find(':') != std::string::npos)
    return "[" + u.host + "]";
  return u.host;
}

std::string to_string(const url& u) {
  std::string out = u.tls ? "https://" : "http://";
  out += authority_host(u);
  out += ':';
  out += std::to_string(u.port);
  out += u.base_path;
  return out;
}

} // namespace throng::http
