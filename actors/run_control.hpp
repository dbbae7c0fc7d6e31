#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "protocol/operation.hpp"

namespace throng::actors {

/// One flag per account of a run, for any number of accounts: grows in
/// chunks whose addresses never change, so that a reader needs no lock.
/// grow() is called by one thread (the supervisor) before the flags of new
/// accounts are used; operator[] from any thread for an index below the
/// size grown to. Flags start false.
class flag_table {
public:
  static constexpr std::size_t chunk_bits = 12;
  static constexpr std::size_t chunk_size = std::size_t{1} << chunk_bits;
  static constexpr std::size_t max_chunks = 4096; // 16M accounts

  flag_table() = default;
  explicit flag_table(std::size_t n) { grow(n); }
  flag_table(const flag_table&) = delete;
  flag_table& operator=(const flag_table&) = delete;
  ~flag_table() {
    for (auto& c : chunks_)
      delete[] c.load(std::memory_order_relaxed);
  }

  /// Makes flags 0 .. n-1 usable. Returns false past the capacity.
  bool grow(std::size_t n) {
    if (n > max_chunks * chunk_size)
      return false;
    for (std::size_t c = 0; c * chunk_size < n; ++c)
      if (chunks_[c].load(std::memory_order_relaxed) == nullptr)
        chunks_[c].store(new std::atomic<bool>[chunk_size]{}, std::memory_order_release);
    return true;
  }

  std::atomic<bool>& operator[](std::size_t i) const noexcept {
    return chunks_[i >> chunk_bits].load(std::memory_order_acquire)[i & (chunk_size - 1)];
  }

private:
  std::array<std::atomic<std::atomic<bool>*>, max_chunks> chunks_{};
};

/// The operations each account of a run sent, in order, by account index:
/// an opt-in record for tests (run_options::record_operations). Thread-safe
/// (one mutex: every request takes it, so it is for small test runs only).
class operation_record {
public:
  void add(std::uint32_t account, protocol::operation op) {
    std::lock_guard<std::mutex> guard{mtx_};
    ops_[account].push_back(op);
  }

  /// Returns what was recorded and empties the record.
  std::map<std::uint32_t, std::vector<protocol::operation>> take() {
    std::lock_guard<std::mutex> guard{mtx_};
    return std::exchange(ops_, {});
  }

private:
  std::mutex mtx_;
  std::map<std::uint32_t, std::vector<protocol::operation>> ops_;
};

/// Flags and counters that the actors of a run share with the thread that
/// runs it. Owned by the supervisor, which outlives every actor of the run.
/// Thread-safe (atomics).
struct run_control {
  /// Set when the run should stop: accounts send no new request.
  std::atomic<bool> stopping{false};
  /// Requests sent by accounts and not yet answered.
  std::atomic<std::int64_t> in_flight{0};
  /// Account actors alive (an account that was removed counts until its
  /// last request is answered).
  std::atomic<std::int64_t> live_accounts{0};
  /// When the measured run began (steady clock, ns): second 0 of the time
  /// series.
  std::atomic<std::int64_t> start_ns{0};
  /// The run's figures so far, published by the stats actor as it merges
  /// them: requests sent, requests failed, violations.
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> violations{0};
  /// Requests of the seed-data phase that failed, across the crowd.
  std::atomic<std::uint64_t> seed_errors{0};

  /// Returns the second of the run that time `t_ns` falls in (0 before the
  /// start).
  std::uint32_t second_of(std::int64_t t_ns) const noexcept {
    auto start = start_ns.load(std::memory_order_relaxed);
    return t_ns > start ? static_cast<std::uint32_t>((t_ns - start) / 1'000'000'000) : 0;
  }
  /// Set by the ticker once it has stopped and flushed its figures.
  std::atomic<bool> ticker_done{false};
  /// One flag per account (by index), set while it has a request in flight:
  /// the ticker reads it to count a tick that finds the account busy as
  /// skipped without waking the account. The supervisor grows it before it
  /// spawns accounts.
  flag_table busy;

  explicit run_control(std::size_t accounts) : busy(accounts) {}
};

} // namespace throng::actors
