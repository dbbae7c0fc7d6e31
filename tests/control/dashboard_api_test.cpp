// Tests of the dashboard's HTTP handler without sockets: the page and its
// JSON, the controls passed to the run and to the embedded service (each an
// event), the token, the downloads, and what is refused.

#include "control/dashboard_api.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "tests/control/fake_controller.hpp"
#include "tests/control/fake_service.hpp"

namespace throng::control {
namespace {

struct dashboard_api_test : ::testing::Test {
  fake_controller controller;
  fake_service service;
  control_api run{controller};
  dashboard board{settings()};

  static dashboard_settings settings() {
    dashboard_settings s;
    s.command = "throng demo migration";
    s.target = "http://127.0.0.1:4711";
    s.seed = 7;
    return s;
  }

  dashboard_api_test() { board.attach(&controller); }

  http::server_response call(const std::string& method, const std::string& target,
                             const std::string& body = {}, const std::string& auth = {}) {
    return dashboard_api{board, run}({method, target, auth, body});
  }

  /// Expects `r` to be a refusal with `status` naming `field` (none: "").
  static void expect_refused(const http::server_response& r, int status,
                             const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_TRUE(j["error"].is_string()) << r.body;
    EXPECT_EQ(j.value("field", ""), field) << r.body;
  }
};

TEST_F(dashboard_api_test, serves_the_page_and_its_json) {
  auto page = call("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type.rfind("text/html", 0), 0u) << page.content_type;
  auto state = call("GET", "/api/state");
  ASSERT_EQ(state.status, 200);
  auto j = nlohmann::json::parse(state.body);
  EXPECT_EQ(j["run"]["command"], "throng demo migration");
  EXPECT_EQ(j["controls"]["service"], false);
  EXPECT_EQ(j["controls"]["token_required"], false);
  EXPECT_FALSE(j["controls"]["behaviours"].empty());
  auto history = call("GET", "/api/history?after=0&generation=0");
  ASSERT_EQ(history.status, 200);
  EXPECT_TRUE(nlohmann::json::parse(history.body)["points"].is_array());
  expect_refused(call("GET", "/nowhere"), 404, "");
  expect_refused(call("PUT", "/api/state"), 405, "");
  expect_refused(call("GET", "/api/stop"), 405, "");
}

TEST_F(dashboard_api_test, run_controls_reach_the_run_and_are_marked) {
  EXPECT_EQ(call("POST", "/api/accounts", R"({"add": 5, "behaviour": "random"})").status, 202);
  EXPECT_EQ(controller.added, 5u);
  EXPECT_EQ(call("POST", "/api/accounts", R"({"remove": 2})").status, 202);
  EXPECT_EQ(controller.removed, 2u);
  EXPECT_EQ(call("POST", "/api/rate", R"({"rpm": 1200})").status, 202);
  EXPECT_EQ(controller.rpm, 1200);
  EXPECT_EQ(call("POST", "/api/stop").status, 202);
  EXPECT_TRUE(controller.stopped);
  expect_refused(call("POST", "/api/accounts", R"({"add": 0})"), 400, "add");
  std::vector<std::string> texts;
  const auto h = board.history(0, 0);
  for (const auto& e : h["events"]) {
    EXPECT_EQ(e["kind"], "control");
    texts.push_back(e["text"]);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"added 5 accounts (random)", "removed 2 accounts",
                                             "rate set to 1200 rpm",
                                             "stop asked from the dashboard"}));
}

TEST_F(dashboard_api_test, a_token_guards_the_controls_only) {
  auto s = settings();
  s.token = "s3cret";
  dashboard guarded{s};
  guarded.attach(&controller);
  dashboard_api api{guarded, run};
  EXPECT_EQ(api({"GET", "/api/state", "", ""}).status, 200);
  expect_refused(api({"POST", "/api/rate", "", R"({"rpm": 5})"}), 401, "");
  expect_refused(api({"POST", "/api/rate", "Bearer wrong", R"({"rpm": 5})"}), 401, "");
  EXPECT_EQ(controller.rpm, 0);
  EXPECT_EQ(api({"POST", "/api/rate", "Bearer s3cret", R"({"rpm": 5})"}).status, 202);
  EXPECT_EQ(controller.rpm, 5);
  EXPECT_EQ(nlohmann::json::parse(api({"GET", "/api/state", "", ""}).body)["controls"]
                                   ["token_required"],
            true);
}

TEST_F(dashboard_api_test, service_controls_need_an_embedded_service) {
  expect_refused(call("POST", "/api/migrations", R"({"from": "shard-0", "to": "shard-1"})"),
                 404, "");
  expect_refused(call("POST", "/api/faults", R"({"kind": "latency", "probability": 1})"), 404,
                 "");
  expect_refused(call("POST", "/api/migration-bug", R"({"bug": "none"})"), 404, "");
}

TEST_F(dashboard_api_test, migrations_start_from_the_page) {
  board.attach(&service);
  auto r = call("POST", "/api/migrations",
                R"({"from": "shard-0", "to": "shard-1", "accounts": 40, "rate": 10})");
  ASSERT_EQ(r.status, 202) << r.body;
  auto m = nlohmann::json::parse(r.body);
  EXPECT_EQ(m["id"], "m1");
  EXPECT_EQ(m["remaining"], 40);
  expect_refused(call("POST", "/api/migrations", R"({"from": "shard-0", "to": "shard-1"})"),
                 409, "");
  expect_refused(call("POST", "/api/migrations", R"({"from": "shard-9", "to": "shard-1"})"),
                 400, "from");
  expect_refused(call("POST", "/api/migrations", R"({"to": "shard-1"})"), 400, "from");
  expect_refused(call("POST", "/api/migrations", R"({"from": "a", "to": "b", "rate": 0})"), 400,
                 "rate");
  expect_refused(call("POST", "/api/migrations", R"({"from": "a", "to": "b", "accounts": -1})"),
                 400, "accounts");
  expect_refused(call("POST", "/api/migrations", R"({"from": "a", "to": "b", "when": 1})"), 400,
                 "when");
}

TEST_F(dashboard_api_test, faults_and_the_migration_bug_switch_and_are_marked) {
  board.attach(&service);
  auto r = call("POST", "/api/faults", R"({"kind": "latency", "probability": 0.5, "delay_ms": 40})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(service.faults()[0].probability, 0.5);
  EXPECT_EQ(service.faults()[0].delay.count(), 40);
  EXPECT_EQ(call("POST", "/api/faults", R"({"kind": "latency", "probability": 0})").status, 202);
  expect_refused(call("POST", "/api/faults", R"({"kind": "latency", "probability": 2})"), 400,
                 "probability");
  expect_refused(call("POST", "/api/faults", R"({"kind": "gremlins", "probability": 1})"), 400,
                 "kind");
  expect_refused(
    call("POST", "/api/faults", R"({"kind": "latency", "probability": 1, "delay_ms": -3})"), 400,
    "delay_ms");
  EXPECT_EQ(call("POST", "/api/migration-bug", R"({"bug": "stale-after-cutover"})").status, 202);
  EXPECT_EQ(service.migration_bug(), "stale-after-cutover");
  expect_refused(call("POST", "/api/migration-bug", R"({"bug": "chaos"})"), 400, "bug");
  std::vector<std::string> texts;
  const auto h = board.history(0, 0);
  for (const auto& e : h["events"])
    texts.push_back(e["text"]);
  EXPECT_EQ(texts, (std::vector<std::string>{"fault latency on (p 0.50, 40 ms)",
                                             "fault latency off",
                                             "migration bug: stale-after-cutover"}));
}

TEST_F(dashboard_api_test, downloads_are_the_outputs_as_they_stand) {
  stats::run_stats figures;
  figures.record({protocol::operation::read_note, std::nullopt, false, "shard-0", 900, 700});
  stats::time_series series;
  series.record(0, protocol::operation::read_note, "shard-0", false, 900);
  board.on_second(0, figures, 1, 0);
  board.on_violation({{"class", "stale_read"}, {"account", 3}}, 0);
  std::atomic<bool> done{false};
  // Stands in for the stats actor, which hands over its figures when asked.
  std::thread actor{[&] {
    while (!done.load()) {
      if (board.snapshot_wanted())
        board.provide(figures, series);
      std::this_thread::yield();
    }
  }};
  auto summary = call("GET", "/download/summary.json");
  auto csv = call("GET", "/download/timeseries.csv");
  auto report = call("GET", "/download/report.html");
  done = true;
  actor.join();
  ASSERT_EQ(summary.status, 200) << summary.body;
  auto j = nlohmann::json::parse(summary.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << summary.body;
  EXPECT_EQ(j["target"], "http://127.0.0.1:4711");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("second,op,shard,count,errors,p50_ms,p99_ms\n", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("read_note,shard-0,1,0"), std::string::npos) << csv.body;
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("<svg"), std::string::npos);
  auto log = call("GET", "/download/violations.jsonl");
  ASSERT_EQ(log.status, 200);
  EXPECT_EQ(nlohmann::json::parse(log.body)["class"], "stale_read");
  expect_refused(call("GET", "/download/passwords.txt"), 404, "");
  board.finish();
  expect_refused(call("GET", "/download/summary.json"), 503, "");
}

} // namespace
} // namespace throng::control
