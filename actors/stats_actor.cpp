// The stats actor (stats_actor.hpp).

#include "actors/stats_actor.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <utility>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "stats/report.hpp"

namespace throng::actors {

namespace {

/// Publishes the running totals in run_control, where the control API
/// reads them.
void publish_totals(const stats_actor_state& st) {
  auto& c = *st.args.control;
  c.requests.store(st.totals.total, std::memory_order_relaxed);
  c.errors.store(st.totals.failed, std::memory_order_relaxed);
  c.violations.store(st.totals.violation_total(), std::memory_order_relaxed);
}

/// Sends the relay what arrived since the last time, and the gauges.
void relay(caf::stateful_actor<stats_actor_state>* self) {
  auto& st = self->state;
  if (!st.args.relay)
    return;
  const auto& control = *st.args.control;
  if (std::exchange(st.relay_pending, false))
    self->send(st.args.relay, stats_delta{std::exchange(st.relay_figures, {}),
                                          std::exchange(st.relay_series, {})});
  self->send(st.args.relay, gauges_atom::value,
             static_cast<std::uint64_t>(
               std::max<std::int64_t>(0, control.live_accounts.load(std::memory_order_relaxed))),
             std::int64_t{control.tick_backlog.load(std::memory_order_relaxed)},
             std::uint64_t{control.ticks_abandoned.load(std::memory_order_relaxed)});
}

void tick(caf::stateful_actor<stats_actor_state>* self) {
  auto& st = self->state;
  relay(self);
  const auto& control = *st.args.control;
  const auto now = http::now_ns();
  const auto start = control.start_ns.load(std::memory_order_relaxed);
  if (start != 0) {
    auto second = control.second_of(now);
    if (second > st.args.seal_lag_s)
      st.series.seal_before(second - st.args.seal_lag_s);
  }
  const auto live = control.live_accounts.load(std::memory_order_relaxed);
  const auto behind = control.tick_backlog.load(std::memory_order_relaxed);
  // Known during the run: the backlogs of accounts that left it. The rest
  // is counted once every account is gone (the run's drain).
  st.totals.skipped_ticks = control.ticks_abandoned.load(std::memory_order_relaxed);
  if (st.args.metrics != nullptr)
    st.args.metrics->publish(st.totals, live, behind);
  if (auto* board = st.args.dashboard; board != nullptr && start != 0) {
    board->on_second(control.second_of(now), st.totals, live, behind);
    if (board->snapshot_wanted())
      board->provide(st.totals, st.series);
  }
  if (st.args.status != status_mode::quiet && start != 0) {
    stats::status_figures f;
    f.elapsed_s = static_cast<double>(now - start) / 1e9;
    f.live_accounts = live;
    const double window_s = static_cast<double>(now - st.last_status_ns) / 1e9;
    for (std::size_t i = 0; i < protocol::category_count; ++i)
      f.rates[i] = window_s > 0 ? static_cast<double>(st.totals.categories[i]
                                                      - st.at_last_status.categories[i])
                                    / window_s
                                : 0;
    f.p99_ms = static_cast<double>(st.window_latency_us.percentile(99)) / 1000;
    f.errors = st.totals.failed;
    f.violations = st.totals.violation_total();
    f.tick_backlog = behind;
    f.workers_lost = control.workers_lost.load(std::memory_order_relaxed);
    for (const auto& [name, now_shard] : st.totals.shards) {
      auto before = st.at_last_status.shards.find(name);
      auto done = now_shard.note_reads + now_shard.note_writes;
      if (before != st.at_last_status.shards.end())
        done -= before->second.note_reads + before->second.note_writes;
      f.shard_rates.emplace_back(
        name, window_s > 0 ? static_cast<double>(done) / window_s : 0);
    }
    st.at_last_status.shards = st.totals.shards;
    auto& out = *st.args.status_out;
    if (st.args.status == status_mode::terminal)
      out << "\r\x1b[2K" << stats::status_line(f) << std::flush;
    else
      out << stats::status_line(f) << std::endl;
    st.at_last_status.categories = st.totals.categories;
    st.window_latency_us.clear();
  }
  st.last_status_ns = now;
}

} // namespace

nlohmann::json to_json(const violation_report& v, std::uint64_t seed) {
  nlohmann::json j = {
    {"unix_ms", v.unix_ms},
    {"class", std::string{model::to_string(v.kind)}},
    {"seed", seed},
    {"account", v.account},
    {"account_name", v.account_name},
    {"account_id", v.account_id},
    {"population", v.population},
    {"operation", std::string{protocol::to_string(v.op)}},
    {"note", v.note_id},
    {"expected", v.expected},
    {"received", v.received.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.received)},
    {"status", v.status},
    {"shard", v.shard},
  };
  if (!v.worker.empty())
    j["worker"] = v.worker;
  return j;
}

std::string to_json_line(const violation_report& v, std::uint64_t seed) {
  return to_json(v, seed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

caf::behavior stats_actor(caf::stateful_actor<stats_actor_state>* self,
                          stats_actor_args args) {
  auto& init = self->state;
  init.args = std::move(args);
  if (!init.args.violations_log.empty())
    init.violations_log = std::make_unique<std::ofstream>(
      init.args.violations_log, std::ios::out | std::ios::trunc);
  init.last_status_ns = http::now_ns();
  self->set_default_handler(caf::drop);
  self->delayed_send(self, std::chrono::seconds(1), flush_atom::value);
  return {
    [self](stats_delta& d) {
      auto& st = self->state;
      st.totals.merge(d.figures);
      st.series.merge(d.series);
      if (st.args.relay) {
        st.relay_figures.merge(d.figures);
        st.relay_series.merge(d.series);
        st.relay_pending = true;
      }
      for (const auto& op : d.figures.ops)
        st.window_latency_us.merge(op.latency_us);
      publish_totals(st);
    },
    [self](violation_report& v) {
      auto& st = self->state;
      if (st.args.relay)
        self->send(st.args.relay, v);
      st.totals.record_violation(v.kind, v.shard);
      publish_totals(st);
      const auto second = st.args.control->second_of(http::now_ns());
      st.series.record_violation(second);
      if (st.args.dashboard != nullptr)
        st.args.dashboard->on_violation(to_json(v, st.args.seed), second);
      if (st.violations_log) {
        *st.violations_log << to_json_line(v, st.args.seed) << '\n';
        st.violations_log->flush();
      }
    },
    [self](indeterm_atom, std::uint64_t n) {
      auto& st = self->state;
      st.totals.indeterminate += n;
      if (st.args.relay)
        self->send(st.args.relay, indeterm_atom::value, n);
    },
    [self](flush_atom) {
      tick(self);
      self->delayed_send(self, std::chrono::seconds(1), flush_atom::value);
    },
    [self](totals_atom) {
      auto& st = self->state;
      relay(self);
      st.series.seal_all();
      if (st.args.status == status_mode::terminal)
        *st.args.status_out << '\n' << std::flush;
      return stats_delta{st.totals, st.series};
    },
  };
}

} // namespace throng::actors
