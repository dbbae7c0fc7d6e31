// The supervisor: one run of the crowd, from checking the target to collecting
// the totals (supervisor.hpp).

#include "actors/supervisor.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/account_actor.hpp"
#include "model/account_directory.hpp"
#include "model/behaviour_registry.hpp"
#include "actors/client_pool_actor.hpp"
#include "control/control_api.hpp"
#include "actors/messages.hpp"
#include "model/think_time.hpp"
#include "actors/stats_actor.hpp"
#include "actors/ticker_actor.hpp"
#include "stats/metrics_board.hpp"
#include "http/client_pool.hpp"
#include "http/server.hpp"
#include "http/url.hpp"
#include "protocol/digits.hpp"

namespace throng::actors {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

/// Returns a prefix no other run has used: the time and a random part.
std::string fresh_prefix() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  model::rng r(static_cast<std::uint64_t>(now.count()));
  return "t" + protocol::to_base36(static_cast<std::uint64_t>(
                 std::chrono::duration_cast<milliseconds>(now).count()))
         + protocol::to_base36(r.below(36 * 36 * 36));
}

/// Sends GET /healthz until an HTTP answer arrives or `wait` has passed.
/// Any status counts: the target is reachable.
protocol::result<bool, run_failure> probe(const http::client_options& base,
                                          milliseconds wait,
                                          const std::atomic<int>& interrupt) {
  auto opts = base;
  opts.connections = 1;
  opts.timeout = std::min(opts.timeout, milliseconds(2000));
  auto pool = http::client_pool::create(opts);
  if (!pool)
    return run_failure{2, "cannot reach " + http::to_string(base.target) + ": "
                            + pool.error().message};
  auto deadline = steady_clock::now() + wait;
  http::failure last = http::failure::none;
  do {
    std::promise<http::response> answer;
    auto got = answer.get_future();
    http::request req;
    req.target = "/healthz";
    (*pool)->submit(std::move(req), [&answer](http::response r) {
      answer.set_value(std::move(r));
    });
    auto r = got.get();
    if (r.error == http::failure::none)
      return true;
    last = r.error;
    std::this_thread::sleep_for(milliseconds(200));
  } while (steady_clock::now() < deadline && interrupt.load() == 0);
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
  return run_failure{3, "target " + http::to_string(base.target)
                          + " unreachable after " + std::to_string(secs)
                          + " s (last error: " + std::string{http::to_string(last)}
                          + ")"};
}

/// Returns where a server of `flag` listens for `address`, "HOST:PORT", or
/// says what is wrong. HOST is an address, or localhost.
protocol::result<http::server_options, run_failure>
listen_options(const char* flag, const std::string& address) {
  auto where = http::parse_host_port(address);
  if (!where)
    return run_failure{2, std::string{flag} + ": " + where.error().message};
  http::server_options so;
  // A socket binds an address, not a name; localhost names the loopback
  // (RFC 6761), and 127.0.0.1 is the loopback address every host has.
  so.address = where->host == "localhost" ? "127.0.0.1" : where->host;
  so.port = where->port;
  return so;
}

/// Starts the /metrics endpoint on `address` ("host:port"), serving what
/// `board` holds.
protocol::result<std::unique_ptr<http::server>, run_failure>
serve_metrics(const std::string& address, stats::metrics_board& board) {
  auto so = listen_options("--metrics", address);
  if (!so)
    return so.error();
  auto s = http::server::start(*so, [&board](const http::server_request& req) {
    http::server_response r;
    if (req.target != "/metrics") {
      r.status = 404;
      r.body = R"({"error":"no such path; the metrics are at /metrics"})";
      return r;
    }
    r.body = board.read();
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  });
  if (!s)
    return run_failure{2, "--metrics: " + s.error().message};
  return std::move(s.value());
}

/// Returns whether `host` is a loopback address: 127.0.0.0/8 or ::1.
bool is_loopback(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
    return (ntohl(v4.s_addr) >> 24) == 127;
  return host == "::1";
}

