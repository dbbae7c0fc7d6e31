#pragma once

// The dashboard's controls of the reference service embedded in this
// process: its migrations, faults and migration bug.

#include <cstddef>
#include <string>
#include <vector>

#include "control/service_controls.hpp"
#include "server/notes_server.hpp"

namespace throng::apps {

/// The dashboard's controls of an embedded reference service with `shards`
/// shards (shard-0 .. shard-(N-1)), calling its migrator and fault injector
/// directly. Holds the service by reference: it must outlive this.
/// Thread-safe as the migrator and the injector are.
class embedded_controls final : public control::service_controls {
public:
  embedded_controls(server::notes_server& service, std::size_t shards)
    : service_(service), shards_(shards) {}

  std::vector<std::string> shards() const override;
  std::vector<control::fault_setting> faults() const override;
  std::string migration_bug() const override;
  std::vector<std::string> migration_bugs() const override;
  std::vector<control::migration_view> migrations() const override;
  protocol::result<control::migration_view, control::control_error>
  start_migration(const control::migration_order& order) override;
  protocol::result<bool, control::control_error>
  set_fault(const control::fault_setting& f) override;
  protocol::result<bool, control::control_error>
  set_migration_bug(const std::string& bug) override;

private:
  server::notes_server& service_;
  std::size_t shards_;
};

} // namespace throng::apps
