// The SQLite store: one database per shard plus a directory (sqlite_store.hpp).

#include "server/sqlite_store.hpp"

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <utility>

#include <sqlite3.h>

#include "server/ids.hpp"
#include "server/sqlite_query.hpp"

namespace throng::server {

namespace {

using database = sqlite_store::database;

// Rows changed by the last statement run on `db`; the caller holds its mutex.
int changes(database& db) {
  return sqlite3_changes(db.db);
}

// The error of a query that gave no row: not_found when it ran to its end.
store_error no_row(step_result r) {
  return r == step_result::done ? store_error::not_found : store_error::failed;
}

constexpr const char* directory_schema
  = "CREATE TABLE IF NOT EXISTS accounts ("
    "  seq INTEGER PRIMARY KEY," // n of the id "a<n>"
    "  id TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL UNIQUE,"
    "  secret TEXT NOT NULL,"
    "  shard INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS tokens ("
    "  token TEXT PRIMARY KEY,"
    "  account_id TEXT NOT NULL) WITHOUT ROWID;";

// AUTOINCREMENT records the highest seq ever used in sqlite_sequence, so
// that a deleted last note does not hand its id out again after a restart.
constexpr const char* shard_schema
  = "CREATE TABLE IF NOT EXISTS notes ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT," // n of the id "n<n>"
    "  account_id TEXT NOT NULL,"
    "  content TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS notes_by_account ON notes (account_id, seq);";

} // namespace

sqlite_store::sqlite_store(std::unique_ptr<database> directory,
                           std::vector<std::unique_ptr<database>> shards)
  : directory_(std::move(directory)), shards_(std::move(shards)),
    rule_(shards_.size()) {
}

sqlite_store::~sqlite_store() = default;

protocol::result<std::unique_ptr<sqlite_store>>
sqlite_store::open(const std::string& dir, std::size_t shards) {
  using error = protocol::decode_error;
  assert(shards > 0);
  std::filesystem::path root{dir};
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec)
    return error{dir + ": " + ec.message()};
  auto directory = database::open(root / "directory.db", directory_schema);
  if (!directory)
    return directory.error();
  std::vector<std::unique_ptr<database>> dbs;
  for (std::size_t i = 0; i < shards; ++i) {
    auto db = database::open(root / (shard_name(i) + ".db"), shard_schema);
    if (!db)
      return db.error();
    dbs.push_back(std::move(*db));
  }
  std::unique_ptr<sqlite_store> st{
    new sqlite_store(std::move(*directory), std::move(dbs))};
  // Ids continue from the highest ever used, so they stay unique across
  // restarts.
  query accounts{*st->directory_, "SELECT seq, id, shard FROM accounts;"};
  step_result r;
  while ((r = accounts.step()) == step_result::row) {
    auto shard = accounts.integer(2);
    if (shard >= shards)
      return error{st->directory_->path + ": account " + accounts.text(1)
                   + " is on " + shard_name(shard) + ", but there are only "
                   + std::to_string(shards) + " shards"};
    st->accounts_created_ = std::max(st->accounts_created_,
                                     accounts.integer(0));
    st->placement_.emplace(accounts.text(1), shard);
  }
  if (r != step_result::done)
    return error{st->directory_->error()};
  for (auto& db : st->shards_) {
    query seq{*db, "SELECT seq FROM sqlite_sequence WHERE name = 'notes';"};
    while ((r = seq.step()) == step_result::row)
      st->notes_created_ = std::max(st->notes_created_.load(), seq.integer(0));
    if (r != step_result::done)
      return error{db->error()};
  }
  if (auto dropped = st->drop_strays(); !dropped)
    return dropped.error();
  return st;
}

std::optional<std::size_t>
sqlite_store::placement(std::string_view aid) const {
  std::shared_lock guard{placement_mutex_};
  auto i = placement_.find(aid);
  if (i == placement_.end())
    return std::nullopt;
  return i->second;
}

std::string sqlite_store::shard_of(std::string_view aid) const {
  auto shard = placement(aid);
  return shard_name(shard ? *shard : placement_shard(aid, shards_.size()));
}

