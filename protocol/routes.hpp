#pragma once

// The paths of the API, built by clients and parsed by services, so that
// both sides agree on them.

#include <string>
#include <string_view>

#include "protocol/operation.hpp"

namespace throng::protocol {

std::string accounts_path();                       // /v1/accounts
std::string sessions_path();                       // /v1/sessions
std::string current_session_path();                // /v1/sessions/current
std::string account_path(std::string_view aid);    // /v1/accounts/{aid}
std::string notes_path(std::string_view aid);      // /v1/accounts/{aid}/notes
std::string note_path(std::string_view aid, std::string_view nid);

/// Returns the method and path template of the request `op` makes, as the
/// API's table writes it: "POST /v1/accounts/{aid}/notes".
std::string_view request_line(operation op) noexcept;

/// What a request target names.
enum class route_kind {
  unknown,         // no such path: 404
  healthz,         // /healthz
  accounts,        // /v1/accounts
  sessions,        // /v1/sessions
  current_session, // /v1/sessions/current
  account,         // /v1/accounts/{aid}
  notes,           // /v1/accounts/{aid}/notes
  note,            // /v1/accounts/{aid}/notes/{nid}
};

/// A parsed request target. `account_id` and `note_id` are set for the kinds
/// that carry them. A query string is ignored.
struct route {
  route_kind kind = route_kind::unknown;
  std::string account_id;
  std::string note_id;
};

/// Parses a request target such as "/v1/accounts/a1/notes/n2". Ids must be
/// non-empty and URL-safe (A-Z a-z 0-9 - _ . ~); anything else is unknown.
route parse_route(std::string_view target);

} // namespace throng::protocol
