#pragma once

// The live migrator: moves accounts between the shards of a store while the
// service serves, correctly or with a `--migration-bug`.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "protocol/api_types.hpp"
#include "protocol/result.hpp"
#include "server/store.hpp"

namespace throng::server {

/// A way a live migration goes wrong on purpose (`--migration-bug`).
enum class migration_bug : std::uint8_t {
  none,
  /// An account's notes are copied, the copy window stays open, and the
  /// copy is installed on the new shard: writes that arrived during the
  /// window went to the old shard only and are lost.
  lose_writes_during_copy,
  /// After an account moves, reads are served from the old shard's copy
  /// for a while: writes made on the new shard are not seen.
  stale_after_cutover,
};

/// Returns the flag name of `b` ("lose-writes-during-copy", "none").
std::string_view to_string(migration_bug b) noexcept;

/// Returns the bug named `name`, or an error listing the names.
protocol::result<migration_bug> parse_migration_bug(std::string_view name);

/// What a client asks to move.
struct migration_request {
  std::size_t from = 0;
  std::size_t to = 1;
  std::optional<std::size_t> accounts; // nullopt: all of them
  double rate = 100;                   // accounts per second
};

/// Where a migration stands.
struct migration_status {
  enum class state : std::uint8_t { running, done, failed };
  std::string id;
  state now = state::running;
  std::size_t from = 0;
  std::size_t to = 0;
  std::uint64_t moved = 0;
  std::uint64_t remaining = 0;
  std::string error; // why it failed
};

/// Returns "running", "done" or "failed".
std::string_view to_string(migration_status::state s) noexcept;

/// What a read during stale-after-cutover is served from: the notes the
/// account had on its old shard when it moved.
struct stale_copy {
  std::string shard;
  protocol::note_list notes;
};

/// Moves accounts between the shards of a store while the service keeps
/// serving (docs/migration.md). Each migration runs on a thread of its own,
/// moving one account at a time at the requested rate with
/// store::move_account, so a request waits at most for one account's copy;
/// a migration of all accounts closes its source shard to new accounts for
/// good. One migration runs at a time. Thread-safe; stop() (or the
/// destructor) ends the running migration and joins its thread.
class migrator {
public:
  /// How long the faulty modes keep their windows open.
  struct windows {
    std::chrono::milliseconds copy{200};   // lose-writes-during-copy
    std::chrono::milliseconds stale{2000}; // stale-after-cutover
  };

  /// Migrates within `st`, which must outlive the migrator, with `bug`.
  migrator(store& st, migration_bug bug, windows w);
  ~migrator();

  migrator(const migrator&) = delete;
  migrator& operator=(const migrator&) = delete;

  /// Why a migration cannot start.
  struct refusal {
    int status = 400; // 400 bad request, 409 one is running
    std::string message;
  };

  /// Starts moving accounts as `req` says and returns the migration's
  /// status, or a refusal naming what is wrong (an unknown shard, the same
  /// shard twice, no accounts, a rate that is not positive, a migration
  /// already running).
  protocol::result<migration_status, refusal> start(const migration_request& req);

  /// Returns the status of migration `id`, or nullopt.
  std::optional<migration_status> status(std::string_view id) const;

  /// Returns every migration's status, oldest first.
  std::vector<migration_status> all() const;

  /// Returns the stale copy reads of account `aid` are served from right
  /// now (stale-after-cutover only), or nullopt.
  std::optional<stale_copy> stale_view(std::string_view aid) const;

  /// Returns the bug the migrator runs with now.
  migration_bug bug() const noexcept { return bug_.load(std::memory_order_relaxed); }

  /// Sets the bug for the accounts moved from now on (each account's move
  /// reads it once). Thread-safe.
  void set_bug(migration_bug b) noexcept { bug_.store(b, std::memory_order_relaxed); }

  /// Stops the running migration (it ends "failed": stopped) and joins it.
  /// Idempotent.
  void stop();

private:
  struct pending_copy {
    std::string aid;
    protocol::note_list notes;
    std::chrono::steady_clock::time_point due;
  };

  void run(std::size_t index, migration_request req);
  // Moves one account the way the bug says; false when the store failed.
  bool move(const std::string& aid, const migration_request& req,
            std::vector<pending_copy>& copies);
  // Installs the copies whose window has closed (all of them with `all`).
  bool install_due(std::vector<pending_copy>& copies, std::size_t to, bool all);
  // Sleeps until `t` or stop(); returns false when stopped.
  bool wait_until(std::chrono::steady_clock::time_point t);
  void update(std::size_t index, std::uint64_t moved, std::uint64_t remaining);
  void finish(std::size_t index, migration_status::state s, std::string error);

  store& store_;
  std::atomic<migration_bug> bug_;
  windows windows_;

  std::mutex start_mutex_; // serializes start() and stop()
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<migration_status> migrations_;
  std::thread worker_;

  mutable std::mutex stale_mutex_;
  std::unordered_map<std::string, std::pair<stale_copy,
                                            std::chrono::steady_clock::time_point>>
    stale_;
};

} // namespace throng::server
