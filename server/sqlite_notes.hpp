#pragma once

// The rows of one account's notes in a shard database of the SQLite store:
// read them all, replace them all (what moves and replays need).

#include <string_view>

#include "protocol/api_types.hpp"
#include "server/sqlite_database.hpp"

namespace throng::server {

/// Appends the notes of account `aid` in `db` (whose mutex the caller
/// holds) to `out`, in id order; returns false when SQLite fails.
bool read_notes(sqlite_store::database& db, std::string_view aid,
                protocol::note_list& out);

/// Makes the notes of account `aid` in `db` exactly `notes`, in one
/// transaction of its own: the caller holds the mutex of `db`, with no
/// batch of its committer open. Returns false (nothing changed) when
/// SQLite fails.
bool write_notes(sqlite_store::database& db, std::string_view aid,
                 const protocol::note_list& notes);

} // namespace throng::server
