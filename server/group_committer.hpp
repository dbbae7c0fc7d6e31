#pragma once

// The group committer of one SQLite database: concurrent writes share one
// transaction, and so one sync of the log, and each is reported done only
// once that transaction has committed.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>

#include "server/commit_options.hpp"
#include "server/sqlite_database.hpp"

namespace throng::server {

/// Batches the writes made on one connection (the writer of a database)
/// into transactions and commits each on a thread of its own. A writer
/// holds the connection's mutex, calls begin(), makes its changes and calls
/// commit(), which releases the mutex until the batch holding the changes
/// has committed (then it reports true) or failed (false: a failed COMMIT
/// or a statement whose error rolled the transaction back; every write of
/// the batch is then undone and reported false). So a write reported done
/// is on disk, and one reported failed left no trace. Thread-safe as its
/// protocol says: every call with the connection's mutex held.
class group_committer {
public:
  /// Commits the writes made on `db`, which must outlive the committer, as
  /// `opts` bounds the batches; starts its thread.
  group_committer(sqlite_store::database& db, commit_options opts);

  group_committer(const group_committer&) = delete;
  group_committer& operator=(const group_committer&) = delete;

  /// Commits the open batch, if any, and joins the thread. No writer may be
  /// waiting or come after.
  ~group_committer();

  /// Opens a batch (BEGIN) unless one is open. The caller holds the
  /// connection's mutex. Returns false when no transaction can be opened.
  bool begin();

  /// Enlists the changes made since begin() in the open batch and waits,
  /// with `lock` (on the connection's mutex) released meanwhile, until the
  /// batch is over. Returns whether it committed.
  bool commit(std::unique_lock<std::mutex>& lock);

  /// Ends the open batch now on the calling thread, committed or failed,
  /// so that the caller (holding the connection's mutex) can run a
  /// transaction of its own.
  void flush();

private:
  /// One transaction's fate, shared by the writers waiting for it.
  struct batch {
    bool over = false;
    bool committed = false;
  };

  /// The committing thread: waits for writers, lets the batch fill within
  /// its bounds, commits.
  void run();

  /// COMMITs the open transaction, or rolls it back when that fails;
  /// returns whether it committed.
  bool commit_now();

  /// Reports the open batch over (committed or not) to its writers.
  void finish(bool committed);

  sqlite_store::database& db_;
  commit_options opts_;
  std::condition_variable work_; // a writer enlisted, or stopping
  std::condition_variable over_; // a batch is over
  std::shared_ptr<batch> open_;
  std::size_t writers_ = 0;
  std::chrono::steady_clock::time_point opened_at_{};
  bool stopping_ = false;
  std::thread thread_; // last: starts once the rest is set
};

} // namespace throng::server
