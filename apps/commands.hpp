#pragma once

// The throng command's subcommands (run, serve, demo, replay, ctl,
// check-api), the signal count they share, and their exit codes.

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

/// Adds the `demo` subcommand to `app` (`throng demo migration`).
void add_demo_command(CLI::App& app, int& exit_code);

/// Adds the `replay` subcommand to `app`: one account of a run again.
void add_replay_command(CLI::App& app, int& exit_code);

/// Adds the `serve` subcommand to `app`.
void add_serve_command(CLI::App& app, int& exit_code);

/// Adds the `check-api` subcommand to `app`: one walk through an API
/// profile's operations against a service.
void add_check_api_command(CLI::App& app, int& exit_code);

/// Adds the `ctl` subcommand to `app`: drives the control API of a running
/// `throng run --control`.
void add_ctl_command(CLI::App& app, int& exit_code);

/// Adds the `worker` subcommand to `app`: a node of distributed runs.
void add_worker_command(CLI::App& app, int& exit_code);

/// Exit codes of the throng command (README, "Exit codes").
enum exit_code : int {
  exit_ok = 0,         // run: no violation; ctl: the request was taken
  exit_violations = 1, // run: consistency violations found
  exit_usage = 2,      // bad usage or input; ctl: the API refused the request (400)
  exit_cannot_run = 3, // run: target unreachable; ctl: no run answered, or it is stopping
  exit_threshold_failed = 4, // run: a --threshold failed
};

} // namespace throng::apps
