// `throng replay`: one account of a run driven again, each request, answer and
// violation printed.

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/behaviour_registry.hpp"
#include "model/population.hpp"
#include "model/replayer.hpp"
#include "config/scenario.hpp"
#include "apps/api_flags.hpp"
#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "apps/embedded_service.hpp"
#include "apps/given_flags.hpp"
#include "http/client_pool.hpp"
#include "protocol/content_hash.hpp"
#include "protocol/digits.hpp"
#include "server/notes_server.hpp"

namespace throng::apps {

namespace {

struct replay_flags {
  std::uint64_t seed = 0;
  std::uint32_t account = 0;
  std::string target;
  std::string behaviour = "random";
  std::size_t notes_per_account = 20;
  std::size_t content_bytes = 128;
  std::size_t seed_notes = 0;
  std::size_t steps = 50;
  std::string timeout = "10s";
  std::string scenario;   // the run's scenario file, or empty
  std::string population; // pick the population by name instead of by index
  std::string api;        // the run's API profile, or empty
  std::string shape = "v1"; // the embedded service's shape
  std::size_t accounts = 100;
  given_flags flags; // a flag given overrides the scenario file
};

/// Returns the population of the replayed account: from the flags alone,
/// or from the run's scenario file (the one population_of() gives the
/// account's index, as the run did, or the one named by --population).
/// Returns nullopt, having said why, when the file or name is unusable.
std::optional<model::population_spec> population_for(replay_flags& f) {
  model::population_spec pop;
  pop.name = f.behaviour;
  pop.behaviour = f.behaviour;
  pop.notes_per_account = f.notes_per_account;
  if (f.scenario.empty())
    return pop;
  const auto names = model::behaviour_names();
  auto sc = config::load_scenario(f.scenario, names);
  if (!sc) {
    std::cerr << "throng replay: --scenario: " << sc.error().message << '\n';
    return std::nullopt;
  }
  if (sc->notes_per_account && !f.flags.given("--notes-per-account"))
    f.notes_per_account = pop.notes_per_account = *sc->notes_per_account;
  if (sc->content_bytes && !f.flags.given("--content-bytes"))
    f.content_bytes = *sc->content_bytes;
  if (sc->seed_data && !f.flags.given("--seed-notes"))
    f.seed_notes = sc->seed_data->notes_per_account;
  if (sc->accounts && !f.flags.given("--accounts"))
    f.accounts = *sc->accounts;
  if (sc->api && !f.flags.given("--api"))
    f.api = *sc->api;
  if (sc->populations.empty() || f.flags.given("--behaviour"))
    return pop;
  const auto& ps = sc->populations;
  std::size_t i = 0;
  if (!f.population.empty()) {
    while (i < ps.size() && ps[i].name != f.population)
      ++i;
    if (i == ps.size()) {
      std::cerr << "throng replay: --population: no population named '" << f.population
                << "' in " << f.scenario << '\n';
      return std::nullopt;
    }
  } else {
    i = model::population_of(ps, f.accounts, f.account);
  }
  pop = ps[i];
  if (pop.name.empty())
    pop.name = pop.behaviour;
  return pop;
}

std::string hashes(const std::vector<protocol::content_hash>& xs) {
  std::string out;
  for (const auto& h : xs) {
    if (!out.empty())
      out += ',';
    out += protocol::to_hex(h).substr(0, 12);
  }
  return out.empty() ? "none" : out;
}

/// Prints step `s` of the replay, its answer and its violations; returns
/// how many violations it had.
std::size_t print_step(const model::replay_step& s) {
  const auto& res = s.response;
  std::cout << "  " << s.number << "  " << protocol::to_string(s.op) << "  "
            << http::to_string(s.request.verb) << ' ' << s.request.target << "  "
            << (res.error == http::failure::none ? std::to_string(res.status)
                                                 : std::string{http::to_string(res.error)})
            << (res.shard.empty() ? "" : "  " + res.shard) << '\n';
  for (const auto& v : s.violations)
    std::cout << "     violation " << model::to_string(v.kind) << ": note " << v.note_id
              << ", expected " << hashes(v.expected) << ", received "
              << (v.received ? protocol::to_hex(*v.received).substr(0, 12)
                             : std::string{"nothing"})
              << '\n';
  return s.violations.size();
}

/// Returns a one-connection client pool for `target`, or the exit code
/// having said why there is none.
protocol::result<std::unique_ptr<http::client_pool>, int>
connect(const std::string& target, std::chrono::milliseconds timeout,
        const model::api_profile* api) {
  auto where = http::parse_url(target);
  if (!where) {
    std::cerr << "throng replay: --target: " << where.error().message << '\n';
    return exit_usage;
  }
  http::client_options co;
  co.target = *where;
  co.connections = 1;
  co.timeout = timeout;
  if (api != nullptr)
    co.style = api->style;
  auto pool = http::client_pool::create(co);
  if (!pool) {
    std::cerr << "throng replay: --target: " << pool.error().message << '\n';
    return exit_cannot_run;
  }
  return std::move(*pool);
}

int replay(replay_flags& f) {
  auto timeout = parse_duration_flag("throng replay", "--timeout", f.timeout, std::cerr);
  if (!timeout)
    return exit_usage;
  auto chosen = population_for(f);
  if (!chosen)
    return exit_usage;
  const auto& pop = *chosen;
  auto policy = model::make_behaviour(pop);
  if (!policy) {
    std::cerr << "throng replay: --behaviour: " << policy.error().message << '\n';
    return exit_usage;
  }
  auto api = load_api_flag("throng replay", f.api, std::cerr);
  auto shape = parse_shape_flag("throng replay", f.shape, std::cerr);
  if (!api || !shape)
    return exit_usage;
  std::unique_ptr<server::notes_server> embedded;
  auto target = f.target;
  if (target.empty()) {
    server::service_options so;
    so.shape = *shape;
    embedded = start_embedded_service("throng replay", so, target, std::cerr);
    if (!embedded)
      return exit_cannot_run;
  }
  auto pool = connect(target, *timeout, api->get());
  if (!pool)
    return pool.error();
  model::account_settings settings;
  settings.name_prefix = "replay" + std::to_string(http::now_ns() % 1'000'000'007);
  settings.content_bytes = f.content_bytes;
  settings.seed = f.seed;
  settings.seed_notes = f.seed_notes;
  settings.profile = api->get();
  model::replayer r{settings, **policy, f.account, **pool};
  std::cout << "throng replay: account " << f.account << " of seed " << f.seed
            << " (population " << pop.name << ", " << pop.behaviour << "), " << f.steps << " requests against "
            << target << (embedded ? " (embedded service)" : "") << "\n";
  std::size_t violations = 0;
  bool connected = false;
  for (std::size_t i = 0; i < f.steps; ++i) {
    auto s = r.step();
    if (!s) {
      std::cout << "  the behaviour stays idle: nothing more to replay\n";
      break;
    }
    connected = connected || s->response.error != http::failure::connect;
    violations += print_step(*s);
  }
  (*pool)->stop();
  if (!connected) {
    std::cerr << "throng replay: target " << target << " unreachable\n";
    return exit_cannot_run;
  }
  std::cout << violations << " violations\n";
  return violations > 0 ? exit_violations : exit_ok;
}

} // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<replay_flags>();
  auto* cmd = add_command(
    app, "replay", "Drive one account of a run again, request by request: the seed "
                   "and account index of a violation log line make it repeat its "
                   "choices");
  cmd->add_option("--seed", f->seed, "The run's seed (\"seed\" in the violation log)")
    ->required();
  cmd->add_option("--account", f->account, "The account's index (\"account\" in the log)")
    ->required();
  cmd->add_option("--target", f->target, "URL of the service; default: embedded");
  cmd->add_option("--behaviour", f->behaviour, "The account's behaviour")
    ->capture_default_str();
  add_count_flag(*cmd, "--notes-per-account", f->notes_per_account, "As in the run", 1,
                 100'000);
  add_count_flag(*cmd, "--content-bytes", f->content_bytes, "As in the run", 16, 65'536);
  cmd->add_option("--seed-notes", f->seed_notes, "As in the run")->capture_default_str();
  add_count_flag(*cmd, "--steps", f->steps, "Requests to make", 1, 1'000'000);
  add_duration_flag(*cmd, "--timeout", f->timeout, "Per request");
  cmd->add_option("--scenario", f->scenario,
                  "The run's scenario file: the account's population (by its index, "
                  "as the run gave them out) sets the behaviour and its parameters; "
                  "flags given override it");
  cmd->add_option("--population", f->population,
                  "With --scenario: the population by name (\"population\" in the log), "
                  "for accounts added during the run");
  add_count_flag(*cmd, "--accounts", f->accounts,
                 "The run's accounts, which population shares are taken of (default: "
                 "the scenario's)",
                 1, 10'000'000);
  add_api_flag(*cmd, f->api);
  add_shape_flag(*cmd, f->shape);
  f->flags.record(*cmd);
  cmd->callback([f, &exit_code] { exit_code = replay(*f); });
}

} // namespace throng::apps
