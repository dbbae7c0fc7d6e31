#pragma once

// The reference service's injectable faults (`--fault KIND:P`): the kinds,
// their parsing, and the injector that decides when each fires.

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/result.hpp"

namespace throng::server {

/// A way the reference service misbehaves on purpose (`--fault KIND:P`).
/// The anomalies break the API's promises, and the checker must catch each;
/// the benign ones only make the service slow or unreliable, which a correct
/// checker must not mistake for a violation.
enum class fault_kind : std::uint8_t {
  stale_read,    // the first read after an update serves the content before
  lost_update,   // an update is acknowledged and shown once, then undone
  lost_note,     // a created note is acknowledged, then deleted
  phantom_note,  // a list carries a note nobody created
  resurrect,     // a delete is acknowledged and not done
  corrupt,       // a read or list serves a content with a byte changed
  cross_account, // a token may act on another account's notes
  latency,       // an answer is delayed by a number of milliseconds (the
                 // request is applied first; the answer is held on a timer)
  error503,      // an answer is 503 and the request is not applied
  ambiguous,     // a write is applied, then the connection is dropped
  reset,         // the connection is dropped, the request not applied
};
inline constexpr std::size_t fault_kind_count = 11;

/// Returns the flag name of `k` ("stale_read").
std::string_view to_string(fault_kind k) noexcept;

/// One `--fault` as given: a kind, a probability, and for latency a delay.
struct fault_spec {
  fault_kind kind = fault_kind::error503;
  double probability = 0;
  std::chrono::milliseconds delay{0};
};

/// Parses one `--fault` value: "KIND:P" with P in [0, 1], or
/// "latency:MS" / "latency:MS:P" (P defaults to 1). Returns an error that
/// quotes the value and says what is wrong.
protocol::result<fault_spec> parse_fault(std::string_view text);

/// How many times each fault fired.
struct fault_count {
  fault_spec spec;
  std::uint64_t injected = 0;
};

/// Decides when the reference service misbehaves, and remembers what the
/// stateful faults need: the previous content of updated notes (stale_read)
/// and updates to undo (lost_update). Draws from a per-thread generator
/// seeded from `seed`. Each fault can be switched while requests are served
/// (set(): the dashboard does). Thread-safe; the notes service holds it.
class fault_injector {
public:
  /// Injects the faults in `specs` (a kind given twice keeps the last).
  fault_injector(const std::vector<fault_spec>& specs, std::uint64_t seed);

  /// Returns whether fault `k` is configured now.
  bool armed(fault_kind k) const noexcept {
    return probability_[static_cast<std::size_t>(k)].load(std::memory_order_relaxed) > 0;
  }

  /// Sets fault `s.kind` to `s.probability` (0: off) and, for latency, its
  /// delay, from the next draw on. Switching stale_read or lost_update off
  /// forgets what they hold (contents before updates, undos scheduled), so
  /// that no harm they prepared is done after they are off.
  void set(const fault_spec& s);

  /// Returns every fault kind, in kind order, as it is set now
  /// (probability 0: off).
  std::vector<fault_spec> settings() const;

  /// Draws whether fault `k` fires now, counting it when it does.
  bool fires(fault_kind k);

  /// Returns the latency fault's delay.
  std::chrono::milliseconds delay() const noexcept {
    return std::chrono::milliseconds{delay_ms_.load(std::memory_order_relaxed)};
  }

  /// Counts a fault that fired without a draw of its own (a lost update
  /// undone).
  void count(fault_kind k) noexcept;

  /// Returns every fault configured now or that has fired, with its
  /// count, in kind order.
  std::vector<fault_count> counts() const;

  // stale_read: the content a note had before its last update, until it is
  // read once.

  /// Records that note `nid` was updated from `before`.
  void updated(const std::string& nid, std::string before);
  /// Returns the content before the last update of `nid` when that update
  /// has not been read yet (the read that calls this counts as its first),
  /// or nullopt.
  std::optional<std::string> unread_previous(const std::string& nid);

  // lost_update: an acknowledged update to undo after it has been read once.

  /// Schedules the undo of the update of note `nid` of account `aid`,
  /// back to `before`.
  void undo_later(const std::string& nid, std::string aid, std::string before);
  /// Forgets a scheduled undo of `nid` (a later write superseded it).
  void cancel_undo(const std::string& nid);
  /// Removes and returns the undo scheduled for `nid`: the account and the
  /// content to restore.
  std::optional<std::pair<std::string, std::string>>
  take_undo(const std::string& nid);

private:
  struct previous {
    std::string content;
    bool read = false;
  };

  std::array<std::atomic<double>, fault_kind_count> probability_{};
  std::array<std::atomic<std::uint64_t>, fault_kind_count> injected_{};
  std::atomic<std::int64_t> delay_ms_{0};
  std::uint64_t seed_;
  std::atomic<std::uint64_t> streams_{0};

  std::mutex mutex_;
  std::unordered_map<std::string, previous> previous_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> undo_;
};

} // namespace throng::server
