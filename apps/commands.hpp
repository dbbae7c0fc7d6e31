#pragma once

#include <atomic>

#include <CLI/App.hpp>

namespace throng::apps {

/// The number of SIGINT/SIGTERM received: at 1 the running command finishes
/// cleanly; at 2 it finishes at once (no grace for requests in flight), still
/// writing its report and files.
extern std::atomic<int> interrupted;

/// Adds the `run` subcommand to `app`; its callback stores the exit code in
/// `exit_code`.
void add_run_command(CLI::App& app, int& exit_code);

/// Adds the `serve` subcommand to `app`.
void add_serve_command(CLI::App& app, int& exit_code);

/// Exit codes of the throng command (README, "Exit codes").
enum exit_code : int {
  exit_ok = 0,
  exit_violations = 1,
  exit_usage = 2,
  exit_cannot_run = 3,
  exit_threshold_failed = 4,
};

} // namespace throng::apps
