// `throng demo migration`: its flags, checked and handed to migration_demo.

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "apps/api_flags.hpp"
#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "apps/migration_demo.hpp"

namespace throng::apps {

namespace {

/// Reads the flags that need more than CLI11's checks into `o` and runs
/// the demo; returns its exit code.
int demo_migration(migration_demo_options o, const std::string& duration,
                   const std::string& at, const std::string& bug, const std::string& shape) {
  auto d = parse_duration_flag("throng demo", "--duration", duration, std::cerr);
  if (!d)
    return exit_usage;
  o.duration = *d;
  if (at == "never") {
    o.auto_migrate = false;
  } else if (!at.empty()) {
    auto a = parse_duration_flag("throng demo", "--migrate-at", at, std::cerr, true);
    if (!a)
      return exit_usage;
    if (*a >= *d) {
      std::cerr << "throng demo: --migrate-at: must be before the end of the run\n";
      return exit_usage;
    }
    o.migrate_at = *a;
  }
  o.bug = *server::parse_migration_bug(bug);
  auto api = load_api_flag("throng demo", o.api_path, std::cerr);
  auto s = parse_shape_flag("throng demo", shape, std::cerr);
  if (!api || !s)
    return exit_usage;
  o.api = std::move(*api);
  o.shape = *s;
  if (!o.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.out_dir, ec);
    if (ec) {
      std::cerr << "throng demo: --out: " << o.out_dir << ": " << ec.message() << '\n';
      return exit_usage;
    }
  }
  return migration_demo{std::move(o)}.run(interrupted, std::cout, std::cerr);
}

} // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto* demo = app.add_subcommand("demo", "Show what throng is for, end to end");
  demo->require_subcommand(1);
  auto o = std::make_shared<migration_demo_options>();
  auto duration = std::make_shared<std::string>("60s");
  auto at = std::make_shared<std::string>();
  auto bug = std::make_shared<std::string>("none");
  auto* cmd = add_command(
    *demo, "migration", "Move every account between two SQLite shards of the reference "
                        "service while a crowd runs, and show that nothing is lost");
  add_migration_bug_flag(*cmd, *bug,
                         "Break the migration: none, lose-writes-during-copy, "
                         "stale-after-cutover");
  add_count_flag(*cmd, "--accounts", o->accounts, "Simulated accounts", 2, 100'000);
  cmd->add_option("--rpm", o->rpm, "Requests per minute, all accounts together")
    ->capture_default_str()->check(CLI::Range(1.0, 1e7));
  add_duration_flag(*cmd, "--duration", *duration, "How long the crowd runs");
  cmd->add_option("--migrate-at", *at,
                  "When the migration starts (default: 40% in), or never (start one "
                  "from the dashboard)");
  cmd->add_option("--migration-rate", o->migration_rate, "Accounts moved per second")
    ->capture_default_str()->check(CLI::Range(0.1, 1e6));
  cmd->add_option("--store", o->store, "Storage: sqlite (in a temporary folder) or memory")
    ->capture_default_str()->check(CLI::IsMember({"sqlite", "memory"}));
  add_count_flag(*cmd, "--seed-notes", o->seed_notes, "Notes each account writes first", 0,
                 1000);
  cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  add_out_flag(*cmd, o->out_dir);
  add_quiet_flag(*cmd, o->quiet);
  add_web_flags(*cmd, o->web, o->web_token);
  auto shape = std::make_shared<std::string>("v1");
  add_shape_flag(*cmd, *shape);
  add_api_flag(*cmd, o->api_path);
  add_count_flag(*cmd, "--local-workers", o->local_workers,
                 "Run the crowd in this many worker processes on this machine (throng "
                 "worker), as throng run --local-workers does",
                 0, 64);
  cmd->callback([o, duration, at, bug, shape, &exit_code] {
    exit_code = demo_migration(*o, *duration, *at, *bug, *shape);
  });
}

} // namespace throng::apps