/// Starts the control API on `address`, a loopback "host:port" only
/// ("[::1]:port" for IPv6, or "localhost:port"): the API changes the run, so
/// it is not offered to the network.
protocol::result<std::unique_ptr<http::server>, run_failure>
serve_control(const std::string& address, const control::control_api& api) {
  auto so = listen_options("--control", address);
  if (!so)
    return so.error();
  if (!is_loopback(so->address))
    return run_failure{2, "--control: only a loopback address is accepted (127.0.0.1, "
                          "::1 or localhost), got '" + so->address + "'"};
  so->max_body_bytes = 4096;
  auto s = http::server::start(*so, [&api](const http::server_request& req) {
    return api(req);
  });
  if (!s)
    return run_failure{2, "--control: " + s.error().message};
  return std::move(s.value());
}

/// Returns "1 account" or "N accounts".
std::string accounts_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " account" : " accounts");
}

/// Returns why `n` accounts cannot be added to a run that has made `made`
/// accounts and has indexes for `room` more (account indexes are never
/// reused).
std::string cannot_add(std::size_t n, std::size_t made, std::size_t room) {
  const auto why = room == 0 ? std::string{"account indexes are used up"}
                             : "only " + std::to_string(room) + " account indexes are left";
  return "cannot add " + accounts_text(n) + ": " + why + " (" + accounts_text(made)
         + " made in this run)";
}

/// A population of the run: its parameters, the behaviour made from them
/// and its think time.
struct population_slot {
  model::population_spec spec;
  std::unique_ptr<model::behaviour> policy;
  model::think_time think;
};

/// A request of the control API, queued for the supervisor's loop.
struct control_request {
  enum class kind : std::uint8_t { add, remove, rate };
  kind what = kind::add;
  std::size_t n = 0;
  const population_slot* population = nullptr;
  double rpm = 0;
};

/// The supervisor's side of the control API: the API's thread checks and
/// queues requests, the supervisor's loop takes them and publishes the
/// crowd's status. Owns the run's populations, and those made for accounts
/// added with a behaviour no population has; it outlives every account.
/// Thread-safe.
class crowd_controls final : public control::run_controller {
public:
  /// Takes the run's populations; the slots keep their addresses for the
  /// controls' lifetime. A run makes at most `account_limit` accounts.
  crowd_controls(const run_control& control, std::deque<population_slot> populations,
                 std::size_t notes_per_account, std::size_t account_limit)
    : control_(control), populations_(std::move(populations)),
      notes_cap_(notes_per_account), account_limit_(account_limit) {
  }

  /// Returns the run's population number `i`; call before the control API
  /// is served.
  const population_slot& population(std::size_t i) const { return populations_[i]; }

