// The set-up of a run of the crowd (run_setup.hpp).

#include "actors/run_setup.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <fstream>
#include <limits>
#include <ostream>
#include <utility>

#include <caf/all.hpp>

#include "actors/account_actor.hpp"
#include "actors/pool_flusher_actor.hpp"
#include "actors/stats_actor.hpp"
#include "actors/await_target.hpp"
#include "actors/ticker_actor.hpp"
#include "http/url.hpp"
#include "protocol/digits.hpp"

namespace throng::actors {

namespace {

/// Returns a prefix no other run has used: the time and a random part.
std::string fresh_prefix() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  model::rng r(static_cast<std::uint64_t>(now.count()));
  return "t" + protocol::to_base36(static_cast<std::uint64_t>(
                 std::chrono::duration_cast<std::chrono::milliseconds>(now).count()))
         + protocol::to_base36(r.below(36 * 36 * 36));
}

/// Returns the most accounts a run of `o` makes: its limit, at most the
/// index type's.
std::size_t account_limit_of(const run_options& o) {
  return std::min<std::size_t>(o.account_limit, std::numeric_limits<std::uint32_t>::max());
}

/// Returns the client options of a run of `o`, or why its target or its
/// violations log cannot be used.
protocol::result<http::client_options, run_failure> client_options_of(const run_options& o) {
  auto target = http::parse_url(o.target);
  if (!target)
    return run_failure{2, "--target: " + target.error().message};
  if (!o.violations_log.empty()) {
    std::ofstream probe_file(o.violations_log, std::ios::app);
    if (!probe_file)
      return run_failure{2, "--violations-log: cannot write " + o.violations_log};
  }
  http::client_options copts;
  copts.target = *target;
  copts.timeout = o.timeout;
  copts.max_response_bytes = o.max_response_bytes;
  copts.insecure = o.insecure;
  if (o.api)
    copts.style = o.api->style;
  return copts;
}

/// Returns the client pools of a run of `o`, one on each of `threads`,
/// with the connections shared out among them.
protocol::result<std::vector<std::unique_ptr<http::client_pool>>, run_failure>
make_pools(const run_options& o, const http::client_options& copts,
           const std::vector<http::io_thread*>& threads) {
  const auto workers = threads.size();
  std::vector<std::unique_ptr<http::client_pool>> pools;
  for (std::size_t i = 0; i < workers; ++i) {
    auto c = copts;
    c.connections = o.connections / workers + (i < o.connections % workers);
    auto p = http::client_pool::create(c, threads[i]);
    if (!p)
      return run_failure{2, "cannot set up the client: " + p.error().message};
    pools.push_back(std::move(*p));
  }
  return pools;
}

} // namespace

protocol::result<std::unique_ptr<run_setup>, run_failure>
run_setup::open(const run_options& o, const std::atomic<int>& interrupt) {
  auto copts = client_options_of(o);
  if (!copts)
    return copts.error();
  if (auto ok = await_target(*copts, o.connect_wait, interrupt); !ok)
    return ok.error();
  auto populations = make_populations(o);
  if (!populations)
    return populations.error();
  const auto wanted = std::max<std::size_t>(1, std::min(o.client_threads, o.connections));
  std::vector<std::unique_ptr<http::io_thread>> own;
  std::vector<http::io_thread*> threads;
  try {
    for (std::size_t i = 0; i < wanted; ++i)
      threads.push_back(own.emplace_back(http::io_thread::start()).get());
  } catch (const std::exception& e) {
    return run_failure{2, std::string{"cannot start the client's threads: "} + e.what()};
  }
  auto pools = make_pools(o, *copts, threads);
  if (!pools)
    return pools.error();
  std::unique_ptr<run_setup> s{new run_setup(o, std::move(own), threads,
                                             std::move(pools.value()),
                                             std::move(populations.value()))};
  auto listeners = run_listeners::start(
    {o.metrics, &s->board_, o.control, &s->api_, o.web, o.dashboard, &s->controls_});
  if (!listeners)
    return listeners.error();
  s->listeners_ = std::move(listeners.value());
  return s;
}

