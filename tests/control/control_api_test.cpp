// Tests of the control API against a fake run_controller: every endpoint, the
// 400s naming the field, the 409 of a stopping run, 404 and 405.

#include "control/control_api.hpp"

#include "tests/control/fake_controller.hpp"

#include <initializer_list>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace throng::control {
namespace {

struct control_api_test : ::testing::Test {
  http::server_response call(const std::string& method, const std::string& target,
                             const std::string& body = {}) {
    http::server_request r;
    r.method = method;
    r.target = target;
    r.body = body;
    return control_api{fake}(r);
  }

  /// Expects a 400 naming `field`.
  void expect_bad(const std::string& target, const std::string& body,
                  const std::string& field) {
    auto r = call("POST", target, body);
    EXPECT_EQ(r.status, 400) << body;
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j.value("field", ""), field) << body << " -> " << r.body;
    EXPECT_TRUE(j["error"].is_string()) << r.body;
  }

  fake_controller fake;
};

TEST_F(control_api_test, status_reports_the_crowd) {
  auto r = call("GET", "/status");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["elapsed_s"], 12.5);
  EXPECT_EQ(j["accounts"]["live"], 7);
  EXPECT_EQ(j["accounts"]["by_behaviour"]["random"], 5);
  EXPECT_EQ(j["accounts"]["by_behaviour"]["reader"], 2);
  EXPECT_EQ(j["accounts"]["by_population"]["crowd"], 5);
  EXPECT_EQ(j["accounts"]["by_population"]["readers"], 2);
  EXPECT_EQ(j["rpm"], 600);
  EXPECT_EQ(j["stage"], 1);
  EXPECT_EQ(j["requests"], 100);
  EXPECT_EQ(j["errors"], 3);
  EXPECT_EQ(j["violations"], 0);
  EXPECT_EQ(j["stopping"], false);
}

TEST_F(control_api_test, adds_and_removes_accounts) {
  auto r = call("POST", "/accounts", R"({"add": 5, "behaviour": "random"})");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(fake.added, 5u);
  EXPECT_EQ(fake.behaviour, "random");
  r = call("POST", "/accounts", R"({"add": 2})");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(fake.added, 7u);
  EXPECT_EQ(nlohmann::json::parse(r.body)["behaviour"], "random");
  r = call("POST", "/accounts", R"({"remove": 3})");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(fake.removed, 3u);
}

TEST_F(control_api_test, bad_account_requests_name_the_field) {
  expect_bad("/accounts", "", "body");
  expect_bad("/accounts", "{", "body");
  expect_bad("/accounts", "[1]", "body");
  expect_bad("/accounts", "{}", "add");
  expect_bad("/accounts", R"({"add": 1, "remove": 1})", "remove");
  expect_bad("/accounts", R"({"add": 0})", "add");
  expect_bad("/accounts", R"({"add": -2})", "add");
  expect_bad("/accounts", R"({"add": 1.5})", "add");
  expect_bad("/accounts", R"({"add": "3"})", "add");
  expect_bad("/accounts", R"({"add": 20000000})", "add");
  expect_bad("/accounts", R"({"remove": 0})", "remove");
  expect_bad("/accounts", R"({"remove": 1, "behaviour": "random"})", "behaviour");
  expect_bad("/accounts", R"({"add": 1, "behaviour": 3})", "behaviour");
  expect_bad("/accounts", R"({"add": 1, "behaviour": "dancer"})", "behaviour");
  expect_bad("/accounts", R"({"add": 1, "behavior": "random"})", "behavior");
  EXPECT_EQ(fake.added, 0u);
  EXPECT_EQ(fake.removed, 0u);
}

TEST_F(control_api_test, sets_the_rate) {
  auto r = call("POST", "/rate", R"({"rpm": 1500.5})");
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(fake.rpm, 1500.5);
  expect_bad("/rate", "nope", "body");
  expect_bad("/rate", "{}", "rpm");
  expect_bad("/rate", R"({"rpm": 0})", "rpm");
  expect_bad("/rate", R"({"rpm": -1})", "rpm");
  expect_bad("/rate", R"({"rpm": "fast"})", "rpm");
  expect_bad("/rate", R"({"rpm": 10, "burst": 2})", "burst");
  EXPECT_EQ(fake.rpm, 1500.5);
}

TEST_F(control_api_test, stops_the_run) {
  auto r = call("POST", "/stop");
  EXPECT_EQ(r.status, 202);
  EXPECT_TRUE(fake.stopped);
}

TEST_F(control_api_test, a_stopping_run_refuses_changes_with_409) {
  fake.stopping = true;
  EXPECT_EQ(call("POST", "/accounts", R"({"add": 1})").status, 409);
  EXPECT_EQ(call("POST", "/accounts", R"({"remove": 1})").status, 409);
  auto r = call("POST", "/rate", R"({"rpm": 10})");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("stopping"), std::string::npos) << r.body;
  EXPECT_EQ(call("GET", "/status").status, 200);
}

TEST_F(control_api_test, unknown_paths_and_methods) {
  struct case_ {
    const char* method;
    const char* target;
    int status;
  };
  for (auto [method, target, status] : std::initializer_list<case_>{
         {"GET", "/", 404},
         {"GET", "/metrics", 404},
         {"POST", "/status", 405},
         {"GET", "/accounts", 405},
         {"DELETE", "/rate", 405},
         {"GET", "/stop", 405}})
    EXPECT_EQ(call(method, target).status, status) << method << " " << target;
  EXPECT_EQ(call("POST", "/status").allow, "GET");
  EXPECT_EQ(call("GET", "/accounts").allow, "POST");
  EXPECT_FALSE(fake.stopped);
  auto j = nlohmann::json::parse(call("GET", "/nowhere").body);
  EXPECT_TRUE(j["error"].is_string());
}

} // namespace
} // namespace throng::control
