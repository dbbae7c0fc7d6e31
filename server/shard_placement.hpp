#pragma once

// Where a new account goes: FNV-1a of its id over the shards open to new
// accounts.

#include <cstddef>
#include <mutex>
#include <string_view>
#include <vector>

namespace throng::server {

/// The rule that places a new account: among the shards open to new
/// accounts, in shard order, the one at (FNV-1a of the account id) mod (the
/// number of open shards). Every shard starts open; a migration closes the
/// shard it drains, so that no new account lands on it, and opens the one
/// it fills. With every shard closed, all of them count as open. Shared by
/// the stores so that both place alike. Thread-safe.
class shard_placement {
public:
  /// Creates the rule for `shards` shards (at least 1), all open.
  explicit shard_placement(std::size_t shards);

  /// Returns the shard a new account with id `aid` goes to.
  std::size_t pick(std::string_view aid) const;

  /// Opens or closes shard `shard` to new accounts (ignored when out of
  /// range).
  void set_open(std::size_t shard, bool open);

private:
  mutable std::mutex mutex_;
  std::vector<bool> open_;
};

} // namespace throng::server