run_setup::run_setup(const run_options& o,
                     std::vector<std::unique_ptr<http::io_thread>> own_threads,
                     std::vector<http::io_thread*> threads,
                     std::vector<std::unique_ptr<http::client_pool>> pools,
                     std::deque<population_slot> populations)
  : opts_(o),
    own_threads_(std::move(own_threads)),
    threads_(std::move(threads)),
    controls_(control_, std::move(populations), o.notes_per_account, account_limit_of(o)) {
  for (auto& p : pools)
    pools_.push_back(std::make_unique<metered_pool>(std::move(p), control_, shard_names_));
  settings_.name_prefix = o.name_prefix.empty() ? fresh_prefix() : o.name_prefix;
  settings_.content_bytes = o.content_bytes;
  settings_.seed = o.seed;
  settings_.seed_notes = o.seed_notes;
  settings_.directory = &directory_;
  settings_.profile = o.api.get();
  for (std::size_t i = 0; i < controls_.population_count(); ++i)
    populations_.push_back(&controls_.population(i));
}

crowd_plan run_setup::plan() {
  crowd_plan p;
  p.populations = populations_;
  p.accounts = opts_.population_accounts != 0 ? opts_.population_accounts : opts_.accounts;
  p.account_limit = account_limit_of(opts_);
  p.indexes = opts_.indexes;
  p.closed = opts_.model == config::workload_model::closed;
  p.inboxes = &inboxes_;
  return p;
}

caf::actor run_setup::spawn_stats(caf::actor_system& sys) {
  stats_actor_args a;
  a.violations_log = opts_.violations_log;
  a.seed = opts_.seed;
  a.control = &control_;
  a.status = opts_.status_out != nullptr ? opts_.status : status_mode::quiet;
  a.status_out = opts_.status_out;
  a.metrics = &board_;
  a.dashboard = opts_.dashboard;
  a.relay = opts_.relay;
  a.seal_lag_s = opts_.seal_lag_s;
  return sys.spawn(stats_actor, std::move(a));
}

std::vector<caf::actor> run_setup::spawn_pools(caf::actor_system& sys,
                                               const caf::actor& stats) {
  std::vector<caf::actor> out;
  for (auto& p : pools_)
    out.push_back(sys.spawn<caf::detached>(pool_flusher_actor, p.get(), stats));
  return out;
}

caf::actor run_setup::spawn_ticker(caf::actor_system& sys, double rpm) {
  auto a = std::make_shared<ticker_args>();
  a->rpm = rpm;
  a->seed = opts_.seed;
  a->control = &control_;
  if (opts_.scheduler_threads == 0)
    a->threads = threads_;
  return sys.spawn(ticker_actor, std::move(a));
}

const account_context& run_setup::context_of(const population_slot& pop,
                                             metered_pool* pool, const caf::actor& stats) {
  // As many as populations times pools: a few.
  for (const auto& c : contexts_)
    if (c.policy == pop.policy.get() && c.pool == pool && c.stats == stats.address())
      return c;
  const bool closed = opts_.model == config::workload_model::closed;
  auto& c = contexts_.emplace_back();
  c.settings = &settings_;
  c.policy = pop.policy.get();
  c.control = &control_;
  c.pool = pool;
  c.population = &pop.spec.name;
  c.closed_think = closed ? &pop.think : nullptr;
  c.record = opts_.record_operations ? &record_ : nullptr;
  c.seed_max_errors = opts_.seed_max_errors;
  c.stats = stats.address();
  return c;
}

caf::actor run_setup::spawn_account(caf::actor_system& sys, std::uint32_t index,
                                    const population_slot& pop,
                                    const caf::actor& stats, model::tick_inbox* inbox) {
  account_actor_args a;
  a.inbox = inbox;
  a.context = &context_of(pop, pools_[index % pools_.size()].get(), stats);
  a.index = index;
  return sys.spawn(account_actor, std::move(a));
}

void run_setup::warn_of_shards(std::ostream& log) {
  if (warned_of_shards_ || !shard_names_.overflowed())
    return;
  warned_of_shards_ = true;
  log << "throng run: the target names more than " << shard_names_.limit()
      << " shards in X-Shard (or names one that is too long or not printable); "
         "the rest are counted as \"" << stats::shard_names::other_name << "\"\n";
}

} // namespace throng::actors
