// One open database of the SQLite store (sqlite_database.hpp).

#include "server/sqlite_database.hpp"

#include "server/sqlite_query.hpp"

namespace throng::server {

namespace {

// Why: WAL lets a commit be one append to the log, and lets a reader
// connection read the last committed state while the writer commits;
// synchronous=FULL syncs the log at every commit, so an answered write
// survives a power loss as well as a killed process (NORMAL would only
// survive the latter). Another process is kept off the files by the
// store's lock file (dir_lock), not by SQLite's exclusive locking mode,
// which would keep the reader off too.
constexpr const char* pragmas = "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = FULL;";

// How long a connection waits for a lock SQLite takes briefly on its own
// (the WAL index during a checkpoint) before its call fails.
constexpr int busy_timeout_ms = 5000;

protocol::result<std::unique_ptr<sqlite_store::database>>
open_connection(const std::filesystem::path& path, int flags) {
  using error = protocol::decode_error;
  auto db = std::make_unique<sqlite_store::database>();
  db->path = path.string();
  auto rc = sqlite3_open_v2(db->path.c_str(), &db->db,
                            flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK)
    return error{db->db != nullptr ? db->error()
                                   : db->path + ": " + sqlite3_errstr(rc)};
  sqlite3_busy_timeout(db->db, busy_timeout_ms);
  return db;
}

} // namespace

sqlite_store::database::~database() {
  for (auto& entry : statements)
    sqlite3_finalize(entry.second);
  sqlite3_close(db);
}

sqlite3_stmt* sqlite_store::database::prepare(std::string_view sql) {
  if (auto i = statements.find(sql); i != statements.end())
    return i->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr)
      != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return nullptr;
  }
  statements.emplace(sql, stmt);
  return stmt;
}

std::string sqlite_store::database::error() const {
  return path + ": " + sqlite3_errmsg(db);
}

protocol::result<std::unique_ptr<sqlite_store::database>>
sqlite_store::database::open(const std::filesystem::path& path, const char* schema) {
  using error = protocol::decode_error;
  auto db = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db)
    return db.error();
  auto& d = **db;
  if (sqlite3_exec(d.db, pragmas, nullptr, nullptr, nullptr) != SQLITE_OK
      || sqlite3_exec(d.db, schema, nullptr, nullptr, nullptr) != SQLITE_OK)
    return error{d.error()};
  query mode{d, "PRAGMA journal_mode;"};
  if (mode.step() != step_result::row || mode.text(0) != "wal")
    return error{d.path + ": cannot switch to WAL mode"};
  return db;
}

protocol::result<std::unique_ptr<sqlite_store::database>>
sqlite_store::database::open_reader(const std::filesystem::path& path) {
  return open_connection(path, SQLITE_OPEN_READONLY);
}

} // namespace throng::server
