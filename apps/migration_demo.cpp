// `throng demo migration` (migration_demo.hpp).

#include "apps/migration_demo.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/crowd_run.hpp"
#include "apps/fleet_flags.hpp"
#include "config/duration.hpp"
#include "apps/commands.hpp"
#include "apps/embedded_service.hpp"
#include "apps/run_report.hpp"
#include "apps/web_dashboard.hpp"
#include "protocol/number_format.hpp"
#include "server/notes_server.hpp"
#include "stats/phase_summary.hpp"
#include "stats/run_output.hpp"

namespace throng::apps {

namespace {

using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A temporary folder, removed with everything in it when this goes.
class temp_folder {
public:
  temp_folder() {
    std::string pattern = (std::filesystem::temp_directory_path()
                           / "throng-demo-XXXXXX")
                            .string();
    if (mkdtemp(pattern.data()) != nullptr)
      path_ = pattern;
  }
  temp_folder(const temp_folder&) = delete;
  temp_folder& operator=(const temp_folder&) = delete;
  ~temp_folder() {
    std::error_code ignored;
    if (!path_.empty())
      std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const noexcept { return path_; }

private:
  std::string path_;
};

// What the director saw of the migration.
struct migration_record {
  bool started = false;
  double start_s = 0;
  double end_s = -1; // -1: still running when the run ended
  server::migration_status last;
};

// Starts the migration at its time and reports its progress once a second
// on `err`, as a line of its own between status lines.
void direct(server::notes_server& srv, const migration_demo_options& opts,
            std::chrono::milliseconds at, clock::time_point t0,
            const std::atomic<int>& interrupt, const std::atomic<bool>& over,
            bool terminal, std::ostream& err, migration_record& rec) {
  auto elapsed = [t0] {
    return std::chrono::duration<double>(clock::now() - t0).count();
  };
  auto say = [&](const std::string& line) {
    std::string text = (terminal ? "\r\x1b[2K[" : "[") + protocol::fixed(elapsed(), 1)
                       + "s] " + line + "\n";
    err << text << std::flush;
  };
  auto stop_waiting = [&] { return over.load() || interrupt.load() > 0; };
  if (!opts.auto_migrate)
    return;
  while (clock::now() < t0 + at && !stop_waiting())
    std::this_thread::sleep_for(20ms);
  if (stop_waiting())
    return;
  auto started = srv.migrations().start(
    {0, 1, std::nullopt, opts.migration_rate});
  if (!started) {
    say("migration refused: " + started.error().message);
    return;
  }
  rec.started = true;
  rec.start_s = elapsed();
  rec.last = *started;
  say("migration " + started->id + " started: every account of shard-0 moves "
      "to shard-1 (" + std::to_string(started->remaining) + " accounts, "
      + protocol::fixed(opts.migration_rate, 1) + " a second"
      + (opts.bug == server::migration_bug::none
           ? ")"
           : ", with bug " + std::string{to_string(opts.bug)} + ")"));
  auto next_report = clock::now() + 1s;
  while (!stop_waiting()) {
    std::this_thread::sleep_for(20ms);
    auto s = srv.migrations().status(started->id);
    rec.last = *s;
    if (s->now != server::migration_status::state::running) {
      rec.end_s = elapsed();
      say("migration " + s->id + " " + std::string{to_string(s->now)} + ": "
          + std::to_string(s->moved) + " accounts moved in "
          + protocol::fixed(rec.end_s - rec.start_s, 1) + "s"
          + (s->error.empty() ? "" : " (" + s->error + ")"));
      return;
    }
    if (clock::now() >= next_report) {
      next_report += 1s;
      say("migration " + s->id + ": moved " + std::to_string(s->moved)
          + ", remaining " + std::to_string(s->remaining));
    }
  }
}

// Prints which accounts and notes the violations in `log` hit: a few lines
// in full, then how many accounts and notes in all.
void print_violations(const std::string& log, bool kept, std::ostream& out) {
  std::ifstream in{log};
  std::string line;
  std::set<std::string> accounts;
  std::set<std::string> notes;
  std::size_t shown = 0;
  std::size_t total = 0;
  constexpr std::size_t show = 10;
  out << "violations, first " << show << " (account, note, operation, shard)\n";
  while (std::getline(in, line)) {
    auto v = nlohmann::json::parse(line, nullptr, false);
    if (!v.is_object())
      continue;
    ++total;
    auto text = [&v](const char* key) {
      return v.contains(key) && v[key].is_string() ? v[key].get<std::string>()
                                                   : std::string{"-"};
    };
    accounts.insert(text("account_id"));
    notes.insert(text("account_id") + "/" + text("note"));
    if (shown++ < show)
      out << "  " << text("class") << "  account " << text("account_name")
          << " (" << text("account_id") << ")  note " << text("note") << "  "
          << text("operation") << "  " << text("shard") << '\n';
  }
  out << "  " << total << " violations hit " << accounts.size()
      << " accounts and " << notes.size() << " notes; "
      << (kept ? "every one is in " + log
               : std::string{"run with --out DIR to keep them all"})
      << "\n\n";
}

/// Returns the crowd of the demo against `target`; its violations go to
/// `folder`.
actors::run_options crowd_options(const migration_demo_options& opts,
                                  const std::string& target, const std::string& folder,
                                  bool terminal, std::ostream& err) {
  actors::run_options o;
  o.target = target;
  o.accounts = opts.accounts;
  o.rpm = opts.rpm;
  o.duration = opts.duration;
  o.seed = opts.seed;
  o.seed_notes = opts.seed_notes;
  o.notes_per_account = opts.seed_notes + 10;
  o.connections = 8;
  o.status = opts.quiet ? actors::status_mode::quiet
             : terminal ? actors::status_mode::terminal
                        : actors::status_mode::lines;
  o.status_out = &err;
  o.violations_log = folder + "/violations.jsonl";
  o.api = opts.api;
  return o;
}

/// Prints what the demo is about to do: `o` against a service keeping its
/// data in `store_dir` (or in memory), the migration starting at `at`.
void print_plan(const migration_demo_options& opts, const actors::run_options& o,
                std::chrono::milliseconds at, const std::string& store_dir,
                std::ostream& out) {
  out << "throng demo migration: " << o.accounts << " accounts at " << o.rpm
      << " requests/min for " << config::format_duration(o.duration)
      << " against the reference service ("
      << (opts.store == "sqlite" ? "SQLite in " + store_dir : "in memory")
      << ", 2 shards"
      << (opts.shape == server::service_shape::v1 ? "" : ", cookie shape")
      << (opts.api ? ", through " + opts.api_path : std::string{}) << "); "
      << (opts.auto_migrate ? "at " + config::format_duration(at)
                                + " every account of shard-0 moves to shard-1, "
                                + protocol::general(opts.migration_rate) + " accounts a second"
                            : std::string{"no migration until one is started from the dashboard"})
      << (opts.bug == server::migration_bug::none
            ? ""
            : "; migration bug: " + std::string{to_string(opts.bug)})
      << "\n\n"
      << std::flush;
}

/// Returns what the demo's report shows of `r`: the run, its parameters
/// and the migration's start and end.
stats::finished_run report_of(const actors::run_result& r, const actors::run_options& o,
                              const migration_demo_options& opts,
                              const migration_record& rec) {
  auto done = finished(r, stats::run_info{o.target, r.duration_s, o.accounts, o.seed,
                                          own_usage()},
                       o.api.get());
  done.info.process.includes_service = true;
  done.parameters = {
    {"target", o.target + " (embedded service, 2 shards, " + opts.store + ")"},
    {"accounts", std::to_string(o.accounts)},
    {"rpm", std::to_string(o.rpm)},
    {"duration", config::format_duration(o.duration)},
    {"seed notes", std::to_string(o.seed_notes)},
    {"migration", "shard-0 to shard-1 at " + protocol::fixed(opts.migration_rate, 1)
                    + " accounts/s"},
    {"migration bug", std::string{to_string(opts.bug)}},
    {"seed", std::to_string(o.seed)},
  };
  if (rec.started) {
    done.events.push_back({rec.start_s, "migration start"});
    if (rec.end_s >= 0)
      done.events.push_back({rec.end_s, "migration " + std::string{to_string(rec.last.now)}});
  }
  return done;
}

/// Prints the figures before, during and after the migration `rec` of the
/// run `r`.
void print_migration_phases(const actors::run_result& r, const migration_record& rec,
                            std::ostream& out) {
  auto end_s = rec.end_s >= 0 ? rec.end_s : r.duration_s;
  // Whole seconds only: a second that saw part of the move counts as
  // during it.
  auto from = static_cast<double>(static_cast<std::uint32_t>(rec.start_s));
  auto to = static_cast<double>(static_cast<std::uint32_t>(end_s) + 1);
  stats::print_phases(out,
                      "the migration (" + std::to_string(rec.last.moved)
                        + " accounts moved, " + std::string{to_string(rec.last.now)}
                        + ")",
                      stats::summarize_phases(r.series, {{"before", 0, from},
                                                         {"during", from, to},
                                                         {"after", to,
                                                          std::floor(r.duration_s)}}));
}

} // namespace

migration_demo::migration_demo(migration_demo_options opts)
  : opts_(std::move(opts)) {
}

namespace {

/// Writes the demo's report of `r` (the crowd `o` ran as `opts` asked,
/// the migration `rec`, the shards' `usage` at the end) to `out`, its
/// problems to `err`; returns the exit code.
int tell(const migration_demo_options& opts, const actors::run_result& r,
         const actors::run_options& o, const migration_record& rec,
         const server::store_result<std::vector<server::shard_usage>>& usage,
         std::ostream& out, std::ostream& err) {
  const stats::run_output output{{"throng demo", {}, "", opts.out_dir}};
  auto code = exit_code_of(output.write(report_of(r, o, opts, rec), out, err));
  if (rec.started)
    print_migration_phases(r, rec, out);
  if (usage) {
    out << "shards at the end\n";
    for (const auto& u : *usage)
      out << "  " << u.name << ": " << u.accounts << " accounts, " << u.notes
          << " notes\n";
    out << '\n';
  }
  if (r.stats.violation_total() > 0)
    print_violations(o.violations_log, !opts.out_dir.empty(), out);
  else if (code != exit_cannot_run)
    out << "no violation: every acknowledged write was read back as written, "
           "across the move\n";
  return code;
}

} // namespace

int migration_demo::run(const std::atomic<int>& interrupt, std::ostream& out,
                        std::ostream& err) {
  temp_folder tmp;
  if (tmp.path().empty()) {
    err << "throng demo: cannot create a temporary folder in "
        << std::filesystem::temp_directory_path() << '\n';
    return exit_cannot_run;
  }
  server::service_options so;
  so.shards = 2;
  so.threads = 2;
  so.store = opts_.store == "sqlite" ? "sqlite:" + tmp.path() + "/store"
                                     : "memory";
  so.bug = opts_.bug;
  so.shape = opts_.shape;
  auto started = server::notes_server::start(so);
  if (!started) {
    err << "throng demo: cannot start the reference service: "
        << started.error().message << '\n';
    return exit_cannot_run;
  }
  auto& srv = **started;
  const bool terminal = isatty(STDERR_FILENO) == 1;
  auto o = crowd_options(opts_, local_target(srv.port()),
                         opts_.out_dir.empty() ? tmp.path() : opts_.out_dir, terminal, err);
  auto at = opts_.migrate_at.count() >= 0 ? opts_.migrate_at
                                          : opts_.duration * 2 / 5;
  print_plan(opts_, o, at, tmp.path(), out);
  std::optional<web_dashboard> web;
  if (!opts_.web.empty()) {
    web.emplace(control::dashboard_settings{
                  "throng demo migration", o.target,
                  std::chrono::duration<double>(o.duration).count(), o.seed,
                  replay_prefix(o.seed, "", o.notes_per_account, o.content_bytes,
                                o.seed_notes, "", opts_.api_path,
                                std::string{server::to_string(opts_.shape)}),
                  {}, o.violations_log, opts_.web_token, &err, o.accounts},
                &srv, so.shards);
    o.web = opts_.web;
    o.dashboard = &web->board();
  }

  std::optional<fleet_start> fleet;
  if (opts_.local_workers > 0) {
    fleet_flags ff;
    ff.local_workers = opts_.local_workers;
    int code = exit_ok;
    fleet = start_fleet("throng demo", ff, o, "", opts_.api_path, err, code);
    if (!fleet) {
      srv.stop();
      return code;
    }
  }
  std::atomic<bool> over{false};
  migration_record rec;
  auto t0 = clock::now();
  std::thread director{[&] {
    direct(srv, opts_, at, t0, interrupt, over, terminal && !opts_.quiet, err,
           rec);
  }};
  auto r = fleet ? fleet::fleet_run{o, fleet->options}.run(interrupt, err)
                 : actors::crowd_run{o}.run(interrupt, err);
  fleet.reset();
  over = true;
  director.join();
  auto usage = srv.usage();
  srv.stop();
  if (!r) {
    err << "throng demo: " << r.error().message << '\n';
    return r.error().exit_code;
  }

  return tell(opts_, *r, o, rec, usage, out, err);
}

} // namespace throng::apps
