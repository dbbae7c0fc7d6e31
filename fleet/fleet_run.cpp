// A distributed run (fleet_run.hpp).

#include "fleet/fleet_run.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <ostream>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/run_setup.hpp"
#include "fleet/fleet_config.hpp"
#include "fleet/fleet_steering.hpp"
#include "fleet/node_transport.hpp"
#include "fleet/worker_link.hpp"
#include "http/message.hpp"
#include "protocol/build_version.hpp"

namespace throng::fleet {

namespace {

using actors::run_failure;

constexpr auto answer_wait = std::chrono::seconds(15);
// For CAF's handshake with a worker, which its middleman answers at once.
constexpr auto handshake_wait = std::chrono::seconds(10);
constexpr auto loop_wait = std::chrono::milliseconds(100);

/// One worker of the run, as the main thread follows it.
struct worker_entry {
  std::string name;
  caf::actor link;
  std::unique_ptr<link_gauges> gauges = std::make_unique<link_gauges>();
  bool finished = false;
  link_event event;
  double fraction = 0; // its part of the run's rate
};

/// Asks `link` a question whose answer is a fleet_refusal, and returns the
/// refusal's reason (empty: it went through).
template <class Atom>
std::string ask(caf::scoped_actor& self, const caf::actor& link, Atom what) {
  std::string why;
  self->request(link, answer_wait, what)
    .receive([&](fleet_refusal& r) { why = std::move(r.reason); },
             [&](caf::error& e) { why = "no answer: " + self->system().render(e); });
  return why;
}

/// Connects to every worker, goes through the handshakes and hands out the
/// shares; returns why the run cannot start, naming the worker.
std::optional<run_failure> start_workers(caf::scoped_actor& self, std::vector<worker_entry>& ws,
                                         const fleet_options& fleet,
                                         std::vector<worker_share> shares,
                                         const caf::actor& stats) {
  auto& sys = self->system();
  for (std::size_t k = 0; k < fleet.workers.size(); ++k) {
    const auto& name = fleet.workers[k];
    const auto colon = name.rfind(':');
    const auto host = name.substr(0, colon);
    const auto port = static_cast<std::uint16_t>(std::stoul(name.substr(colon + 1)));
    auto node = reach_node(sys, host, port, fleet.tls, handshake_wait);
    if (!node)
      return run_failure{3, "cannot reach worker " + name + ": " + node.error()};
    auto& w = ws.emplace_back();
    w.name = name;
    w.fraction = static_cast<double>(shares[k].accounts)
                 / static_cast<double>(std::max<std::uint64_t>(1, shares[k].run_accounts));
    worker_link_args a{*node, name, fleet.secret, std::string{protocol::build_version()},
                       stats, caf::actor_cast<caf::actor>(self), std::move(shares[k]),
                       w.gauges.get()};
    w.link = sys.spawn(worker_link, std::move(a));
    if (auto why = ask(self, w.link, connect_atom::value); !why.empty())
      return run_failure{3, "worker " + name + " refused: " + why};
  }
  for (auto& w : ws)
    if (auto why = ask(self, w.link, begin_atom::value); !why.empty())
      return run_failure{3, "worker " + w.name + " refused its share: " + why};
  return std::nullopt;
}

/// Publishes the workers' gauges, summed, where the stats actor reads them.
void publish_gauges(const std::vector<worker_entry>& ws, actors::run_control& control) {
  std::uint64_t live = 0, abandoned = 0;
  std::int64_t backlog = 0;
  for (const auto& w : ws) {
    live += w.gauges->live_accounts.load(std::memory_order_relaxed);
    backlog += w.gauges->tick_backlog.load(std::memory_order_relaxed);
    abandoned += w.gauges->ticks_abandoned.load(std::memory_order_relaxed);
  }
  control.live_accounts.store(live, std::memory_order_relaxed);
  control.tick_backlog.store(backlog, std::memory_order_relaxed);
  control.ticks_abandoned.store(abandoned, std::memory_order_relaxed);
}

/// Takes the control API's requests to the workers still running.
void steer(caf::scoped_actor& self, const std::vector<worker_entry>& ws,
           fleet_steering& steering, const actors::run_control& control) {
  std::vector<steered_worker> view;
  for (const auto& w : ws) {
    auto& v = view.emplace_back();
    v.link = w.link;
    v.running = !w.finished;
    v.fraction = w.fraction;
    std::lock_guard lock{w.gauges->mutex};
    v.crowd = w.gauges->crowd;
  }
  const auto at_s =
    static_cast<double>(http::now_ns() - control.start_ns.load(std::memory_order_relaxed)) / 1e9;
  steering.step(self, view, at_s);
}

/// Waits until every worker is done or lost, passing signals and the
/// control API's requests on and taking silent workers as lost; returns
/// the failure a loss causes under `fail_on_loss`.
std::optional<run_failure> wait_for_workers(caf::scoped_actor& self,
                                            std::vector<worker_entry>& ws,
                                            const fleet_options& fleet,
                                            actors::run_setup& setup, fleet_steering& steering,
                                            const std::atomic<int>& interrupt,
                                            std::ostream& log) {
  auto& control = setup.control();
  std::optional<run_failure> failure;
  std::size_t left = ws.size();
  int halted = 0;
  auto halt_all = [&] {
    for (auto& w : ws)
      if (!w.finished)
        self->send(w.link, halt_atom::value);
  };
  while (left > 0) {
    self->receive(
      [&](link_event& e) {
        auto& w = ws[e.worker];
        if (w.finished)
          return;
        w.finished = true;
        --left;
        if (e.lost) {
          control.workers_lost.fetch_add(1, std::memory_order_relaxed);
          log << "throng run: worker " << w.name << " lost: " << e.reason
              << "; its figures so far are kept, " << left << " worker(s) go on\n";
          if (fleet.fail_on_loss && !failure) {
            failure = run_failure{3, "worker " + w.name + " was lost: " + e.reason};
            halt_all();
          }
        }
        w.event = std::move(e);
      },
      caf::after(loop_wait) >> [] {});
    publish_gauges(ws, control);
    steer(self, ws, steering, control);
    const int now = std::max(interrupt.load(), setup.controls().stop_requested() ? 1 : 0);
    for (; halted < now; ++halted)
      halt_all();
    const auto silent_since = http::now_ns() - fleet.silence_limit.count() * 1'000'000;
    for (auto& w : ws)
      if (!w.finished && w.gauges->last_heard_ns.load(std::memory_order_relaxed) < silent_since)
        self->send(w.link, silent_atom::value, std::int64_t{fleet.silence_limit.count()});
  }
  return failure;
}

/// Fills `r` from what the workers said at their end.
void gather(actors::run_result& r, const std::vector<worker_entry>& ws) {
  std::uint64_t skipped = 0;
  std::size_t peak = 0;
  for (const auto& w : ws) {
    const auto& d = w.event.done;
    skipped += w.event.lost ? w.gauges->ticks_abandoned.load() : d.skipped_ticks;
    r.stats.tick_lateness_us.merge(d.tick_lateness_us);
    if (d.seeded) {
      auto& s = r.seed ? *r.seed : r.seed.emplace();
      s.notes += d.seed_notes;
      s.errors += d.seed_errors;
      s.retries += d.seed_retries;
      s.seconds = std::max(s.seconds, d.seed_seconds);
    }
    if (d.failure_code != 0 && !r.failure)
      r.failure = run_failure{d.failure_code, "worker " + w.name + ": " + d.failure};
    r.duration_s = std::max(r.duration_s, d.duration_s);
    peak += d.peak_accounts;
    r.final_accounts += d.final_accounts;
    r.workers.push_back(w.event.row);
  }
  r.stats.skipped_ticks = skipped;
  // The steering's peak, seen once a second, is one the crowd had at once;
  // the sum of the workers' own is a bound when it saw nothing.
  if (r.peak_accounts == 0)
    r.peak_accounts = peak;
}

} // namespace

fleet_run::fleet_run(actors::run_options opts, fleet_options fleet)
  : opts_(std::move(opts)), fleet_(std::move(fleet)) {
  // Figures come a hop later than in one process.
  opts_.seal_lag_s = std::max<std::uint32_t>(opts_.seal_lag_s, 6);
}

protocol::result<actors::run_result, run_failure>
fleet_run::run(const std::atomic<int>& interrupt, std::ostream& log) {
  if (auto bad = check_tls_files(fleet_.tls))
    return run_failure{2, "TLS: " + bad->message};
  auto setup = actors::run_setup::open(opts_, interrupt);
  if (!setup) {
    if (setup.error().exit_code != 3)
      return setup.error();
    // Nothing answered: a run with nothing to show, whose files still say so.
    actors::run_result nothing;
    nothing.failure = setup.error();
    return nothing;
  }
  auto& s = **setup;
  actors::run_result result;
  result.name_prefix = s.name_prefix();
  std::optional<run_failure> failed;
  {
    caf::actor_system_config cfg;
    configure_fleet_system(cfg, 1);
    configure_node_transport(cfg, fleet_.tls);
    caf::actor_system sys{cfg};
    auto stats = s.spawn_stats(sys);
    std::vector<worker_entry> ws;
    {
      caf::scoped_actor self{sys};
      auto texts = fleet_.texts;
      texts.name_prefix = s.name_prefix();
      failed = start_workers(self, ws, fleet_, split_run(opts_, fleet_.workers.size(), texts),
                             stats);
      s.control().start_ns = http::now_ns();
      if (failed) {
        for (auto& w : ws)
          self->send(w.link, halt_atom::value);
      } else {
        fleet_steering steering{s.controls()};
        failed = wait_for_workers(self, ws, fleet_, s, steering, interrupt, log);
        s.controls().close();
        result.events = steering.take_events();
        result.peak_accounts = steering.peak_accounts();
        self->request(stats, caf::infinite, actors::totals_atom::value)
          .receive(
            [&](actors::stats_delta& d) {
              result.stats = std::move(d.figures);
              result.series = std::move(d.series);
            },
            [](caf::error&) {});
        gather(result, ws);
      }
    }
    for (auto& w : ws)
      caf::anon_send_exit(w.link, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(stats, caf::exit_reason::user_shutdown);
  }
  if (failed && result.workers.empty())
    return *failed;
  if (failed)
    result.failure = std::move(failed);
  result.interrupted = interrupt.load() != 0;
  s.close();
  return result;
}

} // namespace throng::fleet
