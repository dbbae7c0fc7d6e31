#pragma once

// One database file of the SQLite store behind its two connections: the
// writer with its group committer, and a reader of committed state.

#include <filesystem>
#include <memory>

#include "protocol/result.hpp"
#include "server/commit_options.hpp"
#include "server/group_committer.hpp"
#include "server/sqlite_database.hpp"

namespace throng::server {

/// One database file (the directory or a shard) of the SQLite store. The
/// writer makes every change, batched into transactions by the committer;
/// the reader serves the reads from the last committed state, so that a
/// read neither waits for a commit nor sees a write that may still be
/// rolled back. Each connection is used with its own mutex held.
struct sqlite_file {
  std::unique_ptr<sqlite_store::database> writer;
  std::unique_ptr<sqlite_store::database> reader;
  std::unique_ptr<group_committer> committer; // last: goes first

  /// Opens (creating when missing) the database at `path` with `schema`,
  /// its reader, and its committer as `opts` says. Returns a message naming
  /// the path when SQLite refuses.
  static protocol::result<std::unique_ptr<sqlite_file>>
  open(const std::filesystem::path& path, const char* schema,
       const commit_options& opts);
};

} // namespace throng::server
