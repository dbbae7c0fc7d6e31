// `throng demo migration`: its flags, checked and handed to migration_demo.

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "config/duration.hpp"
#include "apps/cli_checks.hpp"
#include "apps/commands.hpp"
#include "apps/migration_demo.hpp"

namespace throng::apps {

void add_demo_command(CLI::App& app, int& exit_code) {
  auto* demo = app.add_subcommand("demo", "Show what throng is for, end to end");
  demo->require_subcommand(1);
  auto o = std::make_shared<migration_demo_options>();
  auto duration = std::make_shared<std::string>("60s");
  auto at = std::make_shared<std::string>();
  auto bug = std::make_shared<std::string>("none");
  auto* cmd = demo->add_subcommand(
    "migration", "Move every account between two SQLite shards of the reference "
                 "service while a crowd runs, and show that nothing is lost");
  cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--migration-bug", *bug,
                  "Break the migration: none, lose-writes-during-copy, "
                  "stale-after-cutover")
    ->capture_default_str()
    ->check(migration_bug_check());
  cmd->add_option("--accounts", o->accounts, "Simulated accounts")
    ->capture_default_str()->check(CLI::Range(std::size_t{2}, std::size_t{100'000}));
  cmd->add_option("--rpm", o->rpm, "Requests per minute, all accounts together")
    ->capture_default_str()->check(CLI::Range(1.0, 1e7));
  cmd->add_option("--duration", *duration, "How long the crowd runs")->capture_default_str();
  cmd->add_option("--migrate-at", *at, "When the migration starts (default: 40% in)");
  cmd->add_option("--migration-rate", o->migration_rate, "Accounts moved per second")
    ->capture_default_str()->check(CLI::Range(0.1, 1e6));
  cmd->add_option("--store", o->store, "Storage: sqlite (in a temporary folder) or memory")
    ->capture_default_str()->check(CLI::IsMember({"sqlite", "memory"}));
  cmd->add_option("--seed-notes", o->seed_notes, "Notes each account writes first")
    ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{1000}));
  cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  cmd->add_option("--out", o->out_dir,
                  "Write summary.json, timeseries.csv, violations.jsonl and "
                  "report.html here");
  cmd->add_flag("--quiet", o->quiet, "No live status line");
  cmd->callback([o, duration, at, bug, &exit_code] {
    auto d = config::parse_duration(*duration);
    if (!d || d->count() <= 0) {
      std::cerr << "throng demo: --duration: "
                << (d ? std::string{"must be more than 0"} : d.error().message) << '\n';
      exit_code = exit_usage;
      return;
    }
    o->duration = *d;
    if (!at->empty()) {
      auto a = config::parse_duration(*at);
      if (!a || *a >= *d) {
        std::cerr << "throng demo: --migrate-at: "
                  << (a ? std::string{"must be before the end of the run"}
                        : a.error().message)
                  << '\n';
        exit_code = exit_usage;
        return;
      }
      o->migrate_at = *a;
    }
    o->bug = *server::parse_migration_bug(*bug);
    if (!o->out_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(o->out_dir, ec);
      if (ec) {
        std::cerr << "throng demo: --out: " << o->out_dir << ": " << ec.message() << '\n';
        exit_code = exit_usage;
        return;
      }
    }
    exit_code = migration_demo{*o}.run(interrupted, std::cout, std::cerr);
  });
}

} // namespace throng::apps
