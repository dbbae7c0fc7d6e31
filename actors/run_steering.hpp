#pragma once

// The steering of a running crowd: the load shape's stages and the control
// API's requests turned into accounts added and removed and rate changes,
// the crowd's status published, and the run's events recorded.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include <caf/actor.hpp>

#include "actors/crowd.hpp"
#include "actors/crowd_controls.hpp"
#include "config/load_shape.hpp"
#include "stats/html_report.hpp"

namespace throng::actors {

/// Steers a running crowd. At each step the crowd follows the load shape
/// (accounts added, at most at the spawn rate, or the last added removed)
/// plus what the control API added or removed, and the ticker gets the
/// shape's rate unless the control API set one, which then holds for the
/// rest of the run. The crowd's status is published to the controls after
/// each step and after each batch of requests. Each stage that begins and
/// each control request is recorded as a run event ("stage 2: 10
/// accounts, 12000 rpm", "+6 accounts (random)", "-9 accounts", "rate 600
/// rpm"). Times are given by the caller, from the start of the measured
/// run. Lives on the run coordinator's thread; not thread-safe.
class run_steering {
public:
  /// The measured run begins: steers `members` along `shape` with `ticker`
  /// as its clock (started at the shape's first rate), publishes to
  /// `controls`, calls `on_step` (may be empty) after each step, and
  /// records the stages under way at 0 s. The references must outlive the
  /// steering.
  run_steering(const config::load_shape& shape, crowd& members, crowd_controls& controls,
               caf::actor ticker, std::function<void(control::run_controller&)> on_step);

  /// Carries out the requests the control API queued, `at` after the
  /// start, and publishes the status if there were any.
  void take_requests(std::chrono::nanoseconds at);

  /// One step, `at` after the start: takes the queued requests, moves to
  /// the shape's stage, crowd and rate at `at`, publishes the status and
  /// calls `on_step`.
  void step(std::chrono::nanoseconds at);

  /// Returns the run's events so far and forgets them.
  std::vector<stats::run_event> take_events() { return std::move(events_); }

  /// Returns the most accounts the crowd had at a publication.
  std::size_t peak_accounts() const noexcept { return peak_; }

private:
  void apply(const control_request& r, double at_s);
  void stages_began(std::size_t from, std::size_t to, double at_s);
  void set_rate(double rpm);
  void publish();

  const config::load_shape& shape_;
  crowd& members_;
  crowd_controls& controls_;
  caf::actor ticker_;
  std::function<void(control::run_controller&)> on_step_;
  std::int64_t offset_ = 0; // what the control API added or removed, on top of the shape
  double rpm_;
  bool rpm_fixed_ = false;  // set by the control API: the shape's rpm no longer applies
  std::size_t stage_;
  std::size_t peak_ = 0;
  std::vector<stats::run_event> events_;
};

} // namespace throng::actors