  control::crowd_status status() const override {
    control::crowd_status s;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      s = published_;
    }
    const auto start = control_.start_ns.load(std::memory_order_relaxed);
    if (start != 0)
      s.elapsed_s = static_cast<double>(http::now_ns() - start) / 1e9;
    s.running = control_.live_accounts.load(std::memory_order_relaxed);
    s.requests = control_.requests.load(std::memory_order_relaxed);
    s.errors = control_.errors.load(std::memory_order_relaxed);
    s.violations = control_.violations.load(std::memory_order_relaxed);
    return s;
  }

  protocol::result<bool, control::control_error> add_accounts(std::size_t n,
                                                     const std::string& name) override {
    std::lock_guard<std::mutex> guard{mtx_};
    if (closed_)
      return stopping();
    // Indexes given out, and those the queued additions will take.
    std::size_t taken = made_;
    for (const auto& q : queue_)
      taken += q.what == control_request::kind::add ? q.n : 0;
    const auto room = account_limit_ - std::min(account_limit_, taken);
    if (n > room)
      return control::control_error{control::control_error::kind::bad_value, "add", cannot_add(n, taken, room)};
    control_request r;
    r.n = n;
    // The first population with that behaviour, or one made for it.
    auto it = std::find_if(populations_.begin(), populations_.end(),
                           [&](const population_slot& p) { return p.spec.behaviour == name; });
    if (it == populations_.end()) {
      model::population_spec p;
      p.name = name;
      p.behaviour = name;
      p.notes_per_account = notes_cap_;
      auto made = model::make_behaviour(p);
      if (!made)
        return control::control_error{control::control_error::kind::bad_value, "behaviour",
                             made.error().message};
      it = populations_.insert(populations_.end(),
                               population_slot{p, std::move(made.value()), model::think_time{p.think}});
    }
    r.population = &*it;
    queue_.push_back(std::move(r));
    return true;
  }

  protocol::result<bool, control::control_error> remove_accounts(std::size_t n) override {
    control_request r;
    r.what = control_request::kind::remove;
    r.n = n;
    return enqueue(std::move(r));
  }

  protocol::result<bool, control::control_error> set_rpm(double rpm) override {
    control_request r;
    r.what = control_request::kind::rate;
    r.rpm = rpm;
    return enqueue(std::move(r));
  }

  void stop() override { stop_ = true; }

  bool stop_requested() const noexcept { return stop_.load(); }

  /// Returns the requests queued since the last call.
  std::vector<control_request> take() {
    std::lock_guard<std::mutex> guard{mtx_};
    return std::exchange(queue_, {});
  }

  /// Records that the run has made `n` accounts so far.
  void made(std::size_t n) {
    std::lock_guard<std::mutex> guard{mtx_};
    made_ = n;
  }

  /// Publishes what status() reports besides the running totals.
  void publish(control::crowd_status s) {
    std::lock_guard<std::mutex> guard{mtx_};
    published_ = std::move(s);
  }

  /// Refuses every later request: the run is ending.
  void close() {
    std::lock_guard<std::mutex> guard{mtx_};
    closed_ = true;
    published_.stopping = true;
    queue_.clear();
  }

private:
  static control::control_error stopping() {
    return control::control_error{control::control_error::kind::stopping, "", "the run is stopping"};
  }

  protocol::result<bool, control::control_error> enqueue(control_request r) {
    std::lock_guard<std::mutex> guard{mtx_};
    if (closed_)
      return stopping();
    queue_.push_back(std::move(r));
    return true;
  }

  const run_control& control_;
  std::deque<population_slot> populations_;
  std::size_t notes_cap_;
  std::size_t account_limit_;
  mutable std::mutex mtx_;
  std::size_t made_ = 0; // accounts made so far (indexes given out)
  std::vector<control_request> queue_;
  control::crowd_status published_;
  bool closed_ = false;
  std::atomic<bool> stop_{false};
};

/// Returns the run's populations with their behaviours made, or why one
/// cannot be (exit code 2).
protocol::result<std::deque<population_slot>, run_failure>
make_populations(const run_options& o) {
  std::vector<model::population_spec> specs = o.populations;
  if (specs.empty()) {
    model::population_spec p;
    p.name = "random";
    p.notes_per_account = o.notes_per_account;
    specs.push_back(std::move(p));
  }
  std::deque<population_slot> out;
  for (auto& p : specs) {
    if (p.name.empty())
      p.name = p.behaviour;
    auto made = model::make_behaviour(p);
    if (!made)
      return run_failure{2, "population '" + p.name + "': " + made.error().message};
    model::think_time t{p.think};
    out.push_back(population_slot{std::move(p), std::move(made.value()), t});
  }
  return out;
}

/// Returns the label of stage `i` on the report's charts: "stage 2: 10
/// accounts, 6000 rpm over 30 s".
std::string describe_stage(std::size_t i, const config::load_stage& st) {
  std::ostringstream out;
  out << "stage " << i + 1 << ": ";
  if (st.accounts)
    out << *st.accounts << " accounts" << (st.rpm ? ", " : "");
  if (st.rpm)
    out << *st.rpm << " rpm";
  if (!st.accounts && !st.rpm)
    out << "hold";
  if (st.duration.count() > 0)
    out << " over " << std::chrono::duration<double>(st.duration).count() << " s";
  return out.str();
}

