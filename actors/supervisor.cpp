#include "actors/supervisor.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <future>
#include <ostream>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/account_actor.hpp"
#include "actors/client_pool_actor.hpp"
#include "actors/messages.hpp"
#include "actors/random_behaviour.hpp"
#include "actors/stats_actor.hpp"
#include "actors/ticker_actor.hpp"
#include "actors/metrics_board.hpp"
#include "http/client_pool.hpp"
#include "http/server.hpp"
#include "http/url.hpp"

namespace throng::actors {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::string base36(std::uint64_t x) {
  std::string s;
  do {
    s.insert(s.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[x % 36]);
    x /= 36;
  } while (x != 0);
  return s;
}

/// Returns a prefix no other run has used: the time and a random part.
std::string fresh_prefix() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  rng r(static_cast<std::uint64_t>(now.count()));
  return "t" + base36(static_cast<std::uint64_t>(
                 std::chrono::duration_cast<milliseconds>(now).count()))
         + base36(r.below(36 * 36 * 36));
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
    req.target = base.target.base_path + "/healthz";
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

/// Starts the /metrics endpoint on `address` ("host:port"), serving what
/// `board` holds.
protocol::result<std::unique_ptr<http::server>, run_failure>
serve_metrics(const std::string& address, const metrics_board& board) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return run_failure{2, "--metrics: expected HOST:PORT, got '" + address + "'"};
  unsigned port = 0;
  auto digits = std::string_view{address}.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port > 65535)
    return run_failure{2, "--metrics: bad port in '" + address + "'"};
  http::server_options so;
  so.address = address.substr(0, colon);
  so.port = static_cast<std::uint16_t>(port);
  auto s = http::server::start(so, [&board](const http::server_request& req) {
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
  if (auto ok = probe(copts, opts_.connect_wait, interrupt); !ok)
    return ok.error();

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
  account_settings settings;
  settings.name_prefix = result.name_prefix;
  settings.base_path = target->base_path;
  settings.content_bytes = opts_.content_bytes;
  settings.seed = opts_.seed;
  settings.seed_notes = opts_.seed_notes;
  random_behaviour behaviour{default_weights(), opts_.notes_per_account};
  run_control control{opts_.accounts};

  metrics_board board;
  std::unique_ptr<http::server> metrics_server;
  if (!opts_.metrics.empty()) {
    auto m = serve_metrics(opts_.metrics, board);
    if (!m)
      return m.error();
    metrics_server = std::move(m.value());
  }

  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("sharing"));
  cfg.set("scheduler.max-threads", opts_.scheduler_threads);
  cfg.add_message_type<pool_request>("pool_request");
  cfg.add_message_type<pool_response>("pool_response");
  cfg.add_message_type<stats_delta>("stats_delta");
  cfg.add_message_type<violation_report>("violation_report");
  cfg.add_message_type<protocol_error_report>("protocol_error_report");
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
      pool_actors.push_back(sys.spawn(client_pool_actor, std::move(args)));
    }
    // Clamped so that an absurd --rpm neither spins the ticker on a zero
    // interval nor overflows: between 1 us and about 30 years.
    const auto interval_ns = static_cast<std::int64_t>(std::clamp(
      static_cast<double>(opts_.accounts) * 60e9 / opts_.rpm, 1e3, 1e18));
    rng phase(derive_seed(opts_.seed, ~std::uint64_t{0}));
    std::vector<caf::actor> accounts;
    accounts.reserve(opts_.accounts);
    for (std::size_t i = 0; i < opts_.accounts; ++i) {
      account_actor_args a;
      a.settings = &settings;
      a.policy = &behaviour;
      a.control = &control;
      a.index = static_cast<std::uint32_t>(i);
      a.pool = pool_actors[i % pool_actors.size()];
      a.stats = stats;
      accounts.push_back(sys.spawn(account_actor, std::move(a)));
    }
    auto tick_args = std::make_shared<ticker_args>();
    tick_args->accounts = accounts;
    tick_args->interval_ns = interval_ns;
    tick_args->control = &control;
    tick_args->stats = stats;
    const auto start_ns = http::now_ns();
    control.start_ns = start_ns;
    for (std::size_t i = 0; i < opts_.accounts; ++i)
      tick_args->first_due_ns.push_back(
        start_ns + static_cast<std::int64_t>(phase.uniform()
                                             * static_cast<double>(interval_ns)));
    sys.spawn(ticker_actor, std::move(tick_args));
    const auto start = steady_clock::now();
    while (interrupt.load() == 0 && steady_clock::now() - start < opts_.duration)
      std::this_thread::sleep_for(milliseconds(20));
    result.interrupted = interrupt.load() != 0;
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
      for (auto& a : accounts)
        self->send_exit(a, caf::exit_reason::user_shutdown);
      accounts.clear();
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
      for (auto& p : pool_actors)
        self->send_exit(p, caf::exit_reason::user_shutdown);
      self->send_exit(stats, caf::exit_reason::user_shutdown);
    }
  }
  if (metrics_server)
    metrics_server->stop();
  return result;
}

} // namespace throng::actors
