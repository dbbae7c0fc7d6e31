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
#include "server/sqlite_file.hpp"
#include "server/sqlite_notes.hpp"
#include "server/sqlite_query.hpp"
#include "server/sqlite_schema.hpp"

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

// The error of a directory write that gave `r` in a batch that committed or
// not (a name taken: name_taken); nullopt when it took effect.
std::optional<store_error> write_error(bool committed, step_result r) {
  if (!committed || (r != step_result::done && r != step_result::constraint))
    return store_error::failed;
  return r == step_result::constraint ? std::optional{store_error::name_taken} : std::nullopt;
}

} // namespace

sqlite_store::sqlite_store(dir_lock lock,
                           std::unique_ptr<sqlite_file> directory,
                           std::vector<std::unique_ptr<sqlite_file>> shards)
  : lock_(std::move(lock)), directory_(std::move(directory)),
    shards_(std::move(shards)), rule_(shards_.size()) {
}

sqlite_store::~sqlite_store() = default;

protocol::result<std::unique_ptr<sqlite_store>>
sqlite_store::open(const std::string& dir, std::size_t shards,
                   const commit_options& commits) {
  using error = protocol::decode_error;
  assert(shards > 0);
  std::filesystem::path root{dir};
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec)
    return error{dir + ": " + ec.message()};
  auto lock = dir_lock::take(dir);
  if (!lock)
    return lock.error();
  auto directory = sqlite_file::open(root / "directory.db", directory_schema,
                                     commits);
  if (!directory)
    return directory.error();
  std::vector<std::unique_ptr<sqlite_file>> files;
  for (std::size_t i = 0; i < shards; ++i) {
    auto file = sqlite_file::open(root / (shard_name(i) + ".db"),
                                  shard_schema, commits);
    if (!file)
      return file.error();
    files.push_back(std::move(*file));
  }
  std::unique_ptr<sqlite_store> st{new sqlite_store(
    std::move(*lock), std::move(*directory), std::move(files))};
  if (auto loaded = st->load(); !loaded)
    return loaded.error();
  return st;
}

protocol::result<bool> sqlite_store::load() {
  using error = protocol::decode_error;
  // Ids continue from the highest ever used, so they stay unique across
  // restarts.
  step_result r;
  {
    // Released before a shard's is taken: a move takes them the other way.
    auto& dir = *directory_->writer;
    std::lock_guard guard{dir.mutex};
    query accounts{dir, "SELECT seq, id, shard FROM accounts;"};
    while ((r = accounts.step()) == step_result::row) {
      auto shard = accounts.integer(2);
      if (shard >= shards_.size())
        return error{dir.path + ": account " + accounts.text(1) + " is on "
                     + shard_name(shard) + ", but there are only "
                     + std::to_string(shards_.size()) + " shards"};
      accounts_created_ = std::max(accounts_created_, accounts.integer(0));
      placement_.emplace(accounts.text(1), shard);
    }
    if (r != step_result::done)
      return error{dir.error()};
  }
  for (auto& file : shards_) {
    auto& db = *file->writer;
    std::lock_guard shard_guard{db.mutex};
    query seq{db, "SELECT seq FROM sqlite_sequence WHERE name = 'notes';"};
    while ((r = seq.step()) == step_result::row)
      notes_created_ = std::max(notes_created_.load(), seq.integer(0));
    if (r != step_result::done)
      return error{db.error()};
  }
  return drop_strays();
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
  auto& dir = *directory_->writer;
  std::unique_lock lock{dir.mutex};
  if (!directory_->committer->begin())
    return store_error::failed;
  // Counted at once: the next account of the same batch takes the next id,
  // and one of a batch that fails leaves a gap, never a reused id.
  auto n = ++accounts_created_;
  auto id = make_account_id(n);
  auto shard = rule_.pick(id);
  auto r = run_once(dir, "INSERT INTO accounts (seq, id, name, secret, "
                         "shard) VALUES (?, ?, ?, ?, ?);",
                    n, id, name, secret, static_cast<std::uint64_t>(shard));
  if (r != step_result::done)
    --accounts_created_; // still ours: the mutex was held since
  // Even a refusal waits: the name may be taken by a write of this batch,
  // which could still fail.
  if (auto e = write_error(directory_->committer->commit(lock), r))
    return *e;
  std::unique_lock placement_guard{placement_mutex_};
  placement_.emplace(id, shard);
  return id;
}

