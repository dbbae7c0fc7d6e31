#pragma once

// The notes service of shared/api-v1.md as a plain function of request to
// response, independent of sockets: the HTTP server calls it, and tests call
// it directly.

#include <optional>
#include <string>

#include "http/server.hpp"
#include "protocol/routes.hpp"
#include "server/fault_injector.hpp"
#include "server/migrator.hpp"
#include "server/store.hpp"

namespace throng::server {

/// Answers API requests from the state in a store. Checks each request in
/// the order of the API's error precedence (404 path, 405, 401, 404 account,
/// 403, 400, 404 note, 409); 413 is left to the HTTP plumbing. Passwords are
/// kept salted and hashed (SHA-256); tokens are 128 random bits in hex.
/// With a fault injector it misbehaves as told (fault_injector.hpp), on
/// every API path but /healthz; with a migrator running
/// stale-after-cutover it serves the reads of moved accounts from their old
/// copy. Holds no state of its own: thread-safe as its parts are.
class notes_service {
public:
  /// Serves from `st`, with `faults` and `migrations` when not null; each
  /// must outlive the service.
  explicit notes_service(store& st, fault_injector* faults = nullptr,
                         const migrator* migrations = nullptr);

  /// Returns the answer to `req`: a JSON body (empty for 204), and the
  /// account's shard for successes that concern one account. Errors come
  /// back as 4xx answers with {"error": ...}; a failure to draw random bytes
  /// or a store_error::failed as a 500. Throws only std::bad_alloc.
  http::server_response handle(const http::server_request& req);

private:
  /// Answers `req`, whose target parses as `r`.
  http::server_response route(const http::server_request& req,
                              const protocol::route& r);

  /// Returns the stale copy account `aid` is read from, if any.
  std::optional<stale_copy> stale_view(const std::string& aid) const;

  http::server_response sign_up(const http::server_request& req);
  http::server_response log_in(const http::server_request& req);
  http::server_response log_out(const http::server_request& req);
  http::server_response read_account(const http::server_request& req,
                                     const std::string& aid);
  http::server_response update_account(const http::server_request& req,
                                       const std::string& aid);
  http::server_response create_note(const http::server_request& req,
                                    const std::string& aid);
  http::server_response list_notes(const http::server_request& req,
                                   const std::string& aid);
  http::server_response read_note(const http::server_request& req,
                                  const std::string& aid,
                                  const std::string& nid);
  http::server_response update_note(const http::server_request& req,
                                    const std::string& aid,
                                    const std::string& nid);
  http::server_response delete_note(const http::server_request& req,
                                    const std::string& aid,
                                    const std::string& nid);

  /// Returns the error answer when `req` may not act on account `aid`
  /// (401, 404 account, 403), or nullopt when it may.
  std::optional<http::server_response>
  authorize(const http::server_request& req, const std::string& aid);

  /// Returns a success answer carrying the shard of account `aid`.
  http::server_response success(int status, std::string body,
                                const std::string& aid) const;

  store& store_;
  fault_injector* faults_;
  const migrator* migrations_;
};

} // namespace throng::server
