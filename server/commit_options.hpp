#pragma once

// How the SQLite store batches its commits (group commit): the bounds of a
// batch, and a seam that makes commits fail (tests).

#include <chrono>
#include <cstddef>
#include <functional>

namespace throng::server {

/// How the SQLite store's group committer batches the writes to one
/// database into transactions. A batch commits when it holds `max_batch`
/// writes or when `max_wait` has passed since it opened, whichever comes
/// first; writes that arrive while it commits go into the next one.
struct commit_options {
  std::size_t max_batch = 256;
  std::chrono::microseconds max_wait{1000};
  /// Asked on the committing thread just before each batch commits; when
  /// it returns false the commit fails as a full disk would (SQLite rolls
  /// the batch back). Tests use it; empty: every commit goes ahead.
  std::function<bool()> allow_commit{};
};

} // namespace throng::server
