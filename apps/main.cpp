// The throng command's entry point: signal handling and the subcommands.

#include <csignal>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "apps/commands.hpp"
#include "protocol/build_version.hpp"

namespace throng::apps {

std::atomic<int> interrupted{0};

namespace {

void on_signal(int) {
  interrupted.fetch_add(1);
}

} // namespace

} // namespace throng::apps

int main(int argc, char** argv) {
  using namespace throng::apps;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"throng: drives a notes service with a crowd of simulated "
               "accounts and checks every answer"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "throng " + std::string{throng::protocol::build_version()});
  int code = exit_ok;
  add_run_command(app, code);
  add_serve_command(app, code);
  add_demo_command(app, code);
  add_replay_command(app, code);
  add_ctl_command(app, code);
  add_check_api_command(app, code);
  add_worker_command(app, code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "throng: " << e.what() << "\n(see throng --help)\n";
    return exit_usage;
  }
  return code;
}
