// `throng worker`'s engine (worker_service.hpp).

#include "fleet/worker_service.hpp"

#include <sys/resource.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <utility>

#include <caf/all.hpp>

#include "actors/crowd_run.hpp"
#include "control/run_controller.hpp"
#include "fleet/fleet_config.hpp"
#include "fleet/node_transport.hpp"
#include "fleet/work_split.hpp"
#include "fleet/worker_node.hpp"
#include "protocol/build_version.hpp"

namespace throng::fleet {

namespace {

/// What the worker node hands to another thread: the shares it accepted
/// (for the main thread), the control orders (for the running share's
/// steps). Thread-safe.
template <class T>
class handoff {
public:
  void push(T x) {
    {
      std::lock_guard lock{mutex_};
      items_.push_back(std::move(x));
    }
    ready_.notify_one();
  }

  /// Returns the next item, or nullopt after `wait` without one.
  std::optional<T> pop(std::chrono::milliseconds wait) {
    std::unique_lock lock{mutex_};
    if (!ready_.wait_for(lock, wait, [this] { return !items_.empty(); }))
      return std::nullopt;
    auto x = std::move(items_.front());
    items_.pop_front();
    return x;
  }

  /// Returns every item there is.
  std::deque<T> take() {
    std::lock_guard lock{mutex_};
    return std::exchange(items_, {});
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
};

/// Returns the step function of a share's run: it carries out the control
/// orders `orders` holds, and once a second sends `node` the crowd as the
/// run's controls publish it.
std::function<void(control::run_controller&)> steps_of(handoff<worker_control>& orders,
                                                       const caf::actor& node) {
  return [&orders, node, last = std::chrono::steady_clock::time_point{}](
           control::run_controller& c) mutable {
    for (auto& o : orders.take()) {
      // Refusals (the account limit, a run that is stopping) need no answer:
      // the coordinator's status shows what the crowd became.
      switch (o.what) {
        case worker_control::kind::add: (void)c.add_accounts(o.n, o.behaviour); break;
        case worker_control::kind::remove: (void)c.remove_accounts(o.n); break;
        case worker_control::kind::rate: (void)c.set_rpm(o.rpm); break;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::seconds(1))
      return;
    last = now;
    const auto s = c.status();
    worker_crowd w;
    w.accounts = s.accounts;
    w.running = s.running;
    w.by_population.insert(s.by_population.begin(), s.by_population.end());
    w.by_behaviour.insert(s.by_behaviour.begin(), s.by_behaviour.end());
    w.rpm = s.rpm;
    w.stage = s.stage;
    caf::anon_send(node, std::move(w));
  };
}

/// Returns the process's CPU time so far, in seconds.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

std::uint64_t max_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<std::uint64_t>(u.ru_maxrss);
}

/// Carries out `share` (its figures relayed through `node`) and returns
/// what the coordinator is told at its end.
worker_done run_share(const worker_options& wo, const worker_share& share,
                      const caf::actor& node, handoff<worker_control>& orders,
                      const std::atomic<int>& interrupt, std::ostream& log) {
  worker_done d;
  const double cpu_before = cpu_seconds();
  auto o = options_of(share);
  if (!o) {
    d.failure_code = 2;
    d.failure = o.error();
  } else {
    o->relay = node;
    orders.take(); // a run begins with none
    o->on_step = steps_of(orders, node);
    o->scheduler_threads = wo.scheduler_threads;
    o->client_threads = wo.client_threads;
    if (!wo.quiet)
      log << "throng worker: running worker " << share.worker << "'s share: "
          << share.accounts << " accounts from #" << share.first_index << ", "
          << share.rpm << " rpm, against " << share.target << std::endl;
    auto r = actors::crowd_run{std::move(*o)}.run(interrupt, log);
    if (!r) {
      d.failure_code = r.error().exit_code;
      d.failure = r.error().message;
    } else {
      d.skipped_ticks = r->stats.skipped_ticks;
      d.tick_lateness_us = r->stats.tick_lateness_us;
      if (r->seed) {
        d.seeded = true;
        d.seed_notes = r->seed->notes;
        d.seed_errors = r->seed->errors;
        d.seed_retries = r->seed->retries;
        d.seed_seconds = r->seed->seconds;
      }
      if (r->failure) {
        d.failure_code = r->failure->exit_code;
        d.failure = r->failure->message;
      }
      d.duration_s = r->duration_s;
      d.peak_accounts = r->peak_accounts;
      d.final_accounts = r->final_accounts;
    }
  }
  d.cpu_s = cpu_seconds() - cpu_before;
  d.max_rss_kb = max_rss_kb();
  return d;
}

} // namespace

int serve_worker(const worker_options& o, const std::atomic<int>& signals,
                 std::ostream& out, std::ostream& log) {
  if (auto bad = check_tls_files(o.tls)) {
    log << "throng worker: TLS: " << bad->message << '\n';
    return 2;
  }
  caf::actor_system_config cfg;
  configure_fleet_system(cfg, 1);
  configure_node_transport(cfg, o.tls);
  caf::actor_system sys{cfg};
  std::atomic<int> interrupt{0};
  handoff<worker_share> queue;
  handoff<worker_control> orders;
  worker_node_args args;
  args.secret = o.secret;
  args.version = std::string{protocol::build_version()};
  args.interrupt = &interrupt;
  args.signals = &signals;
  args.log = &log;
  args.on_share = [&queue](worker_share s) { queue.push(std::move(s)); };
  args.on_control = [&orders](worker_control c) { orders.push(std::move(c)); };
  auto node = sys.spawn(worker_node, std::move(args));
  auto port = publish_node(sys, node, o.host, o.port, o.tls);
  if (!port) {
    log << "throng worker: --listen: cannot listen on " << o.host << ':' << o.port << ": "
        << port.error() << '\n';
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    return 2;
  }
  if (!o.tls.enabled() && !is_loopback_host(o.host))
    log << "throng worker: warning: listening on " << o.host << " without TLS: the "
        << "traffic (shares and their scenario, figures, violations) is not encrypted; the shared "
        << "secret's challenge still guards orders\n";
  out << "throng worker: listening on " << o.host << ':' << *port << " (throng "
      << protocol::build_version() << (o.tls.enabled() ? ", TLS" : "") << ")" << std::endl;
  if (o.on_listening)
    o.on_listening(*port);
  std::size_t runs = 0;
  while (signals.load() == 0 && (o.runs == 0 || runs < o.runs)) {
    auto share = queue.pop(std::chrono::milliseconds(100));
    if (!share)
      continue;
    auto done = run_share(o, *share, node, orders, interrupt, log);
    ++runs;
    if (!o.quiet || !done.failure.empty())
      log << "throng worker: share over"
          << (done.failure.empty() ? std::string{} : ": " + done.failure) << std::endl;
    caf::scoped_actor self{sys};
    // Answered once the coordinator has it: only then may the process end.
    self->request(node, std::chrono::seconds(10), std::move(done))
      .receive([](caf::ok_atom) {},
               [&log](const caf::error&) {
                 log << "throng worker: the coordinator did not confirm the share's end\n";
               });
  }
  caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
  return 0;
}

} // namespace throng::fleet
