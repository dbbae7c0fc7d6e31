#pragma once

// One connection to a database of the SQLite store: the connection, its
// mutex and its prepared statements.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "protocol/result.hpp"
#include "server/sqlite_store.hpp"

namespace throng::server {

/// One connection to a database (the directory or a shard), the writer or
/// a reader. Owns the connection and
/// the statements it prepared; closes them when it goes. Not thread-safe
/// by itself: whoever uses `db` or `prepare()` holds `mutex`.
struct sqlite_store::database {
  std::string path;
  sqlite3* db = nullptr;
  std::mutex mutex;
  // Keyed by the SQL text of string literals, prepared on first use.
  std::unordered_map<std::string_view, sqlite3_stmt*> statements;

  /// Opens (creating when missing) the database at `path` in WAL mode with
  /// synchronous commits and runs `schema`: the connection that writes.
  /// Returns a message naming the path when SQLite refuses.
  static protocol::result<std::unique_ptr<database>>
  open(const std::filesystem::path& path, const char* schema);

  /// Opens the database at `path`, which open() made, read-only: a
  /// connection that sees only committed transactions (WAL), and reads
  /// while the writer commits. Returns a message naming the path when
  /// SQLite refuses.
  static protocol::result<std::unique_ptr<database>>
  open_reader(const std::filesystem::path& path);

  database() = default;
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database();

  /// Returns the prepared statement for `sql`, a string literal, or nullptr
  /// when it does not prepare. The caller holds `mutex`.
  sqlite3_stmt* prepare(std::string_view sql);

  /// Returns the path and SQLite's message for the last error.
  std::string error() const;
};

} // namespace throng::server
