#include "actors/stats_actor.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"

namespace throng::actors {

std::string to_json_line(const violation_report& v, std::uint64_t seed) {
  nlohmann::json j{
    {"unix_ms", v.unix_ms},
    {"class", std::string{stats::to_string(v.kind)}},
    {"seed", seed},
    {"account", v.account},
    {"account_name", v.account_name},
    {"account_id", v.account_id},
    {"operation", std::string{protocol::to_string(v.op)}},
    {"note", v.note_id},
    {"expected", v.expected},
    {"received", v.received.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.received)},
    {"status", v.status},
    {"shard", v.shard},
  };
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

caf::behavior stats_actor(caf::stateful_actor<stats_actor_state>* self,
                          stats_actor_args args) {
  auto& init = self->state;
  init.seed = args.seed;
  if (!args.violations_log.empty())
    init.violations_log = std::make_unique<std::ofstream>(
      args.violations_log, std::ios::out | std::ios::trunc);
  self->set_default_handler(caf::drop);
  return {
    [self](stats_delta& d) { self->state.totals.merge(d.figures); },
    [self](violation_report& v) {
      auto& st = self->state;
      st.totals.record_violation(v.kind, v.shard);
      if (st.violations_log) {
        *st.violations_log << to_json_line(v, st.seed) << '\n';
        st.violations_log->flush();
      }
    },
    [self](protocol_error_report& e) {
      self->state.totals.reclassify_as_protocol_error(
        e.op, e.shard, protocol::is_write(e.op));
    },
    [self](totals_atom) { return stats_delta{self->state.totals}; },
  };
}

} // namespace throng::actors
