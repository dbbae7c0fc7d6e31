#pragma once

// The second shape of the reference service (`throng serve --shape
// cookie`): cookie sessions, numeric ids, cursor pages of ids, as
// profiles/example-cookie.json describes it. An adapter: every request is
// translated into one request to the v1 notes_service, so that its store,
// its faults and the live migrator act through this shape unchanged.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/server.hpp"
#include "server/note_owners.hpp"
#include "server/notes_service.hpp"

namespace throng::server {

/// Answers the cookie shape's requests through a notes_service:
///
/// - POST /users {"username", "secret"}: 201 {"id": n} and Set-Cookie
///   sid=...; a name taken is a 422;
/// - POST /session {"username", "secret"}: 200 {"user": {"id": n}} and
///   Set-Cookie sid=...; DELETE /session: 204 (the session is revoked);
/// - GET /me: {"id": n, "username": s};
/// - POST /notes {"body": s}: 201 {"note": {"id": n, "body": s}};
///   GET and PATCH /notes/{n}: {"note": ...}; DELETE /notes/{n}: 200 for
///   an odd n, 204 for an even one;
/// - GET /notes?after=<n>&limit=<k>: {"items": [{"id": n}, ...], "next":
///   n or null}, ids ascending, limit 10 by default, at most 25;
/// - GET /healthz as v1.
///
/// Numbers are those of the inner ids (server/ids). The session cookie is
/// `<account id>.<token>`: the inner service checks the token against the
/// account, so a forged cookie is refused. A missing or invalid session is
/// a 401; another account's note is a 404; a method a path does not take a
/// 405 with Allow. Each request makes exactly one call to the inner service
/// (so each fault draws once), and the answer keeps the inner answer's
/// shard, delay and dropped connection. Thread-safe as the inner service.
class cookie_notes_service {
public:
  /// The session cookie's name.
  static constexpr std::string_view cookie_name = "sid";

  /// Serves through `inner`, which must outlive this adapter.
  explicit cookie_notes_service(notes_service& inner);

  /// Returns the answer to `req`: a JSON body (none for 204), the shard of
  /// the account for its successes. Errors come back as 4xx answers with
  /// {"error": ...}, the inner service's 5xx as they are. Throws only
  /// std::bad_alloc.
  http::server_response handle(const http::server_request& req);

private:
  /// A session as its cookie names it.
  struct session {
    std::string account_id;
    std::uint64_t account = 0;
    std::string token;
  };

  http::server_response sign_up(const http::server_request& req);
  http::server_response log_in(const http::server_request& req);
  http::server_response log_out(const session& s);
  http::server_response read_me(const session& s);
  http::server_response create_note(const http::server_request& req, const session& s);
  http::server_response list_notes(std::string_view query, const session& s);
  http::server_response on_note(const http::server_request& req, const session& s,
                                std::uint64_t note);

  /// Returns the session the request's cookie names, or nullopt.
  static std::optional<session> session_of(const http::server_request& req);

  /// Returns the inner service's answer to `method target` with `body`,
  /// sent with the session's token (when `s` is not null).
  http::server_response call(std::string method, std::string target, std::string body,
                             const session* s);

  notes_service& inner_;
  note_owners owners_;
};

} // namespace throng::server
