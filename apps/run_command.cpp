// `throng run`: its flags and scenario file turned into run_options, the
// embedded service when there is no target, the run and its report.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "actors/crowd_run.hpp"
#include "config/duration.hpp"
#include "config/load_shape.hpp"
#include "config/scenario.hpp"
#include "model/behaviour_registry.hpp"
#include "apps/api_flags.hpp"
#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "apps/embedded_service.hpp"
#include "apps/fleet_flags.hpp"
#include "apps/given_flags.hpp"
#include "apps/run_report.hpp"
#include "apps/web_dashboard.hpp"
#include "protocol/number_format.hpp"
#include "server/make_store.hpp"
#include "server/notes_server.hpp"
#include "stats/report.hpp"
#include "stats/run_output.hpp"
#include "config/threshold_grammar.hpp"

namespace throng::apps {

namespace {

using protocol::general;

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
  std::string api;            // an API profile file, or empty
  std::string shape = "v1";   // the embedded service's shape
  std::size_t threads = 0; // 0: automatic
  std::vector<std::string> thresholds;
  bool quiet = false;
  std::string out_dir;
  std::vector<std::string> stages;
  std::string model = "open";
  std::size_t seed_max_errors = 5;
  std::string scenario; // a scenario file, or empty
  std::string web_token;
  fleet_flags fleet;
  given_flags flags; // a flag given overrides the scenario file
};

/// Fills what the flags left unset from the scenario in `path`. Returns
/// false, having said why, for a file that cannot be used.
bool apply_scenario(run_flags& f, const std::string& path, bool& duration_set) {
  const auto names = model::behaviour_names();
  auto loaded = config::load_scenario(path, names);
  if (!loaded) {
    std::cerr << "throng run: --scenario: " << loaded.error().message << '\n';
    return false;
  }
  const auto& sc = *loaded;
  auto& o = f.run;
  auto fill = [&f](const char* flag, const auto& from, auto& to) {
    if (from && !f.flags.given(flag))
      to = *from;
  };
  fill("--target", sc.target, o.target);
  fill("--api", sc.api, f.api);
  fill("--duration", sc.duration, o.duration);
  duration_set = f.flags.given("--duration") || sc.duration.has_value();
  fill("--timeout", sc.timeout, o.timeout);
  fill("--grace", sc.grace, o.grace);
  fill("--connect-wait", sc.connect_wait, o.connect_wait);
  if (sc.seed && !f.flags.given("--seed"))
    f.seed = *sc.seed;
  fill("--rpm", sc.rpm, o.rpm);
  fill("--accounts", sc.accounts, o.accounts);
  fill("--connections", sc.connections, o.connections);
  fill("--notes-per-account", sc.notes_per_account, o.notes_per_account);
  fill("--content-bytes", sc.content_bytes, o.content_bytes);
  fill("--client-threads", sc.client_threads, o.client_threads);
  fill("--threads", sc.threads, f.threads);
  fill("--max-response-bytes", sc.max_response_bytes, o.max_response_bytes);
  fill("--insecure", sc.insecure, o.insecure);
  fill("--out", sc.out, f.out_dir);
  fill("--summary-json", sc.summary_json, f.summary_json);
  fill("--violations-log", sc.violations_log, o.violations_log);
  fill("--metrics", sc.metrics, o.metrics);
  fill("--shards", sc.shards, f.shards);
  fill("--server-threads", sc.server_threads, f.server_threads);
  fill("--spawn-rate", sc.spawn_rate, o.spawn_rate);
  if (sc.store && !f.flags.given("--store")) {
    if (auto why = server::store_spec_error(*sc.store); !why.empty()) {
      std::cerr << "throng run: --scenario: " << path << ": store: " << why << '\n';
      return false;
    }
    f.store = *sc.store;
  }
  if (sc.model && !f.flags.given("--model"))
    f.model = *sc.model == config::workload_model::closed ? "closed" : "open";
  if (sc.seed_data) {
    fill("--seed-notes", std::optional{sc.seed_data->notes_per_account}, o.seed_notes);
    fill("--seed-batch", std::optional{sc.seed_data->batch}, o.seed_batch);
    fill("--seed-max-errors", std::optional{sc.seed_data->max_errors}, f.seed_max_errors);
  }
  o.populations = sc.populations;
  if (!f.flags.given("--stage"))
    o.stages = sc.stages;
  if (!f.flags.given("--threshold"))
    f.thresholds = sc.thresholds;
  return true;
}

/// Returns `st` as --stage takes it: "30s:accounts=100,rpm=6000".
std::string describe_stage(const config::load_stage& st) {
  std::string out = config::format_duration(st.duration) + ":";
  if (st.accounts)
    out += "accounts=" + std::to_string(*st.accounts);
  if (st.rpm)
    out += std::string{st.accounts ? "," : ""} + "rpm=" + general(*st.rpm);
  return out;
}

/// Reads the flags that need more than CLI11's checks into the run's
/// options: the durations, the scenario file, the rate, the model and the
/// stages. Returns false, having said why, for a value that cannot be used.
bool read_load(run_flags& f) {
  auto& o = f.run;
  auto duration = [](const char* flag, const std::string& text,
                     std::chrono::milliseconds& out, bool allow_zero = false) {
    auto d = parse_duration_flag("throng run", flag, text, std::cerr, allow_zero);
    if (d)
      out = *d;
    return d.has_value();
  };
  if (!duration("--duration", f.duration, o.duration)
      || !duration("--timeout", f.timeout, o.timeout)
      || !duration("--grace", f.grace, o.grace, true)
      || !duration("--connect-wait", f.connect_wait, o.connect_wait, true))
    return false;
  o.stages.clear();
  bool duration_set = f.flags.given("--duration");
  if (!f.scenario.empty() && !apply_scenario(f, f.scenario, duration_set))
    return false;
  if (!(o.rpm > 0)) {
    std::cerr << "throng run: --rpm: must be more than 0\n";
    return false;
  }
  o.model = f.model == "closed" ? config::workload_model::closed
                                : config::workload_model::open;
  o.seed_max_errors = f.seed_max_errors;
  for (const auto& text : f.stages) {
    auto st = config::parse_stage(text);
    if (!st) {
      std::cerr << "throng run: --stage: " << st.error().message << '\n';
      return false;
    }
    o.stages.push_back(*st);
  }
  // Without --duration, a shaped run lasts as long as its stages.
  const config::load_shape shape{o.accounts, o.rpm, o.stages, o.spawn_rate};
  if (!duration_set && shape.total_duration().count() > 0)
    o.duration = shape.total_duration();
  return true;
}

/// Returns the run's thresholds, or nullopt having said which cannot be
/// read.
std::optional<std::vector<stats::threshold>>
read_thresholds(const std::vector<std::string>& texts) {
  std::vector<stats::threshold> checks;
  for (const auto& text : texts) {
    auto t = config::parse_threshold(text);
    if (!t) {
      std::cerr << "throng run: --threshold: " << t.error().message << '\n';
      return std::nullopt;
    }
    checks.push_back(std::move(*t));
  }
  return checks;
}

/// Prints what the run is about to do; `where` follows the target.
void print_plan(const actors::run_options& o, const std::string& where) {
  std::cout << "throng run: " << o.target << where << "\n  " << o.accounts
            << " accounts, " << o.rpm << " rpm, " << config::format_duration(o.duration)
            << ", " << o.connections << " connections, "
            << o.notes_per_account << " notes per account, "
            << o.content_bytes << "-byte notes, timeout "
            << config::format_duration(o.timeout) << ", responses up to "
            << o.max_response_bytes << " bytes, "
            << (o.scheduler_threads == 0
                  ? "accounts on the client thread(s)"
                  : std::to_string(o.scheduler_threads) + " scheduler thread(s)")
            << ", seed " << o.seed << '\n';
  const config::load_shape shape{o.accounts, o.rpm, o.stages, o.spawn_rate};
  if (!o.stages.empty())
    std::cout << "  " << o.stages.size() << " stage(s) over "
              << config::format_duration(shape.total_duration()) << ", spawn rate "
              << (o.spawn_rate > 0 ? general(o.spawn_rate) + " accounts/s" : "unlimited")
              << '\n';
  if (o.model == config::workload_model::closed)
    std::cout << "  closed model: each account paces itself by its think time (--rpm unused)\n";
  if (!o.populations.empty())
    std::cout << "  " << o.populations.size() << " population(s)\n";
  if (o.seed_notes > 0)
    std::cout << "  seed data: " << o.seed_notes << " notes per account, " << o.seed_batch
              << " writes at a time\n";
  if (!o.control.empty())
    std::cout << "  control API at http://" << o.control << '\n';
  std::cout << std::flush;
}

/// Returns the run's parameters as report.html shows them; `where` follows
/// the target.
std::vector<std::pair<std::string, std::string>>
run_parameters(const run_flags& f, const actors::run_result& r, const std::string& where) {
  const auto& o = f.run;
  std::vector<std::pair<std::string, std::string>> ps = {
    {"target", o.target + where},
    {"accounts", std::to_string(o.accounts)},
    {"rpm", std::to_string(o.rpm)},
    {"duration", config::format_duration(o.duration)},
    {"connections", std::to_string(o.connections)},
    {"notes per account", std::to_string(o.notes_per_account)},
    {"seed notes", std::to_string(o.seed_notes)},
    {"seed batch", std::to_string(o.seed_batch)},
    {"seed max errors", std::to_string(o.seed_max_errors)},
    {"content bytes", std::to_string(o.content_bytes)},
    {"timeout", config::format_duration(o.timeout)},
    {"seed", std::to_string(o.seed)},
    {"account name prefix", r.name_prefix},
    {"interrupted", r.interrupted ? "yes" : "no"},
  };
  if (!f.scenario.empty())
    ps.emplace_back("scenario", f.scenario);
  if (o.api)
    ps.emplace_back("api profile", f.api + " (" + o.api->name + ")");
  ps.emplace_back("model", f.model);
  for (const auto& p : o.populations)
    ps.emplace_back("population " + p.name, p.behaviour);
  if (!o.stages.empty()) {
    std::string stages;
    for (std::size_t i = 0; i < o.stages.size(); ++i)
      stages += (stages.empty() ? "" : "; ") + describe_stage(o.stages[i]);
    ps.emplace_back("stages", stages);
    ps.emplace_back("spawn rate", o.spawn_rate > 0 ? general(o.spawn_rate) + "/s"
                                                   : "unlimited");
  }
  return ps;
}

/// Runs `throng run` as the flags `f` say; returns its exit code.
int run(run_flags& f) {
  if (!read_load(f))
    return exit_usage;
  auto checks = read_thresholds(f.thresholds);
  if (!checks)
    return exit_usage;
  auto& o = f.run;
  auto api = load_api_flag("throng run", f.api, std::cerr);
  auto shape = parse_shape_flag("throng run", f.shape, std::cerr);
  if (!api || !shape)
    return exit_usage;
  o.api = std::move(*api);
  o.status = f.quiet                 ? actors::status_mode::quiet
             : isatty(STDERR_FILENO) ? actors::status_mode::terminal
                                     : actors::status_mode::lines;
  o.status_out = &std::cerr;
  const stats::run_output output{{"throng run", *checks, f.summary_json, f.out_dir}};
  if (auto why = output.prepare(); !why.empty()) {
    std::cerr << "throng run: " << why << '\n';
    return exit_usage;
  }
  if (o.violations_log.empty())
    o.violations_log = output.violations_log();
  o.seed = f.seed ? *f.seed : std::random_device{}();
  o.seed_notes = std::min(o.seed_notes, o.notes_per_account);
  o.scheduler_threads = f.threads;
  std::unique_ptr<server::notes_server> embedded;
  std::string where;
  if (o.target.empty()) {
    server::service_options so;
    so.shards = f.shards;
    so.threads = f.server_threads;
    so.store = f.store;
    so.shape = *shape;
    embedded = start_embedded_service("throng run", so, o.target, std::cerr);
    if (!embedded)
      return exit_cannot_run;
    where = " (embedded service, " + std::to_string(f.shards) + " shards"
            + (so.shape == server::service_shape::v1 ? "" : ", cookie shape") + ")";
  }
  if (o.api)
    where += " through " + f.api;
  std::optional<web_dashboard> web;
  if (!o.web.empty()) {
    web.emplace(control::dashboard_settings{
                  "throng run", o.target, std::chrono::duration<double>(o.duration).count(),
                  o.seed,
                  replay_prefix(o.seed, embedded ? "" : o.target, o.notes_per_account,
                                o.content_bytes, o.seed_notes, f.scenario, f.api, f.shape),
                  std::move(*checks), o.violations_log, f.web_token, &std::cerr, o.accounts},
                embedded.get(), f.shards);
    o.dashboard = &web->board();
  }
  std::optional<fleet_start> fleet;
  if (fleet_wanted(f.fleet)) {
    int code = exit_ok;
    fleet = start_fleet("throng run", f.fleet, o, f.scenario, f.api, std::cerr, code);
    if (!fleet)
      return code;
    where += " over " + std::to_string(fleet->options.workers.size()) + " worker(s)";
  }
  print_plan(o, where);
  auto r = fleet ? fleet::fleet_run{o, fleet->options}.run(interrupted, std::cerr)
                 : actors::crowd_run{o}.run(interrupted, std::cerr);
  fleet.reset();
  if (embedded)
    embedded->stop();
  if (!r) {
    std::cerr << "throng run: " << r.error().message << '\n';
    return r.error().exit_code;
  }
  // A run that stopped early still writes what it saw.
  auto done = finished(*r, stats::run_info{o.target, r->duration_s, o.accounts, o.seed,
                                           own_usage()},
                       o.api.get());
  done.info.process.includes_service = embedded != nullptr;
  done.info.seed_data = r->seed;
  done.parameters = run_parameters(f, *r, where);
  return exit_code_of(output.write(done, std::cout, std::cerr));
}

/// Adds the flags of the crowd and its requests.
void add_crowd_flags(CLI::App& cmd, run_flags& f) {
  auto& o = f.run;
  cmd.add_option("--target", o.target,
                 "URL of the service (http:// or https://); default: embedded");
  add_count_flag(cmd, "--accounts", o.accounts, "Simulated accounts", 1, 10'000'000);
  add_count_flag(cmd, "--notes-per-account", o.notes_per_account,
                 "Notes an account keeps at most", 1, 100'000);
  cmd.add_option("--rpm", o.rpm, "Total requests per minute across all accounts")
    ->capture_default_str()->check(CLI::PositiveNumber);
  add_duration_flag(cmd, "--duration", f.duration,
                    "How long to run (ms, s, m, h); with --stage: "
                    "as long as the stages unless given");
  add_count_flag(cmd, "--connections", o.connections, "HTTP keep-alive connections", 1,
                 10'000);
  add_count_flag(cmd, "--client-threads", o.client_threads,
                 "Client pools, each with its own I/O thread and a share of the "
                 "connections", 1, 64);
  add_count_flag(cmd, "--threads", f.threads,
                 "Actor scheduler threads (0: the accounts run on the client I/O "
                 "threads, each beside its pool's connections)",
                 0, 256);
  add_duration_flag(cmd, "--timeout", f.timeout, "Per-request timeout");
  add_count_flag(cmd, "--max-response-bytes", o.max_response_bytes,
                 "Largest answer accepted (headers and body)", 1024, std::size_t{1} << 34);
  cmd.add_flag("--insecure", o.insecure, "https: do not verify the certificate");
  cmd.add_option("--seed", f.seed, "Random seed (default: random, printed)");
  add_count_flag(cmd, "--content-bytes", o.content_bytes, "Length of each note content", 1,
                 65'536);
}

/// Adds the flags of the seed-data phase.
void add_seed_data_flags(CLI::App& cmd, run_flags& f) {
  auto& o = f.run;
  add_count_flag(cmd, "--seed-notes", o.seed_notes,
                 "Seed data: notes each account creates before the measured run (at "
                 "most the cap)",
                 0, 100'000);
  add_count_flag(cmd, "--seed-batch", o.seed_batch,
                 "Seed data: writes in flight across the crowd at most", 1, 100'000);
  cmd.add_option("--seed-max-errors", f.seed_max_errors,
                 "Seed data: failed writes (retried with backoff) after which the "
                 "run stops with exit code 3")
    ->capture_default_str();
}

/// Adds the flags of what the run writes and shows, and of its thresholds.
void add_output_flags(CLI::App& cmd, run_flags& f) {
  auto& o = f.run;
  cmd.add_option("--summary-json", f.summary_json, "Write the summary as JSON here");
  cmd.add_option("--violations-log", o.violations_log,
                 "Write each violation as a JSON line here");
  cmd.add_option("--threshold", f.thresholds,
                 "Pass/fail condition, repeatable: 'read_note.p99<50ms', "
                 "'errors<1%', 'violations==0' (exit code 4 when one fails)")
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  add_quiet_flag(cmd, f.quiet);
  cmd.add_option("--metrics", o.metrics,
                 "Serve Prometheus metrics at http://HOST:PORT/metrics during the run");
  add_out_flag(cmd, f.out_dir);
}

/// Adds the flags of the run's start and end, its load shape and its
/// control API.
void add_shape_flags(CLI::App& cmd, run_flags& f) {
  auto& o = f.run;
  add_duration_flag(cmd, "--grace", f.grace, "Time for requests in flight at the end");
  add_duration_flag(cmd, "--connect-wait", f.connect_wait,
                    "How long to retry an unreachable target at the start");
  cmd.add_option("--stage", f.stages,
                 "Load shape, repeatable: DURATION:accounts=N[,rpm=R] ramps linearly "
                 "from the previous stage to these targets (0 as DURATION: a step)")
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--spawn-rate", o.spawn_rate,
                 "Add accounts at most this many per second (0: no limit; removal "
                 "is at once)")
    ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd.add_option("--control", o.control,
                 "Serve the control API (throng ctl) at http://HOST:PORT, loopback only");
  add_web_flags(cmd, o.web, f.web_token);
}

} // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<run_flags>();
  auto* cmd = add_command(
    app, "run", "Drive a notes service with a crowd of accounts and report. Without "
                "--target, starts the reference service in the process.");
  add_crowd_flags(*cmd, *f);
  add_seed_data_flags(*cmd, *f);
  add_output_flags(*cmd, *f);
  add_shape_flags(*cmd, *f);
  add_count_flag(*cmd, "--shards", f->shards, "Embedded service: storage shards", 1, 1024);
  add_count_flag(*cmd, "--server-threads", f->server_threads,
                 "Embedded service: I/O threads", 1, 64);
  add_store_flag(*cmd, f->store, "Embedded service: memory, or sqlite:DIR");
  add_shape_flag(*cmd, f->shape);
  add_api_flag(*cmd, f->api);
  add_fleet_flags(*cmd, f->fleet);
  cmd->add_option("--scenario", f->scenario,
                  "Read the run from this JSON file (scenarios/*.json); a flag given "
                  "as well overrides the file's value");
  cmd->add_option("--model", f->model,
                  "open: requests at the set rate whatever the answers take; closed: "
                  "each account waits for its answer and its think time")
    ->capture_default_str()->check(CLI::IsMember({"open", "closed"}));
  f->flags.record(*cmd);
  cmd->callback([f, &exit_code] { exit_code = run(*f); });
}

} // namespace throng::apps