store_result<std::string> sqlite_store::create_account(std::string_view name,
                                                       std::string secret) {
  std::lock_guard guard{directory_->mutex};
  auto n = accounts_created_ + 1;
  auto id = make_account_id(n);
  auto shard = rule_.pick(id);
  query insert{*directory_, "INSERT INTO accounts (seq, id, name, secret, "
                            "shard) VALUES (?, ?, ?, ?, ?);"};
  insert.bind(n).bind(id).bind(name).bind(secret).bind(
    static_cast<std::uint64_t>(shard));
  switch (insert.run()) {
    case step_result::done:
      break;
    case step_result::constraint:
      return store_error::name_taken;
    default:
      return store_error::failed;
  }
  accounts_created_ = n;
  std::unique_lock placement_guard{placement_mutex_};
  placement_.emplace(id, shard);
  return id;
}

store_result<login_record> sqlite_store::find_login(std::string_view name) {
  std::lock_guard guard{directory_->mutex};
  query select{*directory_, "SELECT id, secret FROM accounts WHERE name = ?;"};
  if (auto r = select.bind(name).step(); r != step_result::row)
    return no_row(r);
  return login_record{select.text(0), select.text(1)};
}

store_result<protocol::account_info>
sqlite_store::find_account(std::string_view aid) {
  protocol::account_info info;
  {
    std::lock_guard guard{directory_->mutex};
    query select{*directory_, "SELECT name FROM accounts WHERE id = ?;"};
    if (auto r = select.bind(aid).step(); r != step_result::row)
      return no_row(r);
    info.name = select.text(0);
  }
  info.id = std::string{aid};
  auto locked = lock_shard(aid);
  if (!locked)
    return store_error::not_found;
  query count{*locked->db, "SELECT count(*) FROM notes WHERE account_id = ?;"};
  if (count.bind(aid).step() != step_result::row)
    return store_error::failed;
  info.note_count = static_cast<std::int64_t>(count.integer(0));
  return info;
}

store_result<protocol::account_info>
sqlite_store::rename_account(std::string_view aid, std::string_view name) {
  {
    std::lock_guard guard{directory_->mutex};
    query update{*directory_, "UPDATE accounts SET name = ? WHERE id = ?;"};
    switch (update.bind(name).bind(aid).run()) {
      case step_result::done:
        if (changes(*directory_) == 0)
          return store_error::not_found;
        break;
      case step_result::constraint:
        return store_error::name_taken;
      default:
        return store_error::failed;
    }
  }
  return find_account(aid);
}

store_result<done> sqlite_store::add_token(std::string token,
                                           std::string_view aid) {
  std::lock_guard guard{directory_->mutex};
  query insert{*directory_, "INSERT OR REPLACE INTO tokens (token, "
                            "account_id) VALUES (?, ?);"};
  if (insert.bind(token).bind(aid).run() != step_result::done)
    return store_error::failed;
  return done{};
}

store_result<std::string>
sqlite_store::token_account(std::string_view token) {
  std::lock_guard guard{directory_->mutex};
  query select{*directory_,
               "SELECT account_id FROM tokens WHERE token = ?;"};
  if (auto r = select.bind(token).step(); r != step_result::row)
    return no_row(r);
  return select.text(0);
}

store_result<std::string> sqlite_store::revoke_token(std::string_view token) {
  std::lock_guard guard{directory_->mutex};
  query del{*directory_,
            "DELETE FROM tokens WHERE token = ? RETURNING account_id;"};
  if (auto r = del.bind(token).step(); r != step_result::row)
    return no_row(r);
  auto aid = del.text(0);
  // The change commits when the statement completes, not at its first row.
  if (del.step() != step_result::done)
    return store_error::failed;
  return aid;
}

std::optional<sqlite_store::locked_shard>
sqlite_store::lock_shard(std::string_view aid) {
  for (;;) {
    auto index = placement(aid);
    if (!index)
      return std::nullopt;
    auto& db = *shards_[*index];
    std::unique_lock lock{db.mutex};
    if (placement(aid) == index)
      return locked_shard{std::move(lock), &db};
  }
}

