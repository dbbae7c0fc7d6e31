// Building and parsing the API's paths (routes.hpp).

#include "protocol/routes.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace throng::protocol {

namespace {

constexpr std::string_view accounts_prefix = "/v1/accounts";

bool url_safe(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
         || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
         || c == '~';
}

bool valid_id(std::string_view id) noexcept {
  return !id.empty() && std::all_of(id.begin(), id.end(), url_safe);
}

// Splits the path after its leading '/' into at most 6 segments; returns
// the number of segments, or 0 if there are more.
std::size_t split(std::string_view path,
                  std::array<std::string_view, 6>& segments) noexcept {
  std::size_t n = 0;
  path.remove_prefix(1);
  for (;;) {
    if (n == segments.size())
      return 0;
    auto slash = path.find('/');
    segments[n++] = path.substr(0, slash);
    if (slash == std::string_view::npos)
      return n;
    path.remove_prefix(slash + 1);
  }
}

} // namespace

std::string_view request_line(operation op) noexcept {
  switch (op) {
    case operation::signup:
      return "POST /v1/accounts";
    case operation::login:
      return "POST /v1/sessions";
    case operation::logout:
      return "DELETE /v1/sessions/current";
    case operation::read_account:
      return "GET /v1/accounts/{aid}";
    case operation::update_account:
      return "PUT /v1/accounts/{aid}";
    case operation::create_note:
      return "POST /v1/accounts/{aid}/notes";
    case operation::read_note:
      return "GET /v1/accounts/{aid}/notes/{nid}";
    case operation::update_note:
      return "PUT /v1/accounts/{aid}/notes/{nid}";
    case operation::delete_note:
      return "DELETE /v1/accounts/{aid}/notes/{nid}";
    case operation::list_notes:
      return "GET /v1/accounts/{aid}/notes";
  }
  return "";
}

std::string accounts_path() {
  return std::string{accounts_prefix};
}

std::string sessions_path() {
  return "/v1/sessions";
}

std::string current_session_path() {
  return "/v1/sessions/current";
}

std::string account_path(std::string_view aid) {
  std::string path{accounts_prefix};
  path += '/';
  path += aid;
  return path;
}

std::string notes_path(std::string_view aid) {
  return account_path(aid) + "/notes";
}

std::string note_path(std::string_view aid, std::string_view nid) {
  auto path = notes_path(aid);
  path += '/';
  path += nid;
  return path;
}

route parse_route(std::string_view target) {
  route r;
  target = target.substr(0, target.find('?'));
  if (target.empty() || target.front() != '/')
    return r;
  std::array<std::string_view, 6> seg;
  auto n = split(target, seg);
  if (n == 1 && seg[0] == "healthz") {
    r.kind = route_kind::healthz;
    return r;
  }
  if (n < 2 || seg[0] != "v1")
    return r;
  if (seg[1] == "sessions") {
    if (n == 2)
      r.kind = route_kind::sessions;
    else if (n == 3 && seg[2] == "current")
      r.kind = route_kind::current_session;
    return r;
  }
  if (seg[1] != "accounts")
    return r;
  if (n == 2) {
    r.kind = route_kind::accounts;
    return r;
  }
  if (!valid_id(seg[2]))
    return r;
  if (n == 3) {
    r.kind = route_kind::account;
  } else if (seg[3] != "notes") {
    return r;
  } else if (n == 4) {
    r.kind = route_kind::notes;
  } else if (n == 5 && valid_id(seg[4])) {
    r.kind = route_kind::note;
    r.note_id = std::string{seg[4]};
  } else {
    return r;
  }
  r.account_id = std::string{seg[2]};
  return r;
}

} // namespace throng::protocol
