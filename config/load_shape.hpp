#pragma once

// Load shapes: how many accounts and what total rate a run has at each moment
// (ramps, steps, a spawn rate), and the parsing of `--stage`.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "protocol/result.hpp"

namespace throng::config {

/// One stage of a load shape: over `duration` the run moves linearly from
/// where the previous stage ended toward `accounts` and `rpm` (an unset
/// target stays where it was). A stage of duration 0 is a step.
struct load_stage {
  std::chrono::milliseconds duration{0};
  std::optional<std::size_t> accounts;
  std::optional<double> rpm;
};

/// What a load shape asks for at one moment of the run.
struct load_target {
  std::size_t accounts = 0; // live accounts, spawn rate applied
  double rpm = 0;           // the total rate
  std::size_t stage = 0;    // the stage under way (stages().size() once over)
};

/// How many live accounts and what total rate a run should have at each
/// moment: it starts at the run's accounts and rpm, then follows a list of
/// stages (ramps and steps) and holds the last values after them. With a
/// spawn rate, accounts are added at most that many per second (removed at
/// once). A plain value, pure functions of time; thread-safe once built.
class load_shape {
public:
  /// A shape from `accounts` and `rpm` through `stages`; `spawn_rate` is in
  /// accounts per second, 0 for no limit. The caller validates the values
  /// (rpm > 0, spawn_rate >= 0).
  load_shape(std::size_t accounts, double rpm, std::vector<load_stage> stages,
             double spawn_rate = 0);

  /// Returns the targets at time `t` after the start.
  load_target at(std::chrono::nanoseconds t) const;

  /// Returns the sum of the stages' durations (0 without stages).
  std::chrono::milliseconds total_duration() const noexcept { return total_; }

  const std::vector<load_stage>& stages() const noexcept { return stages_; }

private:
  struct point {
    double t_s;       // when a stage begins or ends
    double accounts;  // the target at that moment
    double rpm;
  };

  /// The unlimited account target at `t_s` (after a step: its new value).
  double accounts_at(double t_s, std::size_t& stage, double& rpm) const;

  std::vector<load_stage> stages_;
  std::vector<point> ends_; // ends_[0]: the start; ends_[i + 1]: end of stage i
  double spawn_rate_;
  std::chrono::milliseconds total_{0};
};

/// Parses one `--stage` value, `DURATION:accounts=N[,rpm=R]` (either key
/// may be left out, not both; DURATION as for --duration, 0 allowed).
/// Errors name what is wrong.
protocol::result<load_stage, protocol::decode_error> parse_stage(const std::string& text);

} // namespace throng::config
