// The admin API: auth, every endpoint and every refusal.

#include "server/admin_api.hpp"

#include <chrono>
#include <initializer_list>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/memory_store.hpp"

namespace throng::server {
namespace {

using json = nlohmann::json;
using http::server_request;
using http::server_response;

class admin_api_test : public ::testing::Test {
protected:
  admin_api_test() {
    for (int i = 0; i < 30; ++i) {
      auto aid = *store.create_account("u" + std::to_string(i), "s");
      store.create_note(aid, "x");
    }
  }

  server_response call(std::string method, std::string target,
                       std::string body = {},
                       std::string auth = "Bearer sesame") {
    return api.handle(server_request{std::move(method), std::move(target),
                                     std::move(auth), std::move(body)});
  }

  static std::string error_of(const server_response& r) {
    auto j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>()
                                                : std::string{};
  }

  memory_store store{2};
  fault_injector faults{{{fault_kind::error503, 0.5, {}},
                         {fault_kind::latency, 1, std::chrono::milliseconds{5}}},
                        1};
  migrator migrations{store, migration_bug::none, {}};
  admin_api api{"sesame", store, migrations, &faults};
};

TEST_F(admin_api_test, owns_only_admin_paths) {
  EXPECT_TRUE(admin_api::owns("/v1/admin"));
  EXPECT_TRUE(admin_api::owns("/v1/admin/shards"));
  EXPECT_FALSE(admin_api::owns("/v1/administrators"));
  EXPECT_FALSE(admin_api::owns("/v1/accounts"));
}

TEST_F(admin_api_test, is_off_without_a_token) {
  admin_api off{"", store, migrations, nullptr};
  auto r = off.handle({"GET", "/v1/admin/shards", "Bearer ", {}});
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(error_of(r).find("--admin-token"), std::string::npos);
}

TEST_F(admin_api_test, wants_the_token) {
  EXPECT_EQ(call("GET", "/v1/admin/shards", {}, "").status, 401);
  EXPECT_EQ(call("GET", "/v1/admin/shards", {}, "Bearer sesam").status, 401);
  EXPECT_EQ(call("GET", "/v1/admin/shards", {}, "Bearer sesame!").status, 401);
  EXPECT_EQ(call("GET", "/v1/admin/faults", {}, "Basic sesame").status, 401);
  // The scheme in any case, spaces around the token: as the notes API reads it.
  EXPECT_EQ(call("GET", "/v1/admin/shards", {}, "bearer  sesame ").status, 200);
}

TEST_F(admin_api_test, refuses_unknown_paths_and_methods) {
  struct status_case {
    const char* method;
    const char* target;
    int status;
  };
  for (auto [method, target, status] : std::initializer_list<status_case>{
         {"GET", "/v1/admin/nothing", 404},
         {"GET", "/v1/admin", 404},
         {"DELETE", "/v1/admin/shards", 405},
         {"PUT", "/v1/admin/migrations", 405},
         {"POST", "/v1/admin/migrations/m1", 405}})
    EXPECT_EQ(call(method, target).status, status) << method << " " << target;
  // Method before auth, as in the API's precedence.
  EXPECT_EQ(call("DELETE", "/v1/admin/shards", {}, "").status, 405);
  struct allow_case {
    const char* method;
    const char* target;
    const char* allow;
  };
  for (auto [method, target, allow] : std::initializer_list<allow_case>{
         {"DELETE", "/v1/admin/shards", "GET"},
         {"DELETE", "/v1/admin/faults", "GET"},
         {"PUT", "/v1/admin/migrations", "GET, POST"},
         {"POST", "/v1/admin/migrations/m1", "GET"},
         {"GET", "/v1/admin/shards", ""}})
    EXPECT_EQ(call(method, target).allow, allow) << method << " " << target;
}

TEST_F(admin_api_test, answers_json_even_to_a_target_of_invalid_utf8) {
  auto r = call("GE\xd4", "/v1/admin/shards\xff");
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(error_of(r).empty());
  r = call("GE\xd4", "/v1/admin/shards");
  EXPECT_EQ(r.status, 405);
  EXPECT_FALSE(error_of(r).empty());
}

TEST_F(admin_api_test, lists_shards) {
  auto r = call("GET", "/v1/admin/shards");
  ASSERT_EQ(r.status, 200);
  auto j = json::parse(r.body);
  ASSERT_EQ(j["shards"].size(), 2u);
  EXPECT_EQ(j["shards"][0]["name"], "shard-0");
  EXPECT_EQ(j["shards"][0]["accounts"].get<int>()
              + j["shards"][1]["accounts"].get<int>(),
            30);
  EXPECT_EQ(j["shards"][0]["notes"].get<int>()
              + j["shards"][1]["notes"].get<int>(),
            30);
}

TEST_F(admin_api_test, counts_faults) {
  faults.fires(fault_kind::latency);
  auto r = call("GET", "/v1/admin/faults");
  ASSERT_EQ(r.status, 200);
  auto j = json::parse(r.body)["faults"];
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["kind"], "latency");
  EXPECT_EQ(j[0]["delay_ms"], 5);
  EXPECT_EQ(j[0]["injected"], 1);
  EXPECT_EQ(j[1]["kind"], "error503");
  EXPECT_EQ(j[1]["probability"], 0.5);
  EXPECT_EQ(j[1]["injected"], 0);
}

TEST_F(admin_api_test, starts_and_follows_a_migration) {
  auto r = call("POST", "/v1/admin/migrations",
                R"({"from": "shard-0", "to": "shard-1", "accounts": "all", "rate": 1000})");
  ASSERT_EQ(r.status, 202) << r.body;
  auto started = json::parse(r.body);
  EXPECT_EQ(started["id"], "m1");
  EXPECT_EQ(started["state"], "running");
  json status;
  for (int i = 0; i < 3000; ++i) {
    status = json::parse(call("GET", "/v1/admin/migrations/m1").body);
    if (status["state"] != "running")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  EXPECT_EQ(status["state"], "done");
  EXPECT_EQ(status["remaining"], 0);
  EXPECT_GT(status["moved"].get<int>(), 0);
  EXPECT_EQ(status["from"], "shard-0");
  EXPECT_EQ(status["to"], "shard-1");
  auto shards = json::parse(call("GET", "/v1/admin/shards").body)["shards"];
  EXPECT_EQ(shards[0]["accounts"], 0);
  EXPECT_EQ(shards[1]["accounts"], 30);
  auto list = json::parse(call("GET", "/v1/admin/migrations").body);
  EXPECT_EQ(list["migrations"].size(), 1u);
  EXPECT_EQ(call("GET", "/v1/admin/migrations/m9").status, 404);
}

TEST_F(admin_api_test, refuses_bad_migrations_naming_the_field) {
  auto refused = [&](const std::string& body, int status = 400) {
    auto r = call("POST", "/v1/admin/migrations", body);
    EXPECT_EQ(r.status, status) << body << " -> " << r.body;
    return error_of(r);
  };
  EXPECT_NE(refused("not json").find("JSON object"), std::string::npos);
  EXPECT_NE(refused("[]").find("JSON object"), std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-1","speed":1})")
              .find("'speed'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"to":"shard-1"})").find("'from'"), std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-7"})").find("'to'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-0"})").find("same"),
            std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-1","accounts":0})")
              .find("'accounts'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-1","accounts":"some"})")
              .find("'accounts'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-1","rate":"fast"})")
              .find("'rate'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"from":"shard-0","to":"shard-1","rate":0})")
              .find("'rate'"),
            std::string::npos);
  ASSERT_EQ(call("POST", "/v1/admin/migrations",
                 R"({"from":"shard-0","to":"shard-1","rate":1})")
              .status,
            202);
  EXPECT_NE(refused(R"({"from":"shard-1","to":"shard-0"})", 409).find("m1"),
            std::string::npos);
}

} // namespace
} // namespace throng::server
