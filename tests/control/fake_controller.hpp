#pragma once

// A fake run_controller for the tests of the control API and the dashboard:
// it records what it is asked and refuses what a real run would.

#include <cstddef>
#include <optional>
#include <string>

#include "control/run_controller.hpp"

namespace throng::control {

/// Records what the API asked for; refuses behaviours other than "random"
/// and everything once stopping.
class fake_controller : public run_controller {
public:
  crowd_status status() const override {
    crowd_status s;
    s.elapsed_s = 12.5;
    s.accounts = 7;
    s.by_population = {{"crowd", 5}, {"readers", 2}};
    s.by_behaviour = {{"random", 5}, {"reader", 2}};
    s.rpm = 600;
    s.stage = stage;
    s.requests = 100;
    s.errors = 3;
    s.violations = 0;
    return s;
  }
  protocol::result<bool, control_error> add_accounts(std::size_t n,
                                                     const std::string& b) override {
    if (auto e = refused())
      return *e;
    if (b != "random")
      return control_error{control_error::kind::bad_value, "behaviour",
                           "unknown behaviour '" + b + "'"};
    added += n;
    behaviour = b;
    return true;
  }
  protocol::result<bool, control_error> remove_accounts(std::size_t n) override {
    if (auto e = refused())
      return *e;
    removed += n;
    return true;
  }
  protocol::result<bool, control_error> set_rpm(double r) override {
    if (auto e = refused())
      return *e;
    rpm = r;
    return true;
  }
  void stop() override { stopped = true; }

  std::optional<control_error> refused() const {
    if (!stopping)
      return std::nullopt;
    return control_error{control_error::kind::stopping, "", "the run is stopping"};
  }

  std::size_t added = 0;
  std::size_t removed = 0;
  std::string behaviour;
  double rpm = 0;
  bool stopped = false;
  bool stopping = false;
  std::size_t stage = 1;
};

} // namespace throng::control
