// The run coordinator (run_coordinator.hpp).

#include "actors/run_coordinator.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "http/message.hpp"

namespace throng::actors {

namespace {

using self_pointer = caf::stateful_actor<run_coordinator_state>*;
using phase = run_coordinator_state::phase;
using clock = run_coordinator_state::clock;

/// A step of the load shape is due.
using step_atom = caf::atom_constant<caf::atom("step")>;
/// The run's duration is over.
using over_atom = caf::atom_constant<caf::atom("over")>;
/// The control API queued a request or asked to stop.
using wake_atom = caf::atom_constant<caf::atom("wake")>;
/// The seed-data phase checks for an interrupt.
using seed_watch_atom = caf::atom_constant<caf::atom("seedwatch")>;

constexpr auto step_interval = std::chrono::milliseconds(100);
constexpr auto seed_watch_interval = std::chrono::milliseconds(100);

void begin_run(self_pointer self);

const run_options& options(self_pointer self) {
  return self->state.args.setup->options();
}

bool interrupted(self_pointer self) {
  return self->state.args.interrupt->load() != 0;
}

/// Ends the seed-data phase: its figures and any failure go to the result.
void end_seeding(self_pointer self) {
  auto& st = self->state;
  auto figures = st.seeding->figures();
  figures.seconds = std::chrono::duration<double>(clock::now() - st.seed_began).count();
  st.args.result->seed = figures;
  st.args.result->failure = st.seeding->failure(options(self).seed_max_errors);
  st.seeding.reset();
  st.seeders.clear();
  begin_run(self);
}

/// Asks the accounts whose turn it is to make their seed data; ends the
/// phase once every account asked has reported and none is left to ask.
void ask_to_seed(self_pointer self) {
  auto& st = self->state;
  const auto [first, last] = st.seeding->next(!interrupted(self));
  for (auto i = first; i < last; ++i)
    self->send(st.seeders[i], seed_atom::value);
  if (st.seeding->over())
    end_seeding(self);
}

/// Spawns the stats actor, the pool flushers and the first accounts,
/// and goes on with the seed-data phase or the measured run.
void set_up(self_pointer self) {
  auto& st = self->state;
  auto& setup = *st.args.setup;
  const auto& o = options(self);
  st.stats = setup.spawn_stats(self->system());
  st.pools = setup.spawn_pools(self->system(), st.stats);
  st.shape.emplace(o.accounts, o.rpm, o.stages, o.spawn_rate);
  auto spawn = [self](std::uint32_t index, const population_slot& pop,
                      model::tick_inbox* inbox) {
    auto& s = self->state;
    return s.args.setup->spawn_account(self->system(), index, pop, s.stats, inbox);
  };
  st.members.emplace(setup.plan(), setup.controls(), std::move(spawn), *st.args.log);
  st.members->add(st.shape->at(std::chrono::nanoseconds{0}).accounts, nullptr);
  if (o.seed_notes == 0 || st.members->size() == 0) {
    begin_run(self);
    return;
  }
  st.at = phase::seeding;
  st.seed_began = clock::now();
  st.seeding.emplace(st.members->size(), o.seed_batch);
  st.seeders = st.members->accounts();
  self->delayed_send(self, seed_watch_interval, seed_watch_atom::value);
  ask_to_seed(self);
}

/// Returns whether the measured run should stop now.
bool run_is_over(self_pointer self) {
  auto& st = self->state;
  return interrupted(self) || st.args.setup->controls().stop_requested()
         || clock::now() - st.start >= options(self).duration;
}

/// Ends the measured run and starts the drain.
void end_run(self_pointer self) {
  auto& st = self->state;
  auto& setup = *st.args.setup;
  auto& result = *st.args.result;
  setup.controls().close();
  result.final_accounts = st.members->size();
  result.interrupted = interrupted(self) || setup.controls().stop_requested();
  result.duration_s = std::chrono::duration<double>(clock::now() - st.start).count();
  st.at = phase::draining;
  st.drain.emplace(setup.control(), *st.args.interrupt, options(self).grace, *st.args.log);
  st.drain->begin(self, st.pools, st.stats, *st.members, [self](stats_delta totals) {
    auto& s = self->state;
    auto& r = *s.args.result;
    r.stats = std::move(totals.figures);
    r.series = std::move(totals.series);
    r.peak_accounts = s.steering->peak_accounts();
    r.events = s.steering->take_events();
    s.done.deliver(caf::ok_atom::value);
    self->quit();
  });
}

/// Starts the measured run: the ticker, the crowd's start, the steering,
/// the duration's timer and the first step.
void begin_run(self_pointer self) {
  auto& st = self->state;
  auto& setup = *st.args.setup;
  const auto& o = options(self);
  setup.control().start_ns = http::now_ns();
  const auto first = st.shape->at(std::chrono::nanoseconds{0});
  auto ticker = setup.spawn_ticker(self->system(), first.rpm);
  st.members->start(ticker);
  st.steering.emplace(*st.shape, *st.members, setup.controls(), std::move(ticker),
                      o.on_step);
  st.at = phase::running;
  st.start = clock::now();
  st.next_step = st.start + step_interval;
  if (st.args.result->failure || run_is_over(self)) {
    end_run(self);
    return;
  }
  setup.controls().on_request([coordinator = caf::actor_cast<caf::actor>(self)] {
    caf::anon_send(coordinator, wake_atom::value);
  });
  st.steering->take_requests(std::chrono::nanoseconds{0});
  self->delayed_send(self, o.duration, over_atom::value);
  self->delayed_send(self, step_interval, step_atom::value);
}

/// A step of the measured run: the steering's, the shards' warning, the
/// next step's timer (from its due time, so that steps do not drift; one
/// that fell behind takes one step, not all it missed).
void take_step(self_pointer self) {
  auto& st = self->state;
  if (run_is_over(self)) {
    end_run(self);
    return;
  }
  st.steering->step(clock::now() - st.start);
  st.args.setup->warn_of_shards(*st.args.log);
  if (st.args.setup->controls().stop_requested()) {
    end_run(self);
    return;
  }
  const auto now = clock::now();
  st.next_step = std::max(st.next_step + step_interval, now);
  self->delayed_send(self, st.next_step - now, step_atom::value);
}

} // namespace

caf::behavior run_coordinator(caf::stateful_actor<run_coordinator_state>* self,
                              run_coordinator_args args) {
  self->state.args = args;
  self->set_default_handler(caf::drop);
  return {
    [self](run_atom) {
      auto& st = self->state;
      if (st.at != phase::idle)
        return caf::response_promise{};
      st.done = self->make_response_promise();
      set_up(self);
      return st.done;
    },
    [self](seed_report& r) {
      auto& st = self->state;
      if (st.at != phase::seeding)
        return;
      if (st.seeding->report(std::move(r)))
        st.args.setup->control().stopping = true;
      ask_to_seed(self);
    },
    [self](seed_watch_atom) {
      if (self->state.at != phase::seeding)
        return;
      if (interrupted(self))
        self->state.args.setup->control().stopping = true;
      self->delayed_send(self, seed_watch_interval, seed_watch_atom::value);
    },
    [self](step_atom) {
      if (self->state.at == phase::running)
        take_step(self);
    },
    [self](wake_atom) {
      auto& st = self->state;
      if (st.at != phase::running)
        return;
      if (run_is_over(self))
        end_run(self);
      else
        st.steering->take_requests(clock::now() - st.start);
    },
    [self](over_atom) {
      if (self->state.at == phase::running)
        end_run(self);
    },
    [self](drain_check_atom) {
      if (self->state.drain)
        self->state.drain->on_check(self);
    },
  };
}

} // namespace throng::actors
