// The commands besides `run` and `ctl`: `throng demo migration`, end to end
// and short (a correct migration reports no violation; a broken one reports
// them with the accounts and notes hit), `throng serve`'s migration and
// fault flags, and `throng replay`.

#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loopback.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"

namespace throng::testing {
namespace {

const std::string short_demo
  = "demo migration --duration 6s --accounts 60 --rpm 18000 --migrate-at 2s "
    "--migration-rate 60 --seed 3";

TEST(demo, a_correct_migration_moves_everything_and_loses_nothing) {
  temp_dir dir;
  auto out = (dir / "out");
  auto o = throng(short_demo + " --out " + out);
  ASSERT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("SQLite in"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("shard-0: 0 accounts, 0 notes"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("shard-1: 60 accounts"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("no violation"), std::string::npos) << o.out;
  for (auto phase : {"before", "during", "after"})
    EXPECT_NE(o.out.find(std::string{"\n  "} + phase), std::string::npos) << phase;
  // Live: progress lines and per-shard traffic on the status line.
  EXPECT_NE(o.err.find("migration m1 started"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("migration m1 done"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("shard-0 "), std::string::npos) << o.err;
  auto html = slurp(out + "/report.html");
  EXPECT_NE(html.find("migration start"), std::string::npos);
  EXPECT_NE(html.find("migration done"), std::string::npos);
  EXPECT_FALSE(slurp(out + "/summary.json").empty());
}

TEST(demo, lost_writes_are_reported_with_their_accounts_and_notes) {
  auto o = throng(short_demo + " --quiet --migration-bug lose-writes-during-copy");
  ASSERT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(o.out.find("migration bug: lose-writes-during-copy"), std::string::npos);
  EXPECT_NE(o.out.find("violations hit"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("  account "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("note n"), std::string::npos) << o.out;
}

TEST(demo, bad_options_are_named) {
  auto o = throng("demo migration --migration-bug oops");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--migration-bug"), std::string::npos) << o.err;
  o = throng("demo migration --duration 10s --migrate-at 20s");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--migrate-at"), std::string::npos) << o.err;
}

// The product's first use with the processes a user would start: `throng
// serve` with SQLite shards and an admin token, `throng run` against it,
// and a migration of every account started over HTTP while the run goes.
TEST(serve_cli, a_migration_under_a_real_run_loses_nothing) {
  temp_dir dir;
  auto listening = dir / "serve.out";
  auto serve = spawn_throng({"serve", "--port", "0", "--store",
                             "sqlite:" + (dir / "store"), "--admin-token", "s3cret"},
                            listening);
  ASSERT_GT(serve, 0);
  std::string first;
  for (int i = 0; i < 200 && first.find('\n') == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    first = slurp(listening);
  }
  ASSERT_EQ(first.rfind("listening on 127.0.0.1:", 0), 0u) << first;
  auto port = static_cast<std::uint16_t>(
    std::stoi(first.substr(first.rfind(':') + 1)));
  auto summary = dir / "summary.json";
  outcome run;
  std::thread runner{[&] {
    run = throng("run --target http://127.0.0.1:" + std::to_string(port)
                 + " --accounts 60 --rpm 18000 --duration 5s --seed-notes 3"
                   " --seed 4 --quiet --summary-json "
                 + summary);
  }};
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto admin = loopback_client(port);
  auto started = admin.exchange({http::method::post, "/v1/admin/migrations",
                                 R"({"from":"shard-0","to":"shard-1","rate":50})",
                                 "s3cret"});
  runner.join();
  EXPECT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  auto s = nlohmann::json::parse(slurp(summary), nullptr, false);
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s["violations"]["total"], 0);
  EXPECT_EQ(s["requests"]["failed"], 0);
  auto status = admin.exchange({http::method::get, "/v1/admin/migrations/m1", {}, "s3cret"});
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(nlohmann::json::parse(status.body)["state"], "done") << status.body;
  auto shards = admin.exchange({http::method::get, "/v1/admin/shards", {}, "s3cret"});
  ASSERT_EQ(shards.status, 200) << shards.body;
  auto usage = nlohmann::json::parse(shards.body)["shards"];
  EXPECT_EQ(usage[0]["accounts"], 0) << shards.body;
  EXPECT_EQ(usage[1]["accounts"], 60) << shards.body;
  kill(serve, SIGTERM);
  EXPECT_EQ(wait_exit(serve), 0);
}

TEST(serve_cli, bad_faults_and_bugs_are_named) {
  auto o = throng("serve --port 0 --fault stale_read:2");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--fault 'stale_read:2'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("from 0 to 1"), std::string::npos) << o.err;
  o = throng("serve --port 0 --fault slow:0.1");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("unknown fault 'slow'"), std::string::npos) << o.err;
  o = throng("serve --port 0 --migration-bug sometimes");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("lose-writes-during-copy"), std::string::npos) << o.err;
}

// Drops the first line (it names the embedded service's port).
std::string steps_of(const std::string& out) {
  return out.substr(out.find('\n') + 1);
}

TEST(replay_cli, repeats_an_account_request_by_request) {
  auto first = throng("replay --seed 7 --account 3 --steps 15");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("  1  signup  POST /v1/accounts  201"), std::string::npos)
    << first.out;
  EXPECT_NE(first.out.find("  15  "), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("0 violations"), std::string::npos) << first.out;
  auto second = throng("replay --seed 7 --account 3 --steps 15");
  EXPECT_EQ(steps_of(second.out), steps_of(first.out));
  auto other = throng("replay --seed 7 --account 4 --steps 15");
  EXPECT_NE(steps_of(other.out), steps_of(first.out));
}

TEST(replay_cli, names_what_is_wrong) {
  auto o = throng("replay --account 3");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--seed"), std::string::npos) << o.err;
  o = throng("replay --seed 1 --account 1 --behaviour dancing");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("dancing"), std::string::npos) << o.err;
  o = throng("replay --seed 1 --account 1 --target http://127.0.0.1:1 --steps 2");
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_NE(o.err.find("unreachable"), std::string::npos) << o.err;
}

} // namespace
} // namespace throng::testing