store_result<login_record> sqlite_store::find_login(std::string_view name) {
  auto& dir = *directory_->reader;
  std::lock_guard guard{dir.mutex};
  query select{dir, "SELECT id, secret FROM accounts WHERE name = ?;"};
  if (auto r = select.bind(name).step(); r != step_result::row)
    return no_row(r);
  return login_record{select.text(0), select.text(1)};
}

store_result<protocol::account_info>
sqlite_store::find_account(std::string_view aid) {
  protocol::account_info info;
  {
    auto& dir = *directory_->reader;
    std::lock_guard guard{dir.mutex};
    query select{dir, "SELECT name FROM accounts WHERE id = ?;"};
    if (auto r = select.bind(aid).step(); r != step_result::row)
      return no_row(r);
    info.name = select.text(0);
  }
  info.id = std::string{aid};
  auto count = note_count(aid);
  if (!count)
    return count.error();
  info.note_count = *count;
  return info;
}

store_result<std::int64_t> sqlite_store::note_count(std::string_view aid) {
  auto locked = lock_shard(aid, access::read);
  if (!locked)
    return store_error::not_found;
  query count{*locked->db, "SELECT count(*) FROM notes WHERE account_id = ?;"};
  if (count.bind(aid).step() != step_result::row)
    return store_error::failed;
  return static_cast<std::int64_t>(count.integer(0));
}

store_result<protocol::account_info>
sqlite_store::rename_account(std::string_view aid, std::string_view name) {
  {
    auto& dir = *directory_->writer;
    std::unique_lock lock{dir.mutex};
    if (!directory_->committer->begin())
      return store_error::failed;
    auto r = run_once(dir, "UPDATE accounts SET name = ? WHERE id = ?;",
                      name, aid);
    bool renamed = r == step_result::done && changes(dir) > 0;
    if (auto e = write_error(directory_->committer->commit(lock), r))
      return *e;
    if (!renamed)
      return store_error::not_found;
  }
  auto info = find_account(aid);
  if (info)
    info->name = std::string{name}; // not a later rename's, if one came
  return info;
}

store_result<done> sqlite_store::add_token(std::string token,
                                           std::string_view aid) {
  auto& dir = *directory_->writer;
  std::unique_lock lock{dir.mutex};
  if (!directory_->committer->begin())
    return store_error::failed;
  auto r = run_once(dir, "INSERT OR REPLACE INTO tokens (token, "
                         "account_id) VALUES (?, ?);",
                    token, aid);
  if (!directory_->committer->commit(lock) || r != step_result::done)
    return store_error::failed;
  return done{};
}

store_result<std::string>
sqlite_store::token_account(std::string_view token) {
  auto& dir = *directory_->reader;
  std::lock_guard guard{dir.mutex};
  query select{dir, "SELECT account_id FROM tokens WHERE token = ?;"};
  if (auto r = select.bind(token).step(); r != step_result::row)
    return no_row(r);
  return select.text(0);
}

store_result<std::string> sqlite_store::revoke_token(std::string_view token) {
  auto& dir = *directory_->writer;
  std::unique_lock lock{dir.mutex};
  if (!directory_->committer->begin())
    return store_error::failed;
  store_result<std::string> out = store_error::failed;
  {
    query del{dir, "DELETE FROM tokens WHERE token = ? RETURNING account_id;"};
    if (auto r = del.bind(token).step(); r != step_result::row) {
      out = no_row(r);
    } else {
      out = del.text(0);
      // The change is made when the statement completes, not at its row.
      if (del.step() != step_result::done)
        out = store_error::failed;
    }
  }
  if (!directory_->committer->commit(lock))
    return store_error::failed;
  return out;
}
std::optional<sqlite_store::locked_shard>
sqlite_store::lock_shard(std::string_view aid, access a) {
  for (;;) {
    auto index = placement(aid);
    if (!index)
      return std::nullopt;
    auto& file = *shards_[*index];
    auto& db = a == access::read ? *file.reader : *file.writer;
    std::unique_lock lock{db.mutex};
    if (placement(aid) == index)
      return locked_shard{std::move(lock), &db, &file};
  }
}

std::optional<sqlite_store::locked_note>
sqlite_store::lock_note(std::string_view aid, std::string_view nid,
                        access a) {
  auto seq = parse_note_id(nid);
  auto shard = seq ? lock_shard(aid, a) : std::nullopt;
  if (!shard)
    return std::nullopt;
  return locked_note{std::move(*shard), *seq};
}

