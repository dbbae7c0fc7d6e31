#pragma once

// A fake embedded service for the dashboard's tests: two shards, faults and
// a migration bug it remembers, migrations it moves by hand.

#include <string>
#include <vector>

#include "control/service_controls.hpp"

namespace throng::control {

/// Remembers what the dashboard set; a migration stays running until the
/// test moves it with advance(). Refuses a second migration with conflict.
class fake_service : public service_controls {
public:
  std::vector<std::string> shards() const override { return {"shard-0", "shard-1"}; }
  std::vector<fault_setting> faults() const override { return faults_; }
  std::string migration_bug() const override { return bug_; }
  std::vector<std::string> migration_bugs() const override {
    return {"none", "lose-writes-during-copy", "stale-after-cutover"};
  }
  std::vector<migration_view> migrations() const override { return migrations_; }

  protocol::result<migration_view, control_error>
  start_migration(const migration_order& o) override {
    if (o.from != "shard-0" && o.from != "shard-1")
      return control_error{control_error::kind::bad_value, "from", "no shard '" + o.from + "'"};
    if (!migrations_.empty() && migrations_.back().state == "running")
      return control_error{control_error::kind::conflict, "", "a migration is running"};
    migrations_.push_back({"m" + std::to_string(migrations_.size() + 1), "running", o.from,
                           o.to, 0, o.accounts.value_or(100), ""});
    return migrations_.back();
  }

  protocol::result<bool, control_error> set_fault(const fault_setting& f) override {
    if (f.kind != "latency" && f.kind != "error503")
      return control_error{control_error::kind::bad_value, "kind", "no fault '" + f.kind + "'"};
    for (auto& mine : faults_)
      if (mine.kind == f.kind)
        mine = f;
    return true;
  }

  protocol::result<bool, control_error> set_migration_bug(const std::string& b) override {
    if (b != "none" && b != "lose-writes-during-copy" && b != "stale-after-cutover")
      return control_error{control_error::kind::bad_value, "bug", "no bug '" + b + "'"};
    bug_ = b;
    return true;
  }

  /// Moves `n` accounts of the running migration; it is done once none remain.
  void advance(std::uint64_t n) {
    auto& m = migrations_.back();
    m.moved += n;
    m.remaining -= n;
    if (m.remaining == 0)
      m.state = "done";
  }

private:
  std::vector<fault_setting> faults_{{"latency", 0, {}}, {"error503", 0, {}}};
  std::string bug_ = "none";
  std::vector<migration_view> migrations_;
};

} // namespace throng::control
