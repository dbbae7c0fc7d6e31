#pragma once

// A store that keeps everything in memory and loses it on exit: the storage
// of the reference notes service unless `--store sqlite:DIR` is given.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/shard_placement.hpp"
#include "server/store.hpp"
#include "server/string_map.hpp"

namespace throng::server {

/// An in-memory store split into shards: a new account goes where
/// shard_placement says, and the directory records its shard, so that it
/// may move. Account names, shards, password data and tokens sit in
/// directories guarded by reader-writer locks; the notes of each shard have
/// a mutex of their own, so that requests on accounts of different shards
/// do not wait for each other. Thread-safe.
class memory_store final : public store {
public:
  /// Creates an empty store with `shards` shards (at least 1).
  explicit memory_store(std::size_t shards);

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

private:
  // Note ids encode a store-wide counter, so ordering a map by it keeps the
  // notes in creation order.
  using note_map = std::map<std::uint64_t, std::string>;

  struct shard {
    std::mutex mutex;
    string_map<note_map> notes; // by account id; every account has an entry
  };

  struct account_record {
    account_record(std::string n, std::size_t s) : name(std::move(n)), shard(s) {
    }
    std::string name;
    // Changes only while the mutex of the shard it names is held, so that
    // whoever holds that mutex and reads this shard sees the account there.
    // Mutable: the directory's lock guards the map, not this field.
    mutable std::atomic<std::size_t> shard;
  };

  /// The notes of one account, with its shard's mutex held.
  struct locked_notes {
    std::unique_lock<std::mutex> lock;
    note_map* notes;
  };

  /// Returns the record of account `aid`, or nullptr. Records are never
  /// removed and unordered_map keeps element addresses, so the pointer
  /// stays valid.
  const account_record* find_record(std::string_view aid) const;

  /// One note of an account, with its shard's mutex held.
  struct locked_note {
    locked_notes notes;
    note_map::iterator at;
  };

  /// Locks the shard that holds account `aid` and returns its notes, or
  /// nullopt for an unknown account.
  std::optional<locked_notes> lock_notes(std::string_view aid);

  /// Locks the shard that holds account `aid` and finds its note `nid`, or
  /// returns nullopt for a malformed id, an unknown account or no such note.
  std::optional<locked_note> lock_note(std::string_view aid, std::string_view nid);

  mutable std::shared_mutex accounts_mutex_; // taken before any shard's
  string_map<account_record> records_;       // account id -> name, shard
  string_map<login_record> logins_;  // account name -> id and secret
  std::uint64_t accounts_created_ = 0;

  std::shared_mutex tokens_mutex_;
  string_map<std::string> tokens_; // token -> account id

  std::vector<std::unique_ptr<shard>> shards_;
  shard_placement placement_;
  std::atomic<std::uint64_t> notes_created_{0};
};

} // namespace throng::server
