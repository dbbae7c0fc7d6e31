#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "apps/commands.hpp"
#include "server/make_store.hpp"
#include "server/notes_server.hpp"

namespace throng::apps {

void add_serve_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<server::service_options>();
  o->port = 8080;
  auto* cmd = app.add_subcommand("serve", "Run the reference notes service until SIGINT/SIGTERM");
  cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--address", o->address, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "Port (0: pick a free one)")->capture_default_str();
  cmd->add_option("--shards", o->shards, "Storage shards")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  cmd->add_option("--threads", o->threads, "I/O threads")
    ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  cmd->add_option("--store", o->store, "Storage: memory, or sqlite:DIR to keep state in DIR")
    ->capture_default_str()
    ->check(CLI::Validator(
      [](std::string& spec) { return server::store_spec_error(spec); }, "memory|sqlite:DIR"));
  cmd->callback([o, &exit_code] {
    auto s = server::notes_server::start(*o);
    if (!s) {
      std::cerr << "throng serve: " << s.error().message << '\n';
      exit_code = exit_cannot_run;
      return;
    }
    std::cout << "listening on " << o->address << ':' << (*s)->port() << std::endl;
    while (interrupted.load() == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (*s)->stop();
    exit_code = exit_ok;
  });
}

} // namespace throng::apps
