// `throng serve`: the reference notes service on a port until SIGINT/SIGTERM,
// in the v1 shape or the cookie shape (`--shape`).

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "apps/cli_checks.hpp"
#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "server/make_store.hpp"
#include "server/notes_server.hpp"

namespace throng::apps {

void add_serve_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<server::service_options>();
  o->port = 8080;
  auto* cmd = add_command(app, "serve", "Run the reference notes service until SIGINT/SIGTERM");
  cmd->add_option("--address", o->address, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "Port (0: pick a free one)")->capture_default_str();
  add_count_flag(*cmd, "--shards", o->shards, "Storage shards", 1, 1024);
  add_count_flag(*cmd, "--threads", o->threads, "I/O threads", 1, 256);
  add_store_flag(*cmd, o->store, "Storage: memory, or sqlite:DIR to keep state in DIR");
  cmd->add_option("--admin-token", o->admin_token,
                  "Turn the admin API (/v1/admin) on, guarded by this bearer token");
  auto bug = std::make_shared<std::string>("none");
  add_migration_bug_flag(*cmd, *bug,
                         "Make migrations wrong on purpose: none, lose-writes-during-copy, "
                         "stale-after-cutover");
  auto faults = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--fault", *faults,
                  "Misbehave on purpose, KIND:P or latency:MS[:P] (repeatable): "
                  "stale_read, lost_update, lost_note, phantom_note, resurrect, "
                  "corrupt, cross_account, latency, error503, ambiguous, reset")
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
    ->check(fault_check());
  cmd->add_option("--fault-seed", o->fault_seed, "Seed of the fault draws")
    ->capture_default_str();
  auto shape = std::make_shared<std::string>("v1");
  cmd->add_option("--shape", *shape,
                  "The API to speak: v1 (shared/api-v1.md: bearer tokens, string ids, "
                  "X-Shard) or cookie (cookie sessions, numeric ids, pages of ids, "
                  "X-Backend; profiles/example-cookie.json describes it)")
    ->capture_default_str()
    ->check(CLI::Validator(
      [](std::string& name) {
        auto s = server::parse_service_shape(name);
        return s ? std::string{} : s.error().message;
      },
      "v1|cookie"));
  cmd->callback([o, bug, faults, shape, &exit_code] {
    o->bug = *server::parse_migration_bug(*bug);
    o->shape = *server::parse_service_shape(*shape);
    for (const auto& f : *faults)
      o->faults.push_back(*server::parse_fault(f));
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
    std::cout << "answered " << (*s)->answered() << " requests" << std::endl;
    exit_code = exit_ok;
  });
}

} // namespace throng::apps
