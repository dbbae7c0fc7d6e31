#pragma once

#include <atomic>

#include <CLI/App.hpp>

namespace throng::apps {

/// Set by SIGINT/SIGTERM: the running command should finish cleanly.
extern std::atomic<bool> interrupted;

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
