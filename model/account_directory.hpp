#pragma once

// The run's bounded, thread-safe registry of published account and note ids,
// which probers sample to find other accounts' data.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "model/rng.hpp"

namespace throng::model {

/// A bounded registry of the ids accounts have published: their own id when
/// they sign up, and a note id with it when they create a note. Probers
/// sample it to find other accounts' data to ask for. When full, the newest
/// entry overwrites the oldest, so a sample favours nothing but recency of
/// the last `capacity` publications.
///
/// Thread-safe: entries are spread over stripes, each behind its own mutex,
/// so that publishers and samplers on different threads rarely meet. A
/// publication costs one atomic increment, one uncontended lock and a copy
/// of two short strings. Owned by the run's set-up; accounts hold a pointer.
class account_directory {
public:
  /// A published account id, with one of its note ids or "".
  struct entry {
    std::string account_id;
    std::string note_id;
  };

  /// Creates a directory that keeps the last `capacity` entries (at least
  /// one per stripe).
  explicit account_directory(std::size_t capacity = 4096);

  /// Publishes `account_id` and, if not empty, one of its notes.
  void publish(std::string_view account_id, std::string_view note_id);

  /// Returns a uniformly drawn entry among those kept, or nullopt when none
  /// has been published yet.
  std::optional<entry> sample(rng& r) const;

  /// Returns how many entries are kept.
  std::size_t size() const noexcept;

  std::size_t capacity() const noexcept { return per_stripe_ * stripe_count; }

private:
  static constexpr std::size_t stripe_count = 64;

  struct alignas(64) stripe {
    mutable std::mutex mutex;
    std::unique_ptr<entry[]> slots;
  };

  std::size_t per_stripe_;
  std::unique_ptr<stripe[]> stripes_;
  std::atomic<std::uint64_t> published_{0};
};

} // namespace throng::model
