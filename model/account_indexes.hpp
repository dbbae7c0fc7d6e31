#pragma once

// Which account indexes a crowd gives out: a one-process run's 0, 1, 2, ...,
// or a worker's share of a distributed run, which must give every account the
// index (so the name, seed and replay) it would have had in one process.

#include <cstdint>
#include <limits>

namespace throng::model {

/// Which index the crowd's j-th account (counting from 0, in the order they
/// are made) gets: the first `initial` are `first + j`; the rest are
/// `later_base + later_offset + later_stride * (j - initial)`. The defaults
/// give j. A distributed run gives worker k of n its contiguous range of the
/// first accounts, and every n-th later index from `later_base + k`, so that
/// together the workers give out exactly the indexes one process would
/// while they grow alike. A plain value.
struct account_indexes {
  std::uint64_t first = 0;
  std::uint64_t initial = std::numeric_limits<std::uint32_t>::max();
  std::uint64_t later_base = 0;
  std::uint64_t later_offset = 0;
  std::uint64_t later_stride = 1;

  /// Returns the index of the j-th account made.
  std::uint64_t at(std::uint64_t j) const noexcept {
    return j < initial ? first + j : later_base + later_offset + later_stride * (j - initial);
  }

  /// Returns how many of the accounts j, j+1, ... (at most `n`) get an index
  /// below `limit`; indexes grow with j.
  std::uint64_t fitting(std::uint64_t j, std::uint64_t n, std::uint64_t limit) const noexcept {
    std::uint64_t lo = 0, hi = n; // the answer is in [lo, hi]
    while (lo < hi) {
      const auto mid = lo + (hi - lo + 1) / 2;
      if (at(j + mid - 1) < limit)
        lo = mid;
      else
        hi = mid - 1;
    }
    return lo;
  }
};

} // namespace throng::model
