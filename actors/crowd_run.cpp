// One whole run of the crowd (crowd_run.hpp).

#include "actors/crowd_run.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <caf/all.hpp>

#include "actors/io_scheduler.hpp"
#include "actors/messages.hpp"
#include "actors/run_coordinator.hpp"
#include "actors/run_setup.hpp"

namespace throng::actors {

void configure_run_system(caf::actor_system_config& cfg, std::size_t threads,
                          const std::vector<http::io_thread*>& io_threads) {
  if (threads == 0 && !io_threads.empty()) {
    io_scheduler::install(cfg, io_threads);
  } else {
    cfg.set("scheduler.policy", caf::atom("sharing"));
    cfg.set("scheduler.max-threads", std::max<std::size_t>(1, threads));
  }
  cfg.add_message_type<pool_response>("pool_response");
  cfg.add_message_type<stats_delta>("stats_delta");
  cfg.add_message_type<violation_report>("violation_report");
  cfg.add_message_type<ticker_join>("ticker_join");
  cfg.add_message_type<ticker_leave>("ticker_leave");
  cfg.add_message_type<seed_report>("seed_report");
}

namespace {

/// Runs the coordinator of `setup` in an actor system of its own and
/// waits for it to fill in `result`. Returns a run_failure if it failed;
/// every actor is gone on return.
std::optional<run_failure> coordinate(run_setup& setup, const std::atomic<int>& interrupt,
                                      std::ostream& log, run_result& result) {
  caf::actor_system_config cfg;
  configure_run_system(cfg, setup.options().scheduler_threads, setup.threads());
  caf::actor_system sys{cfg};
  // Detached: a thread of its own, so that its steps (and on_step) never
  // wait for a scheduler thread that the accounts keep busy.
  auto coordinator = sys.spawn<caf::detached>(
    run_coordinator, run_coordinator_args{&setup, &interrupt, &log, &result});
  std::optional<run_failure> failed;
  // Gone before the system is: a scoped actor alive while the system waits
  // for its actors deadlocks.
  caf::scoped_actor self{sys};
  self->request(coordinator, caf::infinite, run_atom::value)
    .receive([](caf::ok_atom) {},
             [&](caf::error& e) {
               failed = run_failure{3, "the run coordinator failed: " + sys.render(e)};
             });
  return failed;
}

} // namespace

crowd_run::crowd_run(run_options opts) : opts_(std::move(opts)) {
}

protocol::result<run_result, run_failure>
crowd_run::run(const std::atomic<int>& interrupt, std::ostream& log) {
  auto setup = run_setup::open(opts_, interrupt);
  if (!setup) {
    if (setup.error().exit_code != 3)
      return setup.error();
    // Nothing answered: a run with nothing to show, whose files still say so.
    run_result nothing;
    nothing.failure = setup.error();
    return nothing;
  }
  auto& s = **setup;
  run_result result;
  result.name_prefix = s.name_prefix();
  if (auto failed = coordinate(s, interrupt, log, result))
    return *failed;
  result.operations = s.take_operations();
  s.warn_of_shards(log);
  s.close();
  return result;
}

} // namespace throng::actors