/// Runs the seed-data phase: asks `accounts`, at most `o.seed_batch` at a
/// time (so that at most that many writes are in flight), to create their
/// seed notes, and puts the phase's figures in `result.seed`. On an
/// interrupt no more accounts start and those under way stop. Returns the
/// failure that ends the run (exit code 3) once the crowd's failed requests
/// exceed `o.seed_max_errors`.
std::optional<run_failure> seed_phase(caf::actor_system& sys,
                                      const std::vector<caf::actor>& accounts,
                                      run_control& control, const run_options& o,
                                      const std::atomic<int>& interrupt, run_result& result) {
  const auto began = steady_clock::now();
  stats::seed_figures figures;
  std::string last_error;
  bool gave_up = false;
  {
    caf::scoped_actor self{sys};
    const auto batch = std::max<std::size_t>(1, o.seed_batch);
    std::size_t next = 0;
    std::size_t pending = 0;
    auto more = [&] {
      while (next < accounts.size() && pending < batch && !gave_up
             && interrupt.load() == 0) {
        self->send(accounts[next++], seed_atom::value);
        ++pending;
      }
    };
    more();
    while (pending > 0) {
      self->receive(
        [&](seed_report& r) {
          --pending;
          figures.notes += r.notes;
          figures.errors += r.errors;
          figures.retries += r.retries;
          if (!r.last_error.empty())
            last_error = std::move(r.last_error);
          if (r.gave_up && !gave_up) {
            gave_up = true;
            control.stopping = true;
          }
          more();
        },
        caf::after(milliseconds(100)) >> [&] {
          if (interrupt.load() != 0)
            control.stopping = true;
        });
    }
  }
  figures.seconds = std::chrono::duration<double>(steady_clock::now() - began).count();
  result.seed = figures;
  if (!gave_up)
    return std::nullopt;
  return run_failure{3, "seed data: gave up after " + std::to_string(figures.errors)
                          + " failed requests (more than --seed-max-errors "
                          + std::to_string(o.seed_max_errors) + "); last error: "
                          + last_error};
}

template <class Predicate>
void wait_until(Predicate done, milliseconds limit) {
  auto deadline = steady_clock::now() + limit;
  while (!done() && steady_clock::now() < deadline)
    std::this_thread::sleep_for(milliseconds(10));
}

} // namespace

supervisor::supervisor(run_options opts) : opts_(std::move(opts)) {
}

