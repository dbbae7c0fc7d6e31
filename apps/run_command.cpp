#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "actors/duration.hpp"
#include "actors/supervisor.hpp"
#include "apps/commands.hpp"
#include "server/make_store.hpp"
#include "server/notes_server.hpp"
#include "stats/html_report.hpp"
#include "stats/report.hpp"
#include "stats/threshold.hpp"
#include "stats/time_series.hpp"

namespace throng::apps {

namespace {

struct run_flags {
  actors::run_options run;
  std::string duration = "30s";
  std::string timeout = "10s";
  std::string grace = "2s";
  std::string connect_wait = "10s";
  std::optional<std::uint64_t> seed;
  std::string summary_json;
  std::size_t shards = 2;
  std::size_t server_threads = 1;
  std::string store = "memory";
  std::size_t threads = 0; // 0: automatic
  std::vector<std::string> thresholds;
  bool quiet = false;
  std::string out_dir;
};

bool set_duration(const char* flag, const std::string& text,
                  std::chrono::milliseconds& out, bool allow_zero = false) {
  auto d = actors::parse_duration(text);
  if (!d) {
    std::cerr << "throng run: " << flag << ": " << d.error().message << '\n';
    return false;
  }
  if (!allow_zero && d->count() <= 0) {
    std::cerr << "throng run: " << flag << ": must be more than 0\n";
    return false;
  }
  out = *d;
  return true;
}

stats::process_figures own_usage() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  stats::process_figures p;
  p.cpu_user_s = secs(ru.ru_utime);
  p.cpu_system_s = secs(ru.ru_stime);
  p.max_rss_kb = static_cast<std::uint64_t>(ru.ru_maxrss);
  return p;
}

int run(run_flags& f) {
  auto& o = f.run;
  if (!set_duration("--duration", f.duration, o.duration)
      || !set_duration("--timeout", f.timeout, o.timeout)
      || !set_duration("--grace", f.grace, o.grace, true)
      || !set_duration("--connect-wait", f.connect_wait, o.connect_wait, true))
    return exit_usage;
  if (!(o.rpm > 0)) {
    std::cerr << "throng run: --rpm: must be more than 0\n";
    return exit_usage;
  }
  std::vector<stats::threshold> checks;
  for (const auto& text : f.thresholds) {
    auto t = stats::parse_threshold(text);
    if (!t) {
      std::cerr << "throng run: --threshold: " << t.error().message << '\n';
      return exit_usage;
    }
    checks.push_back(std::move(*t));
  }
  o.status = f.quiet                 ? actors::status_mode::quiet
             : isatty(STDERR_FILENO) ? actors::status_mode::terminal
                                     : actors::status_mode::lines;
  o.status_out = &std::cerr;
  if (!f.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(f.out_dir, ec);
    if (ec) {
      std::cerr << "throng run: --out: cannot create " << f.out_dir << ": "
                << ec.message() << '\n';
      return exit_usage;
    }
    if (o.violations_log.empty())
      o.violations_log = f.out_dir + "/violations.jsonl";
    if (f.summary_json.empty())
      f.summary_json = f.out_dir + "/summary.json";
  }
  o.seed = f.seed ? *f.seed : std::random_device{}();
  o.seed_notes = std::min(o.seed_notes, o.notes_per_account);
  if (!f.summary_json.empty()) {
    std::ofstream check(f.summary_json, std::ios::app);
    if (!check) {
      std::cerr << "throng run: --summary-json: cannot write " << f.summary_json << '\n';
      return exit_usage;
    }
  }
  if (f.threads == 0) {
    // Measured on two cores: one scheduler thread beside the client's I/O
    // thread does more requests per CPU second than two that fight it.
    auto cores = static_cast<std::size_t>(std::max(1u, std::thread::hardware_concurrency()));
    auto taken = o.client_threads + (o.target.empty() ? f.server_threads : 0);
    o.scheduler_threads = cores > taken ? cores - taken : 1;
  } else {
    o.scheduler_threads = f.threads;
  }
  std::unique_ptr<server::notes_server> embedded;
  std::string where;
  if (o.target.empty()) {
    server::service_options so;
    so.shards = f.shards;
    so.threads = f.server_threads;
    so.store = f.store;
    auto s = server::notes_server::start(so);
    if (!s) {
      std::cerr << "throng run: cannot start the embedded service: "
                << s.error().message << '\n';
      return exit_cannot_run;
    }
    embedded = std::move(*s);
    o.target = "http://127.0.0.1:" + std::to_string(embedded->port());
    where = " (embedded service, " + std::to_string(f.shards) + " shards)";
  }
  std::cout << "throng run: " << o.target << where << "\n  " << o.accounts
            << " accounts, " << o.rpm << " rpm, " << actors::format_duration(o.duration)
            << ", " << o.connections << " connections, "
            << o.notes_per_account << " notes per account, "
            << o.content_bytes << "-byte notes, timeout "
            << actors::format_duration(o.timeout) << ", responses up to "
            << o.max_response_bytes << " bytes, " << o.scheduler_threads
            << " scheduler thread(s), seed " << o.seed << std::endl;
  actors::supervisor sup{o};
  auto r = sup.run(interrupted, std::cerr);
  if (embedded)
    embedded->stop();
  if (!r) {
    std::cerr << "throng run: " << r.error().message << '\n';
    return r.error().exit_code;
  }
  stats::run_info info{o.target, r->duration_s, o.accounts, o.seed, own_usage()};
  info.process.includes_service = embedded != nullptr;
  std::vector<stats::threshold_outcome> outcomes;
  bool all_passed = true;
  for (const auto& t : checks) {
    outcomes.push_back(stats::check_threshold(t, r->stats, r->duration_s));
    all_passed = all_passed && outcomes.back().passed;
  }
  std::cout << '\n';
  stats::print_report(std::cout, info, r->stats, outcomes);
  if (!f.summary_json.empty()) {
    std::ofstream out(f.summary_json, std::ios::trunc);
    out << stats::summary_json(info, r->stats, outcomes) << '\n';
    if (!out) {
      std::cerr << "throng run: --summary-json: writing " << f.summary_json << " failed\n";
      return exit_cannot_run;
    }
  }
  if (r->stats.violation_total() > 0)
    return exit_violations;
  if (!f.out_dir.empty()) {
    auto csv_path = f.out_dir + "/timeseries.csv";
    std::ofstream csv(csv_path, std::ios::trunc);
    csv << stats::to_csv(r->series.rows());
    stats::html_report_input page;
    page.info = info;
    page.figures = &r->stats;
    page.series = &r->series;
    page.checks = outcomes;
    page.parameters = {
      {"target", o.target + where},
      {"accounts", std::to_string(o.accounts)},
      {"rpm", std::to_string(o.rpm)},
      {"duration", actors::format_duration(o.duration)},
      {"connections", std::to_string(o.connections)},
      {"notes per account", std::to_string(o.notes_per_account)},
      {"seed notes", std::to_string(o.seed_notes)},
      {"content bytes", std::to_string(o.content_bytes)},
      {"timeout", actors::format_duration(o.timeout)},
      {"seed", std::to_string(o.seed)},
      {"account name prefix", r->name_prefix},
      {"interrupted", r->interrupted ? "yes" : "no"},
    };
    page.events = {{0, "start"}, {r->duration_s, r->interrupted ? "interrupted" : "end"}};
    auto html_path = f.out_dir + "/report.html";
    std::ofstream html(html_path, std::ios::trunc);
    html << stats::html_report(page);
    if (!csv || !html) {
      std::cerr << "throng run: --out: writing " << (csv ? html_path : csv_path)
                << " failed\n";
      return exit_cannot_run;
    }
  }
  return all_passed ? exit_ok : exit_threshold_failed;
}

} // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<run_flags>();
  auto* cmd = app.add_subcommand(
    "run", "Drive a notes service with a crowd of accounts and report. Without "
           "--target, starts the reference service in the process.");
  auto& o = f->run;
  // A flag given twice takes its last value, so that wrappers such as
  // scripts/demo.sh can pass defaults that the user's arguments override.
  cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--target", o.target,
                  "URL of the service (http:// or https://); default: embedded");
  cmd->add_option("--accounts", o.accounts, "Simulated accounts")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  cmd->add_option("--notes-per-account", o.notes_per_account,
                  "Notes an account keeps at most")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));
  cmd->add_option("--rpm", o.rpm, "Total requests per minute across all accounts")
    ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--duration", f->duration, "How long to run (ms, s, m, h)")
    ->capture_default_str();
  cmd->add_option("--connections", o.connections, "HTTP keep-alive connections")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{10'000}));
  cmd->add_option("--client-threads", o.client_threads,
                  "Client pool workers, each with an I/O thread")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--threads", f->threads,
                  "Actor scheduler threads (0: the cores left over by the client "
                  "I/O threads and the embedded service, at least 1)")
    ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{256}));
  cmd->add_option("--timeout", f->timeout, "Per-request timeout")->capture_default_str();
  cmd->add_option("--max-response-bytes", o.max_response_bytes,
                  "Largest answer accepted (headers and body)")
    ->capture_default_str()->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 34));
  cmd->add_flag("--insecure", o.insecure, "https: do not verify the certificate");
  cmd->add_option("--seed", f->seed, "Random seed (default: random, printed)");
  cmd->add_option("--content-bytes", o.content_bytes, "Length of each note content")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{65'536}));
  cmd->add_option("--seed-notes", o.seed_notes,
                  "Notes each account creates before its mix (at most the cap)")
    ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{100'000}));
  cmd->add_option("--summary-json", f->summary_json, "Write the summary as JSON here");
  cmd->add_option("--violations-log", o.violations_log,
                  "Write each violation as a JSON line here");
  cmd->add_option("--threshold", f->thresholds,
                  "Pass/fail condition, repeatable: 'read_note.p99<50ms', "
                  "'errors<1%', 'violations==0' (exit code 4 when one fails)")
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--quiet", f->quiet, "No live status line");
  cmd->add_option("--metrics", o.metrics,
                  "Serve Prometheus metrics at http://HOST:PORT/metrics during the run");
  cmd->add_option("--out", f->out_dir,
                  "Write summary.json, timeseries.csv, violations.jsonl and "
                  "report.html here");
  cmd->add_option("--grace", f->grace, "Time for requests in flight at the end")
    ->capture_default_str();
  cmd->add_option("--connect-wait", f->connect_wait,
                  "How long to retry an unreachable target at the start")
    ->capture_default_str();
  cmd->add_option("--shards", f->shards, "Embedded service: storage shards")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  cmd->add_option("--server-threads", f->server_threads, "Embedded service: I/O threads")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--store", f->store, "Embedded service: memory, or sqlite:DIR")
    ->capture_default_str()
    ->check(CLI::Validator(
      [](std::string& spec) { return server::store_spec_error(spec); }, "memory|sqlite:DIR"));
  cmd->callback([f, &exit_code] { exit_code = run(*f); });
}

} // namespace throng::apps
