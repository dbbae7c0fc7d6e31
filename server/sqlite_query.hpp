#pragma once

// One run of a prepared statement of the SQLite store: bind, step, read.

#include <cstdint>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "server/sqlite_database.hpp"

namespace throng::server {

/// What one step of a query gave.
enum class step_result { row, done, constraint, failed };

/// One run of a cached statement of a database whose mutex the caller
/// holds: binds parameters in order, steps, and resets the statement when
/// it goes. Bound strings are not copied: they must outlive the query. A
/// statement that did not prepare, or a failed bind, makes step() failed.
class query {
public:
  query(sqlite_store::database& db, std::string_view sql);

  query(const query&) = delete;
  query& operator=(const query&) = delete;

  ~query();

  /// Binds the next parameter to `text`.
  query& bind(std::string_view text);

  /// Binds the next parameter to `n`.
  query& bind(std::uint64_t n);

  /// Steps the statement once.
  step_result step();

  /// Steps a statement that returns no rows: a row is a failure.
  step_result run();

  /// Returns column `column` of the current row as text.
  std::string text(int column) const;

  /// Returns column `column` of the current row as an integer.
  std::uint64_t integer(int column) const;

private:
  sqlite3_stmt* stmt_;
  bool bound_ = true;
  int index_ = 0;
};

/// Runs `sql`, a statement that returns no rows, once with `args` bound on
/// `db`, whose mutex the caller holds, and resets it before returning: a
/// writer waits for its commit with the mutex released, and meanwhile
/// another writer runs the same statement.
template <class... Args>
step_result run_once(sqlite_store::database& db, const char* sql,
                     const Args&... args) {
  query q{db, sql};
  (q.bind(args), ...);
  return q.run();
}

} // namespace throng::server
