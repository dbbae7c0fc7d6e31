#pragma once

// An open-model account's inbox of ticks: the backlog the ticker adds to
// and the account takes from, and whether the account waits to be woken.

#include <atomic>
#include <cstdint>
#include <optional>

#include "model/tick_backlog.hpp"

namespace throng::model {

/// The ticks an account has been given and not yet sent (a tick_backlog),
/// shared by the ticker, which adds to it, and the account, which takes
/// from it, and a flag that says whether the account is listening: free,
/// with nothing to send, so that the next tick must wake it. A busy
/// account is not woken; it takes its next tick once its answer is in, so
/// that a tick costs the ticker one short lock and no message while the
/// account is busy (at overload, every tick but the one that wakes it).
/// A new inbox is empty and listening. Thread-safe: each call holds a spin
/// lock for a few instructions. Whoever creates it owns it; it must
/// outlive both sides.
class tick_inbox {
public:
  tick_inbox() = default;
  tick_inbox(const tick_inbox&) = delete;
  tick_inbox& operator=(const tick_inbox&) = delete;

  /// Adds a run of `n` ticks due from `first_ns` to `last_ns` (as
  /// tick_backlog::add). Returns true when the account was listening: it
  /// no longer is, and the caller must wake it, once. Adding zero ticks
  /// does nothing and returns false.
  bool add(std::int64_t first_ns, std::int64_t last_ns, std::uint64_t n) noexcept;

  /// Takes the earliest tick and returns its due time; when there is none,
  /// starts listening and returns nothing.
  std::optional<std::int64_t> take_or_listen() noexcept;

  /// Starts listening, ticks or not: the next add() wakes the account (as
  /// one backing off after a failure asks, to look again at the next tick).
  void listen() noexcept;

  /// Drops every tick, stops listening and returns how many it dropped.
  std::uint64_t clear() noexcept;

  /// Returns how many ticks are kept.
  std::uint64_t size() const noexcept;

  /// Returns whether the account is listening.
  bool listening() const noexcept;

private:
  // A scoped hold of the spin lock.
  class hold {
  public:
    explicit hold(const tick_inbox& in) noexcept;
    ~hold();
    hold(const hold&) = delete;
    hold& operator=(const hold&) = delete;

  private:
    std::atomic_flag& lock_;
  };

  tick_backlog backlog_;
  mutable std::atomic_flag lock_ = ATOMIC_FLAG_INIT;
  bool listening_ = true;
};

} // namespace throng::model
