// Tests that the fault injector's faults act through the cookie shape: the
// anomalies over HTTP (each is what the checker must catch), the benign
// ones on the answer cookie_notes_service hands the server (a delay, a
// dropped connection) and over HTTP (a 503).

#include "server/cookie_notes_service.hpp"

#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "http/cookies.hpp"
#include "server/memory_store.hpp"
#include "tests/server/cookie_shape.hpp"

namespace throng::server {
namespace {

using namespace std::chrono_literals;
using http::method;
using json = nlohmann::json;
using test::cookie_shape;

fault_spec always(fault_kind k) {
  return fault_spec{k, 1.0, 0ms};
}

std::string body_of(const http::response& r) {
  auto j = cookie_shape::body(r);
  return j.is_object() && j["note"].is_object() ? j["note"]["body"].get<std::string>() : "";
}

TEST(cookie_faults, lost_note_acknowledges_a_note_then_loses_it) {
  cookie_shape s;
  auto a = s.sign_up("ann");
  s.server->faults().set(always(fault_kind::lost_note));
  auto n = s.create_note(a, "gone soon");
  ASSERT_NE(n, 0u);
  EXPECT_EQ(s.send(method::get, cookie_shape::note_path(n), {}, a.sid).status, 404);
  EXPECT_EQ(cookie_shape::body(s.send(method::get, "/notes", {}, a.sid))["items"], json::array());
}

TEST(cookie_faults, stale_read_serves_the_body_before_the_update_once) {
  cookie_shape s;
  auto a = s.sign_up("ben");
  auto n = s.create_note(a, "v1");
  s.server->faults().set(always(fault_kind::stale_read));
  auto path = cookie_shape::note_path(n);
  ASSERT_EQ(s.send(method::patch, path, R"({"body":"v2"})", a.sid).status, 200);
  EXPECT_EQ(body_of(s.send(method::get, path, {}, a.sid)), "v1");
  EXPECT_EQ(body_of(s.send(method::get, path, {}, a.sid)), "v2");
}

TEST(cookie_faults, lost_update_shows_an_update_once_then_undoes_it) {
  cookie_shape s;
  auto a = s.sign_up("bea");
  auto n = s.create_note(a, "v1");
  s.server->faults().set(always(fault_kind::lost_update));
  auto path = cookie_shape::note_path(n);
  ASSERT_EQ(s.send(method::patch, path, R"({"body":"v2"})", a.sid).status, 200);
  EXPECT_EQ(body_of(s.send(method::get, path, {}, a.sid)), "v2");
  EXPECT_EQ(body_of(s.send(method::get, path, {}, a.sid)), "v1");
}

TEST(cookie_faults, cross_account_lets_a_session_read_another_accounts_note) {
  cookie_shape s;
  auto a = s.sign_up("cat");
  auto b = s.sign_up("dan");
  auto n = s.create_note(a, "cat's secret");
  auto path = cookie_shape::note_path(n);
  ASSERT_EQ(s.send(method::get, path, {}, b.sid).status, 404);
  s.server->faults().set(always(fault_kind::cross_account));
  auto r = s.send(method::get, path, {}, b.sid);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r), "cat's secret");
}

TEST(cookie_faults, resurrect_acknowledges_a_delete_not_done) {
  cookie_shape s;
  auto a = s.sign_up("eve");
  auto n = s.create_note(a, "undead");
  s.server->faults().set(always(fault_kind::resurrect));
  auto path = cookie_shape::note_path(n);
  auto del = s.send(method::del, path, {}, a.sid);
  EXPECT_EQ(del.status, n % 2 == 1 ? 200 : 204);
  EXPECT_EQ(body_of(s.send(method::get, path, {}, a.sid)), "undead");
}

TEST(cookie_faults, phantom_note_adds_an_id_to_a_list) {
  cookie_shape s;
  auto a = s.sign_up("fay");
  auto n = s.create_note(a, "real");
  s.server->faults().set(always(fault_kind::phantom_note));
  auto items = cookie_shape::body(s.send(method::get, "/notes", {}, a.sid))["items"];
  ASSERT_EQ(items.size(), 2u) << items.dump();
  EXPECT_EQ(items[0]["id"], n);
  EXPECT_GT(items[1]["id"].get<std::uint64_t>(), std::uint64_t{1} << 53);
}

TEST(cookie_faults, corrupt_changes_a_byte_of_a_read) {
  cookie_shape s;
  auto a = s.sign_up("gus");
  auto n = s.create_note(a, "intact");
  s.server->faults().set(always(fault_kind::corrupt));
  EXPECT_EQ(body_of(s.send(method::get, cookie_shape::note_path(n), {}, a.sid)), "#ntact");
}

TEST(cookie_faults, error503_is_a_503_over_http) {
  cookie_shape s;
  auto a = s.sign_up("hal");
  s.server->faults().set(always(fault_kind::error503));
  EXPECT_EQ(s.send(method::get, "/me", {}, a.sid).status, 503);
  EXPECT_EQ(s.send(method::post, "/notes", R"({"body":"x"})", a.sid).status, 503);
  EXPECT_EQ(s.send(method::post, "/users", R"({"username":"ivy","secret":"pw"})").status, 503);
}

// The cookie shape over a notes service with a fault injector of its own,
// called without sockets, to see the answer the server is handed.
class cookie_service_faults : public ::testing::Test {
protected:
  http::server_response call(std::string verb, std::string target, std::string body = {}) {
    http::server_request req;
    req.method = std::move(verb);
    req.target = std::move(target);
    req.body = std::move(body);
    req.cookie = "sid=" + sid;
    return shape.handle(req);
  }

  void SetUp() override {
    auto r = call("POST", "/users", R"({"username":"jay","secret":"pw"})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto v = http::set_cookie_value(r.set_cookie, "sid");
    ASSERT_TRUE(v) << r.set_cookie;
    sid = std::string{*v};
  }

  memory_store st{2};
  fault_injector faults{{}, 1};
  notes_service inner{st, &faults};
  cookie_notes_service shape{inner};
  std::string sid;
};

TEST_F(cookie_service_faults, latency_holds_the_answer_for_the_delay) {
  faults.set(fault_spec{fault_kind::latency, 1.0, 30ms});
  auto r = call("POST", "/notes", R"({"body":"slow"})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.delay, 30ms);
  EXPECT_EQ(call("GET", "/me").delay, 30ms);
}

TEST_F(cookie_service_faults, reset_and_ambiguous_drop_the_connection) {
  faults.set(always(fault_kind::reset));
  EXPECT_TRUE(call("GET", "/notes").drop);
  faults.set(fault_spec{fault_kind::reset, 0, 0ms});
  faults.set(always(fault_kind::ambiguous));
  EXPECT_TRUE(call("POST", "/notes", R"({"body":"applied"})").drop);
  faults.set(fault_spec{fault_kind::ambiguous, 0, 0ms});
  auto list = call("GET", "/notes");
  EXPECT_FALSE(list.drop);
  EXPECT_EQ(json::parse(list.body)["items"].size(), 1u) << list.body;
}

TEST_F(cookie_service_faults, an_answer_carries_the_shard_of_the_account) {
  auto r = call("GET", "/me");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.shard.rfind("shard-", 0), 0u) << r.shard;
}

} // namespace
} // namespace throng::server
