#pragma once

// A store that keeps its state in SQLite databases in one directory, so that
// the reference notes service keeps its accounts and notes across restarts
// (docs/storage.md).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"
#include "server/commit_options.hpp"
#include "server/dir_lock.hpp"
#include "server/shard_placement.hpp"
#include "server/store.hpp"
#include "server/string_map.hpp"

namespace throng::server {

struct sqlite_file;

/// A store over SQLite: `DIR/directory.db` holds the accounts (id, name,
/// password data, shard) and the tokens; `DIR/shard-K.db` holds the notes of
/// the accounts on shard K. A new account goes where shard_placement says,
/// as in memory_store, and the directory records it: shard_of reads the
/// record, so accounts may move (move_account: copy, then switch the
/// directory, then delete the old rows; a copy left over by a crash in
/// between is deleted at open). Each database has a writer connection and
/// a reader (sqlite_file): the writes to one database made at about the
/// same time share a transaction (group commit, group_committer; WAL,
/// synchronous=FULL), and a call that writes returns only once its
/// transaction has committed, so whatever a call reported as done survives
/// the process being killed, and a write whose batch failed to commit comes
/// back as store_error::failed and left no trace. Reads see the last
/// committed state and do not wait for commits. Requests on different
/// shards do not wait for each other. Thread-safe; a write blocks its
/// caller until the commit, so callers are threads that may block. A
/// failing SQLite call comes back as store_error::failed, never as an
/// exception. Holds an exclusive lock on its directory (dir_lock): a
/// second store (or process) cannot open the same DIR.
class sqlite_store final : public store {
public:
  /// Opens the store in directory `dir`, creating the directory and the
  /// databases when missing, with `shards` shards (at least 1; an existing
  /// DIR needs at least as many as its accounts are on), batching commits
  /// as `commits` says. Returns an error naming the file and the problem.
  static protocol::result<std::unique_ptr<sqlite_store>>
  open(const std::string& dir, std::size_t shards,
       const commit_options& commits = {});

  ~sqlite_store() override;

  store_result<std::string> create_account(std::string_view name,
                                           std::string secret) override;
  store_result<login_record> find_login(std::string_view name) override;
  store_result<protocol::account_info>
  find_account(std::string_view aid) override;
  store_result<protocol::account_info>
  rename_account(std::string_view aid, std::string_view name) override;
  std::string shard_of(std::string_view aid) const override;

  store_result<done> add_token(std::string token,
                               std::string_view aid) override;
  store_result<std::string> token_account(std::string_view token) override;
  store_result<std::string> revoke_token(std::string_view token) override;

  store_result<protocol::note> create_note(std::string_view aid,
                                           std::string content) override;
  store_result<protocol::note> find_note(std::string_view aid,
                                         std::string_view nid) override;
  store_result<protocol::note> update_note(std::string_view aid,
                                           std::string_view nid,
                                           std::string content) override;
  store_result<done> delete_note(std::string_view aid,
                                 std::string_view nid) override;
  store_result<protocol::note_list>
  list_notes(std::string_view aid) override;

  std::size_t shard_count() const noexcept override;
  void set_accepting(std::size_t shard, bool accepting) override;
  store_result<std::vector<shard_usage>> usage() override;
  store_result<std::vector<std::string>>
  accounts_on(std::size_t shard, std::size_t limit) override;
  store_result<done> move_account(std::string_view aid,
                                  std::size_t to) override;
  store_result<done> replace_notes(std::string_view aid,
                                   const protocol::note_list& notes) override;

  /// One connection to a database: the connection, its prepared
  /// statements and the mutex that serializes their use. Defined in
  /// sqlite_database.hpp.
  struct database;

private:
  sqlite_store(dir_lock lock, std::unique_ptr<sqlite_file> directory,
               std::vector<std::unique_ptr<sqlite_file>> shards);

  /// Returns the shard the directory records for account `aid`, or nullopt
  /// for an unknown account.
  std::optional<std::size_t> placement(std::string_view aid) const;

  /// A connection of an account's shard, with its mutex held.
  struct locked_shard {
    std::unique_lock<std::mutex> lock;
    database* db;
    sqlite_file* file;
  };

  /// Which connection of a shard a call uses.
  enum class access { read, write };

  /// Locks the reader or the writer of the shard that holds account `aid`,
  /// or returns nullopt for an unknown account. A move changes an
  /// account's placement only with both connections of its shard locked,
  /// so the account stays there while held.
  std::optional<locked_shard> lock_shard(std::string_view aid, access a);

  /// The connection of a note's shard, with its mutex held, and the number
  /// its id names.
  struct locked_note {
    locked_shard shard;
    std::uint64_t seq;
  };

  /// Parses note id `nid` and locks the connection `a` names of the shard
  /// that holds account `aid`, or returns nullopt for a malformed id or an unknown
  /// account. Whether the note exists is the query's to find out.
  std::optional<locked_note> lock_note(std::string_view aid,
                                       std::string_view nid, access a);

  /// Returns the number of notes of account `aid`, read from its shard.
  store_result<std::int64_t> note_count(std::string_view aid);

  /// Reads what open() needs from the databases (the highest ids used, the
  /// placements) and drops the strays. Called by open() only.
  protocol::result<bool> load();

  /// Deletes the rows a crash left on a shard the directory does not place
  /// their account on (a copy made before a move switched the directory, or
  /// the old rows after). Called by open() only.
  protocol::result<bool> drop_strays();

  dir_lock lock_; // first: released last
  std::unique_ptr<sqlite_file> directory_;
  std::vector<std::unique_ptr<sqlite_file>> shards_;
  shard_placement rule_;
  std::uint64_t accounts_created_ = 0; // guarded by the directory writer's
                                       // mutex
  std::atomic<std::uint64_t> notes_created_{0};

  // The directory's account -> shard column, read at open and kept in step
  // with its committed state, so that routing a request does not query
  // the directory.
  mutable std::shared_mutex placement_mutex_;
  string_map<std::size_t> placement_;
};

} // namespace throng::server
