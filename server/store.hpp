#pragma once

// The storage behind the reference notes service: accounts with their names
// and password data, session tokens, and each account's notes. The service
// decides what a request means and in which order errors win; a store keeps
// the state and applies each change atomically. Accounts are never removed.
// Implementations are thread-safe. Failures come back as store_error values.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/api_types.hpp"
#include "protocol/result.hpp"

namespace throng::server {

/// Why a store operation did nothing.
enum class store_error : std::uint8_t {
  not_found,  // no such account, token or note
  name_taken, // another account has the name
  failed,     // the storage failed (I/O, a full disk); the change may or
              // may not have been made
};

/// A store operation's value or why it did nothing.
template <class T>
using store_result = protocol::result<T, store_error>;

/// The value of an operation that succeeds with nothing to return.
struct done {};

/// What a log-in needs: the account's id and the password data it was
/// created with.
struct login_record {
  std::string account_id;
  std::string secret;
};

/// What one shard holds.
struct shard_usage {
  std::string name; // "shard-0"
  std::uint64_t accounts = 0;
  std::uint64_t notes = 0;
};

/// The interface every storage back end implements.
class store {
public:
  virtual ~store() = default;

  /// Creates an account named `name` holding `secret` (password data the
  /// store does not interpret) and returns its new URL-safe id. Fails with
  /// name_taken when another account has the name.
  virtual store_result<std::string> create_account(std::string_view name,
                                                   std::string secret)
    = 0;

  /// Returns the id and secret of the account named `name`, or not_found.
  virtual store_result<login_record> find_login(std::string_view name) = 0;

  /// Returns account `aid` with its note count, or not_found.
  virtual store_result<protocol::account_info>
  find_account(std::string_view aid) = 0;

  /// Renames account `aid` and returns it. Fails with not_found, or with
  /// name_taken when another account has the name (keeping its own name
  /// succeeds).
  virtual store_result<protocol::account_info>
  rename_account(std::string_view aid, std::string_view name) = 0;

  /// Returns the name of the shard that holds account `aid` ("shard-0",
  /// ...). Defined for any id; the same id always gives the same shard.
  virtual std::string shard_of(std::string_view aid) const = 0;

  /// Records `token` as a session of account `aid`.
  virtual store_result<done> add_token(std::string token,
                                       std::string_view aid)
    = 0;

  /// Returns the account a live token belongs to, or not_found for a token
  /// never added or already revoked.
  virtual store_result<std::string> token_account(std::string_view token) = 0;

  /// Revokes `token` and returns the account it belonged to, or not_found.
  virtual store_result<std::string> revoke_token(std::string_view token) = 0;

  /// Adds a note to account `aid` and returns it with its new URL-safe id.
  /// Fails with not_found for an unknown account.
  virtual store_result<protocol::note> create_note(std::string_view aid,
                                                   std::string content)
    = 0;

  /// Returns note `nid` of account `aid`, or not_found (also when the note
  /// belongs to another account).
  virtual store_result<protocol::note> find_note(std::string_view aid,
                                                 std::string_view nid)
    = 0;

  /// Replaces the content of note `nid` of account `aid` and returns the
  /// note, or not_found.
  virtual store_result<protocol::note> update_note(std::string_view aid,
                                                   std::string_view nid,
                                                   std::string content)
    = 0;

  /// Deletes note `nid` of account `aid`, or fails with not_found.
  virtual store_result<done> delete_note(std::string_view aid,
                                         std::string_view nid)
    = 0;

  /// Returns the notes of account `aid` in creation order, or not_found.
  virtual store_result<protocol::note_list> list_notes(std::string_view aid)
    = 0;

  // Shards and migration (docs/migration.md).

  /// Returns the number of shards.
  virtual std::size_t shard_count() const noexcept = 0;

  /// Opens or closes shard `shard` to new accounts. New accounts go to
  /// shard_placement's rule over the open shards; a migration closes the
  /// shard it drains and opens the one it fills.
  virtual void set_accepting(std::size_t shard, bool accepting) = 0;

  /// Returns the accounts and notes of every shard, in shard order.
  virtual store_result<std::vector<shard_usage>> usage() = 0;

  /// Returns the ids of the accounts on shard `shard` (at most `limit`).
  virtual store_result<std::vector<std::string>>
  accounts_on(std::size_t shard, std::size_t limit) = 0;

  /// Moves account `aid` and all its notes to shard `to`, note ids kept.
  /// Atomic with respect to every other call: a request on the account
  /// sees it wholly on the old shard or wholly on the new one. Both shards
  /// are locked for the duration of the copy. Fails with not_found for an
  /// unknown account; moving an account to its own shard does nothing.
  virtual store_result<done> move_account(std::string_view aid,
                                          std::size_t to)
    = 0;

  /// Makes the notes of account `aid` exactly `notes` (ids and contents),
  /// wherever the account is: what a copy taken earlier would install. Only
  /// --migration-bug lose-writes-during-copy uses it.
  virtual store_result<done> replace_notes(std::string_view aid,
                                           const protocol::note_list& notes)
    = 0;
};

} // namespace throng::server
