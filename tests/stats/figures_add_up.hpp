#pragma once

// The check that a run's figures add up, whatever the run did: each request
// counted once as a success or a failure, once by class and each failure
// once by kind, and no shard with more traffic than the run.

#include <cstdint>

#include <gtest/gtest.h>

#include "stats/run_stats.hpp"

namespace throng::testing {

/// Expects the figures of `s` to add up: its successes and failures make
/// its total, and so do its counts by class; its failures by kind make its
/// failures; no shard counts more requests than the total; a request of
/// unknown outcome is a failure.
inline void expect_figures_add_up(const stats::run_stats& s) {
  EXPECT_EQ(s.ok + s.failed, s.total);
  std::uint64_t by_class = 0;
  for (const auto& [key, n] : s.by_class)
    by_class += n;
  EXPECT_EQ(by_class, s.total);
  std::uint64_t failures = 0;
  for (const auto& [key, n] : s.failures)
    failures += n;
  EXPECT_EQ(failures, s.failed);
  for (const auto& [name, sh] : s.shards)
    EXPECT_LE(sh.note_reads + sh.note_writes + sh.errors, s.total) << name;
  EXPECT_LE(s.unknown_outcome, s.failed);
}

} // namespace throng::testing
