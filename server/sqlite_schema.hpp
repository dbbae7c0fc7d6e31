#pragma once

// The tables of the SQLite store's databases: the directory's and a shard's.

namespace throng::server {

/// The directory: every account (its shard included) and the live tokens.
inline constexpr const char* directory_schema
  = "CREATE TABLE IF NOT EXISTS accounts ("
    "  seq INTEGER PRIMARY KEY," // n of the id "a<n>"
    "  id TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL UNIQUE,"
    "  secret TEXT NOT NULL,"
    "  shard INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS tokens ("
    "  token TEXT PRIMARY KEY,"
    "  account_id TEXT NOT NULL) WITHOUT ROWID;";

/// A shard: the notes of the accounts on it. AUTOINCREMENT records the
/// highest seq ever used in sqlite_sequence, so that a deleted last note
/// does not hand its id out again after a restart.
inline constexpr const char* shard_schema
  = "CREATE TABLE IF NOT EXISTS notes ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT," // n of the id "n<n>"
    "  account_id TEXT NOT NULL,"
    "  content TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS notes_by_account ON notes (account_id, seq);";

} // namespace throng::server
