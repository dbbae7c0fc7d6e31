// One open database of the SQLite store (sqlite_database.hpp).

#include "server/sqlite_database.hpp"

#include "server/sqlite_query.hpp"

namespace throng::server {

namespace {

// Why: WAL lets a commit be one append to the log; synchronous=FULL syncs
// the log at every commit, so an answered write survives a power loss as
// well as a killed process (NORMAL would only survive the latter). The
// exclusive lock keeps a second process off the files, whose counters and
// placement cache would otherwise go stale; it also spares WAL the
// shared-memory index. It must come before journal_mode.
constexpr const char* pragmas = "PRAGMA locking_mode = EXCLUSIVE;"
                                "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = FULL;";

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
  auto db = std::make_unique<database>();
  db->path = path.string();
  auto rc = sqlite3_open_v2(db->path.c_str(), &db->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                              | SQLITE_OPEN_NOMUTEX,
                            nullptr);
  if (rc != SQLITE_OK)
    return error{db->db != nullptr ? db->error()
                                   : db->path + ": " + sqlite3_errstr(rc)};
  if (sqlite3_exec(db->db, pragmas, nullptr, nullptr, nullptr) != SQLITE_OK
      || sqlite3_exec(db->db, schema, nullptr, nullptr, nullptr) != SQLITE_OK)
    return error{db->error()};
  query mode{*db, "PRAGMA journal_mode;"};
  if (mode.step() != step_result::row || mode.text(0) != "wal")
    return error{db->path + ": cannot switch to WAL mode"};
  return db;
}

} // namespace throng::server
