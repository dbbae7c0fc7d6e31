#pragma once

// The reference service's admin API (/v1/admin): migrations, shard contents
// and fault counts, behind a bearer token.

#include <string>
#include <string_view>

#include "http/server.hpp"
#include "server/fault_injector.hpp"
#include "server/migrator.hpp"
#include "server/store.hpp"

namespace throng::server {

/// The reference service's admin API under /v1/admin (docs/migration.md):
/// start and follow migrations, see each shard's accounts and notes, count
/// the injected faults. Guarded by a bearer token; with an empty token the
/// API is off and every admin path answers 404. Errors come back as JSON
/// {"error": ...} answers: 404 (path, migration), 405, 401, 400, 409.
/// Thread-safe as its parts are; holds references only.
class admin_api {
public:
  /// Serves over `st`, `migrations` and `faults` (nullptr: none injected),
  /// which must outlive it.
  admin_api(std::string token, store& st, migrator& migrations,
            const fault_injector* faults);

  /// Returns whether `target` is an admin path (/v1/admin or below).
  static bool owns(std::string_view target) noexcept;

  /// Answers an admin request.
  http::server_response handle(const http::server_request& req);

private:
  http::server_response start_migration(const http::server_request& req);
  http::server_response migration(std::string_view id) const;
  http::server_response migrations() const;
  http::server_response shards();
  http::server_response faults() const;

  std::string token_;
  store& store_;
  migrator& migrations_;
  const fault_injector* faults_;
};

} // namespace throng::server