protocol::result<run_result, run_failure>
supervisor::run(const std::atomic<int>& interrupt, std::ostream& log) {
  auto target = http::parse_url(opts_.target);
  if (!target)
    return run_failure{2, "--target: " + target.error().message};
  if (!opts_.violations_log.empty()) {
    std::ofstream probe_file(opts_.violations_log, std::ios::app);
    if (!probe_file)
      return run_failure{2, "--violations-log: cannot write " + opts_.violations_log};
  }
  http::client_options copts;
  copts.target = *target;
  copts.timeout = opts_.timeout;
  copts.max_response_bytes = opts_.max_response_bytes;
  copts.insecure = opts_.insecure;
  if (auto ok = probe(copts, opts_.connect_wait, interrupt); !ok) {
    if (ok.error().exit_code != 3)
      return ok.error();
    // Nothing answered: a run with nothing to show, whose files still say so.
    run_result nothing;
    nothing.failure = ok.error();
    return nothing;
  }

  const auto workers = std::max<std::size_t>(1, std::min(opts_.client_threads,
                                                         opts_.connections));
  std::vector<std::unique_ptr<http::client_pool>> pools;
  for (std::size_t i = 0; i < workers; ++i) {
    auto o = copts;
    o.connections = opts_.connections / workers + (i < opts_.connections % workers);
    auto p = http::client_pool::create(o);
    if (!p)
      return run_failure{2, "cannot set up the client: " + p.error().message};
    pools.push_back(std::move(*p));
  }

  run_result result;
  result.name_prefix = fresh_prefix();
  model::account_settings settings;
  settings.name_prefix = result.name_prefix;
  settings.content_bytes = opts_.content_bytes;
  settings.seed = opts_.seed;
  settings.seed_notes = opts_.seed_notes;
  model::account_directory directory;
  settings.directory = &directory;
  operation_record record;
  auto made = make_populations(opts_);
  if (!made)
    return made.error();
  const std::size_t population_count = made->size();
  const config::load_shape shape{opts_.accounts, opts_.rpm, opts_.stages, opts_.spawn_rate};
  const auto first = shape.at(std::chrono::nanoseconds{0});
  run_control control;
  const std::size_t account_limit
    = std::min<std::size_t>(opts_.account_limit, std::numeric_limits<std::uint32_t>::max());
  crowd_controls controls{control, std::move(made.value()), opts_.notes_per_account,
                          account_limit};
  std::vector<const population_slot*> populations;
  std::vector<model::population_spec> specs;
  for (std::size_t i = 0; i < population_count; ++i) {
    populations.push_back(&controls.population(i));
    specs.push_back(populations.back()->spec);
  }
  const bool closed = opts_.model == config::workload_model::closed;
  control::control_api api{controls};

  stats::metrics_board board;
  std::unique_ptr<http::server> metrics_server;
  if (!opts_.metrics.empty()) {
    auto m = serve_metrics(opts_.metrics, board);
    if (!m)
      return m.error();
    metrics_server = std::move(m.value());
  }
  std::unique_ptr<http::server> control_server;
  if (!opts_.control.empty()) {
    auto c = serve_control(opts_.control, api);
    if (!c)
      return c.error();
    control_server = std::move(c.value());
  }

  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("sharing"));
  cfg.set("scheduler.max-threads", opts_.scheduler_threads);
  cfg.add_message_type<pool_request>("pool_request");
  cfg.add_message_type<pool_response>("pool_response");
  cfg.add_message_type<stats_delta>("stats_delta");
  cfg.add_message_type<violation_report>("violation_report");
  cfg.add_message_type<ticker_join>("ticker_join");
  cfg.add_message_type<ticker_leave>("ticker_leave");
  cfg.add_message_type<seed_report>("seed_report");
  std::optional<run_failure> seed_failure; // the seed-data phase gave up
  stats::shard_names shard_names;
  bool warned_of_shards = false;
  auto warn_of_shards = [&] {
    if (warned_of_shards || !shard_names.overflowed())
      return;
    warned_of_shards = true;
    log << "throng run: the target names more than " << shard_names.limit()
        << " shards in X-Shard (or names one that is too long or not printable); "
           "the rest are counted as \"" << stats::shard_names::other_name << "\"\n";
  };
  {
    caf::actor_system sys{cfg};
    stats_actor_args sargs;
    sargs.violations_log = opts_.violations_log;
    sargs.seed = opts_.seed;
    sargs.control = &control;
    sargs.status = opts_.status_out != nullptr ? opts_.status : status_mode::quiet;
    sargs.status_out = opts_.status_out;
    sargs.metrics = &board;
    auto stats = sys.spawn(stats_actor, std::move(sargs));
    std::vector<caf::actor> pool_actors;
    for (auto& p : pools) {
      auto args = std::make_shared<client_pool_actor_args>();
      args->pool = std::move(p);
      args->stats = stats;
      args->control = &control;
      args->shards = &shard_names;
      pool_actors.push_back(sys.spawn(client_pool_actor, std::move(args)));
    }
    // Spawned after the seed-data phase: until then new accounts wait.
    caf::actor ticker;
    ticker_join held;
    std::int64_t start_ns = 0;

    // The crowd, in the order its accounts joined: removal takes the last.
    struct member {
      std::uint32_t index;
      caf::actor actor;
      const population_slot* population;
    };
    std::vector<member> crowd;
    std::map<const population_slot*, std::size_t> live_by_population;
    std::uint32_t next_index = 0;
    bool told_used_up = false;
    // Adds `n` accounts, of population `only`, or each of the population
    // population_of() gives its index. Indexes are never reused: past the
    // limit, the run says so once on `log` and goes on with the accounts it
    // has.
    auto add = [&](std::size_t n, const population_slot* only) {
      const std::size_t room = account_limit - next_index;
      if (n > room && !told_used_up) {
        log << cannot_add(n - room, account_limit, 0) << '\n';
        told_used_up = true;
      }
      n = std::min(n, room);
      if (n == 0)
        return;
      ticker_join join;
      join.first_index = next_index;
      for (std::size_t i = 0; i < n; ++i, ++next_index) {
        const auto* pop = only != nullptr
                            ? only
                            : populations[model::population_of(specs, opts_.accounts, next_index)];
        account_actor_args a;
        a.settings = &settings;
        a.policy = pop->policy.get();
        a.control = &control;
        a.index = next_index;
        a.pool = pool_actors[next_index % pool_actors.size()];
        a.stats = stats;
        a.population = &pop->spec.name;
        a.closed_think = closed ? &pop->think : nullptr;
        a.record = opts_.record_operations ? &record : nullptr;
        a.seed_max_errors = opts_.seed_max_errors;
        auto actor = sys.spawn(account_actor, std::move(a));
        if (closed && ticker)
          caf::anon_send(actor, start_atom::value);
        join.accounts.push_back(actor);
        join.shapes.push_back(model::tick_shape::of(pop->spec.think));
        crowd.push_back({next_index, std::move(actor), pop});
        ++live_by_population[pop];
      }
      controls.made(next_index);
      // The closed model's accounts pace themselves.
      if (closed)
        return;
      if (ticker) {
        caf::anon_send(ticker, std::move(join));
      } else {
        held.first_index = held.accounts.empty() ? join.first_index : held.first_index;
        std::move(join.accounts.begin(), join.accounts.end(), std::back_inserter(held.accounts));
        std::move(join.shapes.begin(), join.shapes.end(), std::back_inserter(held.shapes));
      }
    };
    auto remove = [&](std::size_t n) {
      n = std::min(n, crowd.size());
      ticker_leave leave;
      for (std::size_t i = 0; i < n; ++i) {
        const auto* pop = crowd.back().population;
        if (--live_by_population[pop] == 0)
          live_by_population.erase(pop);
        if (closed)
          caf::anon_send(crowd.back().actor, retire_atom::value);
        else
          leave.indices.push_back(crowd.back().index);
        crowd.pop_back();
      }
      if (!leave.indices.empty())
        caf::anon_send(ticker, std::move(leave));
      return n;
    };
    auto at_s = [&] { return static_cast<double>(http::now_ns() - start_ns) / 1e9; };
    add(first.accounts, nullptr);
    if (opts_.seed_notes > 0 && !crowd.empty())
    {
      std::vector<caf::actor> accounts;
      for (const auto& m : crowd)
        accounts.push_back(m.actor);
      seed_failure = seed_phase(sys, accounts, control, opts_, interrupt, result);
    }
    start_ns = http::now_ns();
    control.start_ns = start_ns;
    auto tick_args = std::make_shared<ticker_args>();
    tick_args->rpm = first.rpm;
    tick_args->seed = opts_.seed;
    tick_args->control = &control;
    ticker = sys.spawn(ticker_actor, std::move(tick_args));
    if (closed) {
      for (auto& m : crowd)
        caf::anon_send(m.actor, start_atom::value);
    } else if (!held.accounts.empty()) {
      caf::anon_send(ticker, std::move(held));
    }

    // What the control API added or removed, on top of the shape.
    std::int64_t offset = 0;
    double rpm = first.rpm;
    bool rpm_fixed = false; // set by the control API: the shape's rpm no longer applies
    std::size_t stage = first.stage;
    auto stages_began = [&](std::size_t from, std::size_t to, double at) {
      for (auto k = from; k <= to && k < opts_.stages.size(); ++k)
        result.events.push_back({at, describe_stage(k, opts_.stages[k])});
    };
    stages_began(0, first.stage, 0);
    auto set_rate = [&](double r) {
      if (r == rpm)
        return;
      rpm = r;
      caf::anon_send(ticker, rate_atom::value, r);
    };
    auto publish = [&] {
      control::crowd_status s;
      s.accounts = crowd.size();
      for (const auto& [pop, n] : live_by_population) {
        s.by_population[pop->spec.name] += n;
        s.by_behaviour[pop->spec.behaviour] += n;
      }
      s.rpm = rpm;
      s.stage = stage;
      controls.publish(std::move(s));
      result.peak_accounts = std::max(result.peak_accounts, crowd.size());
    };
    publish();
    constexpr auto step = milliseconds(100);
    const auto start = steady_clock::now();
    auto next_step = start + step;
    while (!seed_failure && interrupt.load() == 0 && !controls.stop_requested()
           && steady_clock::now() - start < opts_.duration) {
      auto requests = controls.take();
      for (auto& r : requests) {
        switch (r.what) {
          case control_request::kind::add:
            add(r.n, r.population);
            offset += static_cast<std::int64_t>(r.n);
            result.events.push_back({at_s(), "+" + std::to_string(r.n) + " accounts ("
                                               + r.population->spec.name + ")"});
            break;
          case control_request::kind::remove: {
            auto n = remove(r.n);
            offset -= static_cast<std::int64_t>(n);
            result.events.push_back({at_s(), "-" + std::to_string(n) + " accounts"});
            break;
          }
          case control_request::kind::rate: {
            rpm_fixed = true;
            set_rate(r.rpm);
            std::ostringstream label;
            label << "rate " << r.rpm << " rpm";
            result.events.push_back({at_s(), label.str()});
            break;
          }
        }
      }
      const auto now = steady_clock::now();
      if (now >= next_step) {
        // A loop that fell behind takes one step, not all it missed.
        next_step = std::max(next_step + step, now);
        const auto t = shape.at(now - start);
        if (t.stage > stage) {
          stages_began(stage + 1, t.stage, at_s());
          stage = t.stage;
        }
        const auto wanted = static_cast<std::size_t>(
          std::max<std::int64_t>(0, static_cast<std::int64_t>(t.accounts) + offset));
        if (wanted > crowd.size())
          add(wanted - crowd.size(), nullptr);
        else if (wanted < crowd.size())
          remove(crowd.size() - wanted);
        if (!rpm_fixed)
          set_rate(t.rpm);
        publish();
        warn_of_shards();
        if (opts_.on_step)
          opts_.on_step(controls);
      } else if (!requests.empty()) {
        publish();
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    controls.close();
    result.final_accounts = crowd.size();
    result.interrupted = interrupt.load() != 0 || controls.stop_requested();
    result.duration_s = std::chrono::duration<double>(steady_clock::now() - start).count();
    control.stopping = true;
    wait_until([&] { return control.in_flight.load() <= 0 || interrupt.load() >= 2; },
               opts_.grace);
    if (control.in_flight.load() > 0)
      log << "stopping with " << control.in_flight.load()
          << " requests still in flight after the grace period\n";
    {
      caf::scoped_actor self{sys};
      for (auto& p : pool_actors)
        self->request(p, caf::infinite, drain_atom::value)
          .receive([](caf::ok_atom) {}, [](caf::error&) {});
      // Accounts removed earlier stop on their own, or go with their
      // abandoned request when the pools drain.
      for (auto& m : crowd)
        self->send_exit(m.actor, caf::exit_reason::user_shutdown);
      crowd.clear();
      ticker = caf::actor{};
      wait_until([&] {
        return control.live_accounts.load() == 0 && control.ticker_done.load();
      }, milliseconds(10'000));
      self->request(stats, caf::infinite, totals_atom::value)
        .receive(
          [&](stats_delta& d) {
            result.stats = std::move(d.figures);
            result.series = std::move(d.series);
          },
          [](caf::error&) {});
      // Every account is gone: what is left in the backlogs never went out.
      result.stats.skipped_ticks = control.unsent_ticks();
      for (auto& p : pool_actors)
        self->send_exit(p, caf::exit_reason::user_shutdown);
      self->send_exit(stats, caf::exit_reason::user_shutdown);
    }
  }
  result.operations = record.take();
  result.failure = std::move(seed_failure);
  warn_of_shards();
  if (control_server)
    control_server->stop();
  if (metrics_server)
    metrics_server->stop();
  return result;
}

} // namespace throng::actors
