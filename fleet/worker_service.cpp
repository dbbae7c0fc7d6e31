// `throng worker`'s engine (worker_service.hpp).

#include "fleet/worker_service.hpp"

#include <sys/resource.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <ostream>

#include <caf/all.hpp>

#include "actors/crowd_run.hpp"
#include "fleet/fleet_config.hpp"
#include "fleet/node_transport.hpp"
#include "fleet/work_split.hpp"
#include "fleet/worker_node.hpp"
#include "protocol/build_version.hpp"

namespace throng::fleet {

namespace {

/// The shares the worker node accepted, for the main thread. Thread-safe.
class share_queue {
public:
  void push(worker_share s) {
    {
      std::lock_guard lock{mutex_};
      shares_.push_back(std::move(s));
    }
    ready_.notify_one();
  }

  /// Returns the next share, or nullopt after `wait` without one.
  std::optional<worker_share> pop(std::chrono::milliseconds wait) {
    std::unique_lock lock{mutex_};
    if (!ready_.wait_for(lock, wait, [this] { return !shares_.empty(); }))
      return std::nullopt;
    auto s = std::move(shares_.front());
    shares_.pop_front();
    return s;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<worker_share> shares_;
};

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
                      const caf::actor& node, const std::atomic<int>& interrupt,
                      std::ostream& log) {
  worker_done d;
  const double cpu_before = cpu_seconds();
  auto o = options_of(share);
  if (!o) {
    d.failure_code = 2;
    d.failure = o.error();
  } else {
    o->relay = node;
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
  share_queue queue;
  worker_node_args args;
  args.secret = o.secret;
  args.version = std::string{protocol::build_version()};
  args.interrupt = &interrupt;
  args.signals = &signals;
  args.log = &log;
  args.on_share = [&queue](worker_share s) { queue.push(std::move(s)); };
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
    auto done = run_share(o, *share, node, interrupt, log);
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