std::optional<sqlite_store::locked_note>
sqlite_store::lock_note(std::string_view aid, std::string_view nid) {
  auto seq = parse_note_id(nid);
  auto shard = seq ? lock_shard(aid) : std::nullopt;
  if (!shard)
    return std::nullopt;
  return locked_note{std::move(*shard), *seq};
}

store_result<protocol::note> sqlite_store::create_note(std::string_view aid,
                                                       std::string content) {
  auto shard = lock_shard(aid);
  if (!shard)
    return store_error::not_found;
  // Drawn under the shard's mutex: an account's notes get increasing ids in
  // the order they are stored.
  auto n = ++notes_created_;
  query insert{*shard->db, "INSERT INTO notes (seq, account_id, content) "
                           "VALUES (?, ?, ?);"};
  if (insert.bind(n).bind(aid).bind(content).run() != step_result::done)
    return store_error::failed;
  return protocol::note{make_note_id(n), std::move(content)};
}

store_result<protocol::note> sqlite_store::find_note(std::string_view aid,
                                                     std::string_view nid) {
  auto note = lock_note(aid, nid);
  if (!note)
    return store_error::not_found;
  query select{*note->shard.db, "SELECT content FROM notes WHERE seq = ? AND "
                                "account_id = ?;"};
  if (auto r = select.bind(note->seq).bind(aid).step(); r != step_result::row)
    return no_row(r);
  return protocol::note{std::string{nid}, select.text(0)};
}

store_result<protocol::note> sqlite_store::update_note(std::string_view aid,
                                                       std::string_view nid,
                                                       std::string content) {
  auto note = lock_note(aid, nid);
  if (!note)
    return store_error::not_found;
  auto& db = *note->shard.db;
  query update{db, "UPDATE notes SET content = ? WHERE seq = ? AND account_id = ?;"};
  if (update.bind(content).bind(note->seq).bind(aid).run() != step_result::done)
    return store_error::failed;
  if (changes(db) == 0)
    return store_error::not_found;
  return protocol::note{std::string{nid}, std::move(content)};
}

store_result<done> sqlite_store::delete_note(std::string_view aid,
                                             std::string_view nid) {
  auto note = lock_note(aid, nid);
  if (!note)
    return store_error::not_found;
  auto& db = *note->shard.db;
  query del{db, "DELETE FROM notes WHERE seq = ? AND account_id = ?;"};
  if (del.bind(note->seq).bind(aid).run() != step_result::done)
    return store_error::failed;
  if (changes(db) == 0)
    return store_error::not_found;
  return done{};
}

namespace {

// Appends the notes of account `aid` in `db` (whose mutex the caller holds)
// to `out`; returns false when SQLite fails.
bool read_notes(database& db, std::string_view aid, protocol::note_list& out) {
  query select{db, "SELECT seq, content FROM notes WHERE account_id = ? "
                   "ORDER BY seq;"};
  select.bind(aid);
  step_result r;
  while ((r = select.step()) == step_result::row)
    out.notes.push_back(
      protocol::note{make_note_id(select.integer(0)), select.text(1)});
  return r == step_result::done;
}

// Makes the notes of account `aid` in `db` exactly `notes`, in one
// transaction. The caller holds the mutex of `db`.
bool write_notes(database& db, std::string_view aid,
                 const protocol::note_list& notes) {
  if (sqlite3_exec(db.db, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr)
      != SQLITE_OK)
    return false;
  bool ok = query{db, "DELETE FROM notes WHERE account_id = ?;"}
              .bind(aid)
              .run()
            == step_result::done;
  for (const auto& n : notes.notes) {
    auto seq = parse_note_id(n.id);
    if (!ok || !seq)
      break;
    ok = query{db, "INSERT INTO notes (seq, account_id, content) "
                   "VALUES (?, ?, ?);"}
           .bind(*seq)
           .bind(aid)
           .bind(n.content)
           .run()
         == step_result::done;
  }
  if (ok && sqlite3_exec(db.db, "COMMIT;", nullptr, nullptr, nullptr)
              == SQLITE_OK)
    return true;
  sqlite3_exec(db.db, "ROLLBACK;", nullptr, nullptr, nullptr);
  return false;
}

} // namespace

