#pragma once

// An API profile, compiled: how each operation of throng's notes model maps
// onto a service's own HTTP API (method, path, body, where the answer keeps
// ids and contents, which statuses mean what, how sessions travel, how lists
// come in pages). Read from a file by config::read_api_profile; compiled
// once, so that the request path parses nothing.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/request_style.hpp"
#include "protocol/answer_fields.hpp"
#include "protocol/operation.hpp"
#include "protocol/text_template.hpp"

namespace throng::model {

/// A set of HTTP statuses. A plain value.
struct status_set {
  std::vector<int> codes;

  bool contains(int status) const noexcept {
    for (int c : codes)
      if (c == status)
        return true;
    return false;
  }
};

/// How one operation is sent and its answer read.
struct operation_mapping {
  /// Whether the API has the operation; behaviours skip the ones it lacks.
  bool present = false;
  http::method verb = http::method::get;
  protocol::text_template path; // escape: url
  /// The path as the profile writes it ("/notes/{note_id}"), for messages.
  std::string path_text;
  protocol::text_template body; // escape: json; empty: no body
  protocol::answer_fields answer;
  status_set success;      // the request took effect; the body is decoded
  status_set not_found;    // the account or note does not exist (404)
  status_set unauthorized; // the session is not valid (401)
  status_set conflict;     // sign-up: the name is taken (409)
};

/// How lists come in pages.
enum class page_kind : std::uint8_t {
  none,   // one answer holds the whole list
  page,   // ?<param>=1,2,... until a page comes back short or empty
  offset, // ?<param>=0,n,2n,... until a page comes back short or empty
  cursor, // ?<param>=<the last answer's next> until next is null or absent
};

/// How a list is walked to its end.
struct list_paging {
  page_kind kind = page_kind::none;
  std::string param;      // the query parameter of the page, offset or cursor
  std::string size_param; // the query parameter of the page size; empty: none
  std::size_t size = 0;   // the page size asked for (page, offset: expected)
  std::size_t first_page = 1;  // page: the number of the first page
  std::size_t max_pages = 100; // the walk's bound: past it, a partial list
};

/// A compiled API profile. A plain value, built once at start and shared,
/// read-only, by every account of a run: thread-safe to read.
struct api_profile {
  std::string name; // from the file, for messages and reports
  /// Where the token goes, the shard header's name, the session cookie.
  http::request_style style;
  /// Indexed by protocol::operation.
  std::array<operation_mapping, protocol::operation_count> ops;
  list_paging paging;
  /// Whether list items carry contents; if not, lists check membership and
  /// reads check contents.
  bool lists_carry_content = true;

  const operation_mapping& at(protocol::operation op) const noexcept {
    return ops[static_cast<std::size_t>(op)];
  }
  /// Returns "METHOD path" of `op` as the profile writes it, for messages
  /// ("PATCH /notes/{note_id}").
  std::string request_line(protocol::operation op) const {
    return std::string{http::to_string(at(op).verb)} + " " + at(op).path_text;
  }
  bool has(protocol::operation op) const noexcept { return at(op).present; }
};

} // namespace throng::model