store_result<protocol::note> sqlite_store::create_note(std::string_view aid,
                                                       std::string content) {
  auto shard = lock_shard(aid, access::write);
  if (!shard)
    return store_error::not_found;
  auto& committer = *shard->file->committer;
  if (!committer.begin())
    return store_error::failed;
  // Drawn under the writer's mutex: an account's notes get increasing ids
  // in the order they are stored.
  auto n = ++notes_created_;
  auto r = run_once(*shard->db, "INSERT INTO notes (seq, account_id, "
                                "content) VALUES (?, ?, ?);",
                    n, aid, content);
  if (!committer.commit(shard->lock) || r != step_result::done)
    return store_error::failed;
  return protocol::note{make_note_id(n), std::move(content)};
}

store_result<protocol::note> sqlite_store::find_note(std::string_view aid,
                                                     std::string_view nid) {
  auto note = lock_note(aid, nid, access::read);
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
  auto note = lock_note(aid, nid, access::write);
  if (!note)
    return store_error::not_found;
  auto& db = *note->shard.db;
  auto& committer = *note->shard.file->committer;
  if (!committer.begin())
    return store_error::failed;
  auto r = run_once(db, "UPDATE notes SET content = ? WHERE seq = ? AND "
                        "account_id = ?;",
                    content, note->seq, aid);
  bool found = r == step_result::done && changes(db) > 0;
  // A not_found waits too: the note may be one a write of this batch
  // deleted, which could still fail.
  if (!committer.commit(note->shard.lock) || r != step_result::done)
    return store_error::failed;
  if (!found)
    return store_error::not_found;
  return protocol::note{std::string{nid}, std::move(content)};
}

store_result<done> sqlite_store::delete_note(std::string_view aid,
                                             std::string_view nid) {
  auto note = lock_note(aid, nid, access::write);
  if (!note)
    return store_error::not_found;
  auto& db = *note->shard.db;
  auto& committer = *note->shard.file->committer;
  if (!committer.begin())
    return store_error::failed;
  auto r = run_once(db, "DELETE FROM notes WHERE seq = ? AND account_id = ?;",
                    note->seq, aid);
  bool found = r == step_result::done && changes(db) > 0;
  if (!committer.commit(note->shard.lock) || r != step_result::done)
    return store_error::failed;
  if (!found)
    return store_error::not_found;
  return done{};
}

store_result<protocol::note_list>
sqlite_store::list_notes(std::string_view aid) {
  auto shard = lock_shard(aid, access::read);
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
    auto& db = *shards_[i]->reader;
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
    std::scoped_lock guard{src.writer->mutex, dst.writer->mutex};
    if (placement(aid) != from)
      continue;
    // The batches of both shards end first, so that the copy is of
    // committed notes and runs in transactions of its own.
    src.committer->flush();
    dst.committer->flush();
    // Copy, switch the directory, delete the original: a crash between two
    // steps leaves a stray copy that open() deletes, never a lost note.
    protocol::note_list notes;
    if (!read_notes(*src.writer, aid, notes)
        || !write_notes(*dst.writer, aid, notes))
      return store_error::failed;
    {
      auto& dir = *directory_->writer;
      std::unique_lock lock{dir.mutex};
      if (!directory_->committer->begin())
        return store_error::failed;
      auto r = run_once(dir, "UPDATE accounts SET shard = ? WHERE id = ?;",
                        static_cast<std::uint64_t>(to), aid);
      if (!directory_->committer->commit(lock) || r != step_result::done)
        return store_error::failed;
    }
    {
      // Readers recheck the placement with their connection locked: with
      // both locked here, a read runs wholly before the switch (on the
      // source, whose notes go only after it) or wholly after.
      std::scoped_lock readers{src.reader->mutex, dst.reader->mutex};
      std::unique_lock placement_guard{placement_mutex_};
      placement_.find(aid)->second = to;
    }
    query del{*src.writer, "DELETE FROM notes WHERE account_id = ?;"};
    if (del.bind(aid).run() != step_result::done)
      return store_error::failed;
    return done{};
  }
}

store_result<done>
sqlite_store::replace_notes(std::string_view aid,
                            const protocol::note_list& notes) {
  auto shard = lock_shard(aid, access::write);
  if (!shard)
    return store_error::not_found;
  shard->file->committer->flush();
  if (!write_notes(*shard->db, aid, notes))
    return store_error::failed;
  return done{};
}

protocol::result<bool> sqlite_store::drop_strays() {
  using error = protocol::decode_error;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    auto& db = *shards_[i]->writer;
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