store_result<protocol::note_list>
sqlite_store::list_notes(std::string_view aid) {
  auto shard = lock_shard(aid);
  if (!shard)
    return store_error::not_found;
  protocol::note_list out;
  if (!read_notes(*shard->db, aid, out))
    return store_error::failed;
  return out;
}

std::size_t sqlite_store::shard_count() const noexcept {
  return shards_.size();
}

void sqlite_store::set_accepting(std::size_t shard, bool accepting) {
  rule_.set_open(shard, accepting);
}

store_result<std::vector<shard_usage>> sqlite_store::usage() {
  std::vector<shard_usage> out;
  for (std::size_t i = 0; i < shards_.size(); ++i)
    out.push_back(shard_usage{shard_name(i), 0, 0});
  {
    std::shared_lock guard{placement_mutex_};
    for (const auto& entry : placement_)
      ++out[entry.second].accounts;
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    auto& db = *shards_[i];
    std::lock_guard guard{db.mutex};
    query count{db, "SELECT count(*) FROM notes;"};
    if (count.step() != step_result::row)
      return store_error::failed;
    out[i].notes = count.integer(0);
  }
  return out;
}

store_result<std::vector<std::string>>
sqlite_store::accounts_on(std::size_t shard, std::size_t limit) {
  std::vector<std::string> out;
  std::shared_lock guard{placement_mutex_};
  for (const auto& entry : placement_) {
    if (out.size() >= limit)
      break;
    if (entry.second == shard)
      out.push_back(entry.first);
  }
  return out;
}

store_result<done> sqlite_store::move_account(std::string_view aid,
                                              std::size_t to) {
  if (to >= shards_.size())
    return store_error::not_found;
  for (;;) {
    auto from = placement(aid);
    if (!from)
      return store_error::not_found;
    if (*from == to)
      return done{};
    auto& src = *shards_[*from];
    auto& dst = *shards_[to];
    std::scoped_lock guard{src.mutex, dst.mutex};
    if (placement(aid) != from)
      continue;
    // Copy, switch the directory, delete the original: a crash between two
    // steps leaves a stray copy that open() deletes, never a lost note.
    protocol::note_list notes;
    if (!read_notes(src, aid, notes) || !write_notes(dst, aid, notes))
      return store_error::failed;
    {
      std::lock_guard directory_guard{directory_->mutex};
      query update{*directory_, "UPDATE accounts SET shard = ? WHERE id = ?;"};
      if (update.bind(static_cast<std::uint64_t>(to)).bind(aid).run()
          != step_result::done)
        return store_error::failed;
    }
    {
      std::unique_lock placement_guard{placement_mutex_};
      placement_.find(aid)->second = to;
    }
    query del{src, "DELETE FROM notes WHERE account_id = ?;"};
    if (del.bind(aid).run() != step_result::done)
      return store_error::failed;
    return done{};
  }
}

store_result<done>
sqlite_store::replace_notes(std::string_view aid,
                            const protocol::note_list& notes) {
  auto shard = lock_shard(aid);
  if (!shard)
    return store_error::not_found;
  if (!write_notes(*shard->db, aid, notes))
    return store_error::failed;
  return done{};
}

protocol::result<bool> sqlite_store::drop_strays() {
  using error = protocol::decode_error;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    auto& db = *shards_[i];
    std::lock_guard guard{db.mutex};
    std::vector<std::string> strays;
    {
      query select{db, "SELECT DISTINCT account_id FROM notes;"};
      step_result r;
      while ((r = select.step()) == step_result::row) {
        auto aid = select.text(0);
        if (placement(aid) != i)
          strays.push_back(std::move(aid));
      }
      if (r != step_result::done)
        return error{db.error()};
    }
    for (const auto& aid : strays)
      if (query{db, "DELETE FROM notes WHERE account_id = ?;"}.bind(aid).run()
          != step_result::done)
        return error{db.error()};
  }
  return true;
}

} // namespace throng::server
