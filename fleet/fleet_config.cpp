// The configuration of a distributed run's nodes (fleet_config.hpp).

#include "fleet/fleet_config.hpp"

#include <caf/io/middleman.hpp>

#include "actors/crowd_run.hpp"
#include "fleet/worker_messages.hpp"

namespace throng::fleet {

void configure_fleet_system(caf::actor_system_config& cfg, std::size_t threads) {
  actors::configure_run_system(cfg, threads);
  cfg.add_message_type<fleet_hello>("fleet_hello");
  cfg.add_message_type<fleet_challenge>("fleet_challenge");
  cfg.add_message_type<fleet_proof>("fleet_proof");
  cfg.add_message_type<fleet_refusal>("fleet_refusal");
  cfg.add_message_type<worker_share>("worker_share");
  cfg.add_message_type<worker_order>("worker_order");
  cfg.add_message_type<worker_done>("worker_done");
  cfg.add_message_type<worker_control>("worker_control");
  cfg.add_message_type<worker_crowd>("worker_crowd");
  cfg.load<caf::io::middleman>();
}

} // namespace throng::fleet
