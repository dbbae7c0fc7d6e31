#pragma once

// The run-time controls of a running crowd as the control API sees them: a
// run_controller that checks and queues requests for the run coordinator.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "actors/population_slot.hpp"
#include "actors/run_control.hpp"
#include "control/run_controller.hpp"

namespace throng::actors {

/// A request of the control API, queued for the run coordinator: add `n`
/// accounts of `population`, remove the `n` last added, or set the rate.
struct control_request {
  enum class kind : std::uint8_t { add, remove, rate };
  kind what = kind::add;
  std::size_t n = 0;
  const population_slot* population = nullptr;
  double rpm = 0;
};

/// Returns why `n` accounts cannot be added to a run that has made `made`
/// accounts and has indexes for `room` more (account indexes are never
/// reused): "cannot add 3 accounts: only 2 account indexes are left (2
/// accounts made in this run)".
std::string cannot_add(std::size_t n, std::size_t made, std::size_t room);

/// The run coordinator's side of the control API: the API's thread checks
/// and queues requests, the coordinator takes them and publishes the
/// crowd's status. Owns the run's populations, and those made for accounts
/// added with a behaviour no population has; it outlives every account.
/// Thread-safe; refused requests come back as control_error values.
class crowd_controls final : public control::run_controller {
public:
  /// Takes the run's populations; the slots keep their addresses for the
  /// controls' lifetime. A run makes at most `account_limit` accounts;
  /// `control` gives status() the run's running totals and must outlive
  /// the controls.
  crowd_controls(const run_control& control, std::deque<population_slot> populations,
                 std::size_t notes_per_account, std::size_t account_limit);

  /// Returns how many populations the run was given.
  std::size_t population_count() const noexcept { return given_; }

  /// Returns the run's population number `i` (below population_count());
  /// call before the control API is served, which may add populations.
  const population_slot& population(std::size_t i) const { return populations_[i]; }

  control::crowd_status status() const override;

  /// Queues the addition of `n` accounts of the first population whose
  /// behaviour is `name`, or of a population made for it; refused past the
  /// account limit (counting the additions still queued).
  protocol::result<bool, control::control_error> add_accounts(std::size_t n,
                                                     const std::string& name) override;
  protocol::result<bool, control::control_error> remove_accounts(std::size_t n) override;
  protocol::result<bool, control::control_error> set_rpm(double rpm) override;
  void stop() override;

  /// Returns whether stop() was called.
  bool stop_requested() const noexcept { return stop_.load(); }

  /// Has `wake` called, on the caller's thread, after each request queued
  /// and after stop(), until close(): so that the coordinator takes them at
  /// once rather than at its next step.
  void on_request(std::function<void()> wake);

  /// Returns the requests queued since the last call.
  std::vector<control_request> take();

  /// Records that the run has made `n` accounts so far.
  void made(std::size_t n);

  /// Publishes what status() reports besides the running totals.
  void publish(control::crowd_status s);

  /// Refuses every later request: the run is ending. Drops what is queued
  /// and the wake-up function.
  void close();

private:
  static control::control_error stopping();
  protocol::result<bool, control::control_error> enqueue(control_request r);
  /// Calls the wake-up function, if any, outside the lock.
  void wake();
  /// Returns the population for accounts of behaviour `name`, making one if
  /// need be; call with the lock held.
  protocol::result<const population_slot*, control::control_error>
  population_for(const std::string& name);

  const run_control& control_;
  std::deque<population_slot> populations_;
  std::size_t given_;
  std::size_t notes_cap_;
  std::size_t account_limit_;
  mutable std::mutex mtx_;
  std::size_t made_ = 0; // accounts made so far (indexes given out)
  std::vector<control_request> queue_;
  control::crowd_status published_;
  bool closed_ = false;
  std::function<void()> wake_;
  std::atomic<bool> stop_{false};
};

} // namespace throng::actors
