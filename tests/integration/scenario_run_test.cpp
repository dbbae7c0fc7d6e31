// Scenario files in runs: every example in scenarios/ runs (shortened and
// scaled down) with no violation, and `throng run --scenario` lets flags
// override the file and rejects a bad file with exit code 2.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/behaviour_registry.hpp"
#include "config/scenario.hpp"
#include "crowd_run.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> example_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(throng::testing::scenarios_dir()))
    if (e.path().extension() == ".json")
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The run a scenario describes, cut to 3 s and about 20 accounts: counts,
// the rate and the stages' accounts are scaled by the same factor, the
// stages' durations fit in the 3 s.
actors::run_options shortened(const config::scenario& sc, const server::notes_server& srv) {
  constexpr std::size_t small = 20;
  std::size_t full = sc.accounts.value_or(100);
  for (const auto& st : sc.stages)
    full = std::max(full, st.accounts.value_or(0));
  auto scale = [&](double n) {
    return std::max<std::size_t>(1, static_cast<std::size_t>(n * small / static_cast<double>(full)));
  };
  auto o = crowd(srv, scale(static_cast<double>(sc.accounts.value_or(100))),
                 std::max(60.0, sc.rpm.value_or(6000) * small / static_cast<double>(full)),
                 3s);
  o.notes_per_account = sc.notes_per_account.value_or(20);
  o.content_bytes = sc.content_bytes.value_or(128);
  o.model = sc.model.value_or(config::workload_model::open);
  o.spawn_rate = sc.spawn_rate.value_or(0);
  o.seed_notes = 0;
  if (sc.seed_data) {
    o.seed_notes = std::min<std::size_t>(sc.seed_data->notes_per_account, 3);
    o.seed_batch = sc.seed_data->batch;
    o.seed_max_errors = sc.seed_data->max_errors;
  }
  o.populations = sc.populations;
  for (auto& p : o.populations)
    if (p.count)
      p.count = scale(static_cast<double>(*p.count));
  std::chrono::milliseconds total{0};
  for (const auto& st : sc.stages)
    total += st.duration;
  for (auto st : sc.stages) {
    if (st.accounts)
      st.accounts = scale(static_cast<double>(*st.accounts));
    if (st.rpm)
      st.rpm = *st.rpm * small / static_cast<double>(full);
    if (total.count() > 0)
      st.duration = std::chrono::milliseconds(2500 * st.duration.count() / total.count());
    o.stages.push_back(st);
  }
  return o;
}

TEST(scenario_run, every_example_runs_with_no_violation) {
  const auto files = example_files();
  ASSERT_FALSE(files.empty());
  const auto names = model::behaviour_names();
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    auto sc = config::load_scenario(file, names);
    ASSERT_TRUE(sc) << sc.error().message;
    server::service_options so;
    so.shards = sc->shards.value_or(2);
    auto srv = start_service(so);
    ASSERT_TRUE(srv);
    auto r = run_crowd(shortened(*sc, *srv));
    EXPECT_GT(r.stats.total, 0u);
    EXPECT_EQ(r.stats.violation_total(), 0u);
    srv->stop();
  }
}

// Writes `text` to the scenario file `name` in `tmp` and returns its path.
std::string scenario_file(const temp_dir& tmp, const std::string& name,
                          const std::string& text) {
  auto path = tmp / name;
  std::ofstream(path) << text;
  return path;
}

TEST(scenario_cli, a_flag_given_overrides_the_file) {
  temp_dir tmp;
  auto file = scenario_file(tmp, "override.json", R"({
    // The file says 1 minute at 600 rpm; the command line shortens it.
    "duration": "1m", "accounts": 3, "rpm": 600, "seed": 5,
    "populations": [{"name": "only", "behaviour": "reader"}]
  })");
  auto o = throng("run --scenario " + file + " --duration 1s --rpm 1200 --quiet");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("3 accounts, 1200 rpm, 1s,"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("seed 5"), std::string::npos) << o.out;
}

TEST(scenario_cli, the_files_thresholds_hold_unless_threshold_is_given) {
  temp_dir tmp;
  auto file = scenario_file(tmp, "thresholds.json", R"({
    "duration": "1s", "accounts": 2, "rpm": 240,
    "thresholds": ["violations==0", "rps>1000000"]
  })");
  EXPECT_EQ(throng("run --scenario " + file + " --quiet").exit_code, 4);
  EXPECT_EQ(throng("run --scenario " + file + " --quiet --threshold violations==0").exit_code,
            0);
}

TEST(scenario_cli, a_bad_file_exits_2_naming_the_file_and_the_field) {
  temp_dir tmp;
  auto file = scenario_file(tmp, "bad.json", R"({"duration": "1s", "accounts": "many"})");
  auto o = throng("run --scenario " + file + " --quiet");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(file), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("accounts"), std::string::npos) << o.err;
}

TEST(scenario_cli, a_missing_file_exits_2_naming_it) {
  auto o = throng("run --scenario /nonexistent/throng-scenario.json --quiet");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("/nonexistent/throng-scenario.json"), std::string::npos) << o.err;
}

TEST(scenario_cli, replay_picks_the_accounts_population_by_index) {
  temp_dir tmp;
  auto file = scenario_file(tmp, "replay.json", R"({
    "accounts": 10,
    "populations": [
      {"name": "accounting", "behaviour": "scripted", "count": 2,
       "script": ["read_account"]},
      {"name": "readers", "behaviour": "reader"}
    ]
  })");
  auto first = throng("replay --seed 1 --account 1 --steps 3 --scenario " + file);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("population accounting, scripted"), std::string::npos) << first.out;
  auto later = throng("replay --seed 1 --account 5 --steps 3 --scenario " + file);
  EXPECT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("population readers, reader"), std::string::npos) << later.out;
  auto named = throng("replay --seed 1 --account 5 --steps 3 --population accounting "
                      "--scenario " + file);
  EXPECT_NE(named.out.find("population accounting"), std::string::npos) << named.out;
}

} // namespace
} // namespace throng::testing
