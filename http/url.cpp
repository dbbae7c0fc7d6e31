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
  auto authority = rest.substr(0, path_start);
  auto path = path_start == std::string_view::npos ? std::string_view{}
                                                   : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos)
    return error{"user info in " + quoted(text)};
  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return error{"unclosed '[' in host " + quoted(authority)};
    host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return error{"bad host " + quoted(authority)};
      has_port = true;
      port_text = after.substr(1);
    }
    if (!host.empty() && !valid_ipv6(host))
      return error{"bad host " + quoted(host)};
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    if (!valid_name(host))
      return error{"bad host " + quoted(host)};
  }
  if (host.empty())
    return error{"empty host in " + quoted(text)};
  u.host = std::string{host};
  u.port = u.tls ? 443 : 80;
  if (has_port) {
    unsigned value = 0;
    auto first = port_text.data();
    auto last = first + port_text.size();
    auto [end, ec] = std::from_chars(first, last, value);
    if (port_text.empty() || port_text.size() > 5 || ec != std::errc{}
        || end != last || value == 0 || value > 65535)
      return error{"bad port " + quoted(port_text)};
    u.port = static_cast<std::uint16_t>(value);
  }
  if (!valid_path(path))
    return error{"bad character in path " + quoted(path)};
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  u.base_path = std::string{path};
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
