#pragma once

// The storage behind the reference notes service: accounts with their names
// and password data, session tokens, and each account's notes. The service
// decides what a request means and in which order errors win; a store keeps
// the state and applies each change atomically. Accounts are never removed.
// Implementations are thread-safe. Failures come back as store_error values.

#include <cstdint>
#include <string>
#include <string_view>

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
};

} // namespace throng::server
