// Tests of the live dashboard (`--web`) through the `throng` binary: the
// demo's story told over the dashboard's HTTP API (a migration started and
// followed, a fault switched, the run stopped), the token, the refusals.

#include <csignal>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loopback.hpp"
#include "tests/server/raw_client.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"

namespace throng::testing {
namespace {

/// The dashboard of a throng process on the loopback at `port`.
struct web {
  std::uint16_t port;

  /// Returns the JSON answer to `method path`, or a discarded JSON.
  nlohmann::json call(const std::string& method, const std::string& path,
                      const std::string& body = {}, const std::string& token = {},
                      int* status = nullptr) const {
    auto r = server::raw_client{port}.request(method, path, body, token);
    if (status != nullptr)
      *status = r ? r->status : 0;
    return nlohmann::json::parse(r ? r->body : "", nullptr, false);
  }

  /// Polls GET /api/state until `done` holds for it (at most 30 s); returns
  /// the last state.
  nlohmann::json wait_state(const std::function<bool(const nlohmann::json&)>& done) const {
    nlohmann::json j;
    for (int i = 0; i < 300; ++i) {
      j = call("GET", "/api/state");
      if (j.is_object() && done(j))
        return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the state never got there; last: " << j.dump();
    return j;
  }
};

/// Returns the note reads of shard `name` in a state's shards table.
std::int64_t reads_of(const nlohmann::json& shards, const std::string& name) {
  for (const auto& s : shards)
    if (s["shard"] == name)
      return s["note_reads"].get<std::int64_t>();
  return 0;
}

TEST(web, the_demo_is_told_from_the_dashboard) {
  temp_dir tmp;
  web w{free_port()};
  auto out = tmp / "web-demo.out";
  auto pid = spawn_throng({"demo", "migration", "--store", "memory", "--accounts", "40",
                           "--rpm", "12000", "--duration", "5m", "--migrate-at", "never",
                           "--quiet", "--web", "127.0.0.1:" + std::to_string(w.port)},
                          out);
  ASSERT_GT(pid, 0);
  auto st = w.wait_state([](const auto& s) { return s["tiles"]["requests"] > 100; });
  EXPECT_EQ(st["run"]["command"], "throng demo migration");
  EXPECT_EQ(st["controls"]["service"], true);
  EXPECT_EQ(st["controls"]["faults"].size(), 11u);
  int status = 0;
  auto m = w.call("POST", "/api/migrations",
                  R"({"from": "shard-0", "to": "shard-1", "rate": 200})", "", &status);
  EXPECT_EQ(status, 202) << m.dump();
  st = w.wait_state([](const auto& s) {
    return !s["migrations"].empty() && s["migrations"][0]["state"] == "done";
  });
  // Traffic moves: once the move is done (and the figures of requests in
  // flight then have come in), shard-0 serves nothing more.
  const double done_s = st["run"]["elapsed_s"];
  auto before = w.wait_state([&](const auto& s) {
    return s["run"]["elapsed_s"].template get<double>() > done_s + 3;
  })["shards"];
  w.wait_state([&](const auto& s) {
    return reads_of(s["shards"], "shard-1") > reads_of(before, "shard-1") + 50;
  });
  auto after = w.call("GET", "/api/state")["shards"];
  EXPECT_EQ(reads_of(after, "shard-0"), reads_of(before, "shard-0")) << after.dump();
  w.call("POST", "/api/faults", R"({"kind": "error503", "probability": 0.2})", "", &status);
  EXPECT_EQ(status, 202);
  w.wait_state([](const auto& s) { return s["tiles"]["errors"] > 0; });
  auto h = w.call("GET", "/api/history");
  std::string events;
  for (const auto& e : h["events"])
    events += e["text"].get<std::string>() + "\n";
  EXPECT_NE(events.find("migration m1 started: shard-0 to shard-1"), std::string::npos) << events;
  EXPECT_NE(events.find("migration m1 done"), std::string::npos) << events;
  EXPECT_NE(events.find("fault error503 on"), std::string::npos) << events;
  EXPECT_FALSE(h["points"].empty());
  auto summary = server::raw_client{w.port}.request("GET", "/download/summary.json");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->status, 200);
  EXPECT_TRUE(nlohmann::json::parse(summary->body, nullptr, false).is_object()) << summary->body;
  w.call("POST", "/api/stop", "", "", &status);
  EXPECT_EQ(status, 202);
  EXPECT_EQ(wait_exit(pid), 0) << slurp(out);
  EXPECT_NE(slurp(out).find("no violation"), std::string::npos) << slurp(out);
}

TEST(web, a_token_guards_the_controls) {
  temp_dir tmp;
  web w{free_port()};
  auto out = tmp / "web-token.out";
  auto pid = spawn_throng({"run", "--accounts", "2", "--rpm", "600", "--duration", "5m",
                           "--quiet", "--web", "127.0.0.1:" + std::to_string(w.port),
                           "--web-token", "s3cret"},
                          out);
  ASSERT_GT(pid, 0);
  // A run stopped before any request was answered is not a pass: wait.
  auto st = w.wait_state([](const auto& s) { return s["tiles"]["requests"] > 0; });
  EXPECT_EQ(st["controls"]["token_required"], true);
  EXPECT_EQ(st["controls"]["service"], true); // no --target: the embedded service
  int status = 0;
  w.call("POST", "/api/stop", "", "", &status);
  EXPECT_EQ(status, 401);
  w.call("POST", "/api/stop", "", "wrong", &status);
  EXPECT_EQ(status, 401);
  w.call("POST", "/api/stop", "", "s3cret", &status);
  EXPECT_EQ(status, 202);
  EXPECT_EQ(wait_exit(pid), 0) << slurp(out);
}

TEST(web, an_address_beyond_the_loopback_needs_a_token) {
  auto o = throng("run --accounts 2 --duration 2s --quiet --web 0.0.0.0:0");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--web: only a loopback address is accepted"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("without --web-token"), std::string::npos) << o.err;
  o = throng("run --accounts 2 --duration 2s --quiet --web nowhere");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--web: "), std::string::npos) << o.err;
}

TEST(web, the_dashboard_follows_and_stops_a_run_over_workers) {
  temp_dir tmp;
  web w{free_port()};
  auto out = tmp / "web-fleet.out";
  auto pid = spawn_throng({"run", "--local-workers", "2", "--accounts", "6", "--rpm", "6000",
                           "--duration", "5m", "--quiet", "--web",
                           "127.0.0.1:" + std::to_string(w.port)},
                          out, true);
  ASSERT_GT(pid, 0);
  auto st = w.wait_state([](const auto& s) { return s["tiles"]["requests"] > 100; });
  EXPECT_EQ(st["run"]["command"], "throng run");
  int status = 0;
  w.call("POST", "/api/stop", "", "", &status);
  EXPECT_EQ(status, 202);
  EXPECT_EQ(wait_exit(pid), 0) << slurp(out);
  EXPECT_NE(slurp(out).find("workers"), std::string::npos) << slurp(out);
}

TEST(web, says_where_the_dashboard_is) {
  auto o = throng("run --accounts 2 --rpm 600 --duration 1s --quiet --web 127.0.0.1:0");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("throng: dashboard at http://127.0.0.1:"), std::string::npos) << o.err;
}

} // namespace
} // namespace throng::testing
