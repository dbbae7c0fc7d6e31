// `throng worker`: a bare node that runs a share of a distributed run's crowd
// for a coordinator that holds the shared secret (fleet/worker_service).

#include <iostream>
#include <memory>
#include <string>

#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "apps/fleet_flags.hpp"
#include "config/secret_file.hpp"
#include "fleet/worker_service.hpp"
#include "http/url.hpp"

namespace throng::apps {

namespace {

struct worker_flags {
  std::string listen = "127.0.0.1:4242";
  std::string secret_file;
  fleet::worker_options worker;
};

int serve(worker_flags& f) {
  auto at = http::parse_host_port(f.listen, true);
  if (!at) {
    std::cerr << "throng worker: --listen: " << at.error().message << '\n';
    return exit_usage;
  }
  auto secret = config::read_secret_file(f.secret_file);
  if (!secret) {
    std::cerr << "throng worker: --secret-file: " << secret.error().message << '\n';
    return exit_usage;
  }
  if (!check_tls_flags("throng worker", f.worker.tls, std::cerr))
    return exit_usage;
  f.worker.host = at->host;
  f.worker.port = at->port;
  f.worker.secret = std::move(*secret);
  return fleet::serve_worker(f.worker, interrupted, std::cout, std::cerr);
}

} // namespace

void add_worker_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<worker_flags>();
  auto* cmd = add_command(
    app, "worker",
    "Wait for a coordinator (throng run --workers) that holds the shared secret, run the "
    "share of its crowd it gives, report, and wait for the next, until SIGINT/SIGTERM");
  cmd->add_option("--listen", f->listen,
                  "HOST:PORT to take coordinators on (0 as PORT: any free port, printed)")
    ->capture_default_str();
  cmd->add_option("--secret-file", f->secret_file,
                  "The secret shared with the coordinators (a file only its owner may "
                  "read: chmod 600)")
    ->required();
  add_count_flag(*cmd, "--threads", f->worker.scheduler_threads,
                 "Actor scheduler threads of each share's run (0: its accounts run on "
                 "the client I/O threads)", 0, 256);
  add_count_flag(*cmd, "--client-threads", f->worker.client_threads,
                 "Client pools of each share's run, each with its own I/O thread", 1, 64);
  add_count_flag(*cmd, "--runs", f->worker.runs,
                 "Stop after this many shares (0: until SIGINT/SIGTERM)", 0, 1'000'000);
  cmd->add_flag("--quiet", f->worker.quiet,
                "Say nothing of each share's start and end (refusals and failures still)");
  add_tls_flags(*cmd, f->worker.tls, "");
  cmd->callback([f, &exit_code] { exit_code = serve(*f); });
}

} // namespace throng::apps
