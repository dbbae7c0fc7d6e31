#pragma once

// The bounded registry of storage shard names: what throng counts the
// service's X-Shard header values under.

#include <atomic>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace throng::stats {

/// A bounded registry of shard names: maps the raw value of an answer's
/// X-Shard header to the name to count that answer under, so that a service
/// that puts a request id there cannot grow throng's maps, time-series rows
/// and Prometheus labels without bound. The first `limit` distinct names are
/// kept as they are; every further name, a name longer than max_name_length
/// bytes and one with a byte outside printable ASCII (0x21..0x7e) map to
/// other_name; the empty name (shard unknown) stays empty. Names are never
/// removed.
///
/// Thread-safe: several HTTP I/O threads call name_of() at once. The names
/// sit in an open-addressing hash table of fixed size (at least twice the
/// limit, so a probe always ends at an empty slot) whose slots are atomic
/// pointers, each written once under a mutex and never changed. So a name
/// already admitted, and any name once the registry is full, is answered
/// without a lock and without writing memory that other threads read; only
/// the admission of a new name, at most `limit` times, takes the mutex. A
/// per-caller cache in front of a locked map was the other way: it would miss
/// on every call against a service that sends a fresh value each time (the
/// very case this class is for) and take the shared lock every time, and
/// each caller would have to own and keep one.
class shard_names {
public:
  static constexpr std::size_t default_limit = 256;
  static constexpr std::size_t max_name_length = 64;
  static constexpr std::string_view other_name = "other";

  /// Creates an empty registry that admits at most `limit` names.
  explicit shard_names(std::size_t limit = default_limit);

  shard_names(const shard_names&) = delete;
  shard_names& operator=(const shard_names&) = delete;

  /// Returns the name to count `raw` under: `raw` itself if it is admitted
  /// (now or earlier), other_name if it cannot be, empty if `raw` is. A raw
  /// value "other" is counted as other_name without taking a place. The
  /// view points into the registry (or at a literal), not into `raw`, and
  /// stays valid as long as the registry lives.
  std::string_view name_of(std::string_view raw);

  /// Returns whether some name was turned into other_name (too many names,
  /// or one throng cannot use), so that the run can print one warning.
  bool overflowed() const noexcept {
    return overflowed_.load(std::memory_order_relaxed);
  }

  /// Returns how many names are admitted (at most limit()).
  std::size_t size() const noexcept {
    return size_.load(std::memory_order_acquire);
  }

  std::size_t limit() const noexcept { return limit_; }

private:
  // Returns the admitted name equal to `raw`, whose hash is `h`, or null.
  const std::string* find(std::string_view raw, std::size_t h) const noexcept;

  // Admits `raw` under the mutex unless it is there or the registry is full.
  std::string_view admit(std::string_view raw, std::size_t h);

  // Returns other_name and notes that a name was turned into it.
  std::string_view other() noexcept;

  const std::size_t limit_;
  // A power of two in size; null: empty. Written under mutex_ only.
  std::vector<std::atomic<const std::string*>> slots_;
  std::atomic<std::size_t> size_{0};
  std::atomic<bool> overflowed_{false};
  std::mutex mutex_;
  // The admitted names, which slots_ point to. Guarded by mutex_; elements
  // never move (a deque's push_back keeps them in place).
  std::deque<std::string> names_;
};

} // namespace throng::stats
