// Tests of notes_service as a plain handler over a memory store: every
// endpoint, and which error status wins when several apply.

#include "server/notes_service.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "protocol/api_types.hpp"
#include "server/memory_store.hpp"

namespace throng::server {
namespace {

using json = nlohmann::json;
using http::server_request;
using http::server_response;

struct account {
  std::string id;
  std::string token;
};

std::string bearer(const std::string& token) {
  return "Bearer " + token;
}

std::string note_body(const std::string& content) {
  return json{{"content", content}}.dump();
}

class notes_service_test : public ::testing::Test {
protected:
  server_response call(std::string method, std::string target,
                       std::string body = {}, std::string authorization = {}) {
    return service.handle(server_request{std::move(method), std::move(target),
                                         std::move(authorization),
                                         std::move(body)});
  }

  account sign_up(const std::string& name,
                  const std::string& password = "pw") {
    auto res = call("POST", "/v1/accounts",
                    json{{"name", name}, {"password", password}}.dump());
    EXPECT_EQ(res.status, 201) << res.body;
    auto j = json::parse(res.body);
    return {j.at("id").get<std::string>(), j.at("token").get<std::string>()};
  }

  std::string create_note(const account& a, const std::string& content) {
    auto res = call("POST", "/v1/accounts/" + a.id + "/notes",
                    note_body(content), bearer(a.token));
    EXPECT_EQ(res.status, 201) << res.body;
    return json::parse(res.body).at("id").get<std::string>();
  }

  // Checks that `res` is an error answer with `status` and a JSON body.
  static void expect_error(const server_response& res, int status) {
    EXPECT_EQ(res.status, status) << res.body;
    auto j = json::parse(res.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << res.body;
    ASSERT_TRUE(j.contains("error")) << res.body;
    EXPECT_TRUE(j["error"].is_string());
    EXPECT_FALSE(j["error"].get<std::string>().empty());
    EXPECT_TRUE(res.shard.empty());
  }

  memory_store store{3};
  notes_service service{store};
};

// --- successes --------------------------------------------------------------

TEST_F(notes_service_test, healthz_answers_ok) {
  auto res = call("GET", "/healthz");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(json::parse(res.body), (json{{"status", "ok"}}));
  EXPECT_TRUE(res.shard.empty());
  expect_error(call("POST", "/healthz"), 405);
}

TEST_F(notes_service_test, sign_up_returns_account_and_token) {
  auto res = call("POST", "/v1/accounts",
                  R"({"name": "alice", "password": "pw"})");
  ASSERT_EQ(res.status, 201) << res.body;
  auto j = json::parse(res.body);
  auto id = j.at("id").get<std::string>();
  EXPECT_EQ(j.at("name"), "alice");
  auto token = j.at("token").get<std::string>();
  EXPECT_EQ(token.size(), 32u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(res.shard, store.shard_of(id));
  EXPECT_EQ(res.shard.rfind("shard-", 0), 0u);
  EXPECT_FALSE(res.close);
}

TEST_F(notes_service_test, log_in_returns_a_new_token) {
  auto a = sign_up("alice", "secret");
  auto res = call("POST", "/v1/sessions",
                  R"({"name": "alice", "password": "secret"})");
  ASSERT_EQ(res.status, 201) << res.body;
  auto j = json::parse(res.body);
  EXPECT_EQ(j.at("account_id"), a.id);
  auto token = j.at("token").get<std::string>();
  EXPECT_NE(token, a.token);
  EXPECT_EQ(res.shard, store.shard_of(a.id));
  EXPECT_EQ(call("GET", "/v1/accounts/" + a.id, {}, bearer(token)).status, 200);
  EXPECT_EQ(call("GET", "/v1/accounts/" + a.id, {}, bearer(a.token)).status,
            200);
}

TEST_F(notes_service_test, log_out_revokes_only_the_token_sent) {
  auto a = sign_up("alice", "secret");
  auto login = call("POST", "/v1/sessions",
                    R"({"name": "alice", "password": "secret"})");
  auto second = json::parse(login.body).at("token").get<std::string>();
  auto res = call("DELETE", "/v1/sessions/current", {}, bearer(a.token));
  EXPECT_EQ(res.status, 204);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(res.shard, store.shard_of(a.id));
  expect_error(call("GET", "/v1/accounts/" + a.id, {}, bearer(a.token)), 401);
  expect_error(call("DELETE", "/v1/sessions/current", {}, bearer(a.token)),
               401);
  EXPECT_EQ(call("GET", "/v1/accounts/" + a.id, {}, bearer(second)).status,
            200);
}

TEST_F(notes_service_test, read_account_counts_notes) {
  auto a = sign_up("alice");
  auto res = call("GET", "/v1/accounts/" + a.id, {}, bearer(a.token));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(json::parse(res.body),
            (json{{"id", a.id}, {"name", "alice"}, {"note_count", 0}}));
  EXPECT_EQ(res.shard, store.shard_of(a.id));
  create_note(a, "one");
  create_note(a, "two");
  res = call("GET", "/v1/accounts/" + a.id, {}, bearer(a.token));
  EXPECT_EQ(json::parse(res.body).at("note_count"), 2);
}

TEST_F(notes_service_test, update_account_renames) {
  auto a = sign_up("alice", "secret");
  create_note(a, "one");
  auto res = call("PUT", "/v1/accounts/" + a.id, R"({"name": "carol"})",
                  bearer(a.token));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(json::parse(res.body),
            (json{{"id", a.id}, {"name", "carol"}, {"note_count", 1}}));
  EXPECT_EQ(res.shard, store.shard_of(a.id));
  EXPECT_EQ(call("POST", "/v1/sessions",
                 R"({"name": "carol", "password": "secret"})")
              .status,
            201);
  expect_error(call("POST", "/v1/sessions",
                    R"({"name": "alice", "password": "secret"})"),
               401);
  res = call("PUT", "/v1/accounts/" + a.id, R"({"name": "carol"})",
             bearer(a.token));
  EXPECT_EQ(res.status, 200) << "keeping its own name is no conflict";
}

TEST_F(notes_service_test, note_crud) {
  auto a = sign_up("alice");
  auto notes = "/v1/accounts/" + a.id + "/notes";
  auto created = call("POST", notes, note_body("hello"), bearer(a.token));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.shard, store.shard_of(a.id));
  auto j = json::parse(created.body);
  auto nid = j.at("id").get<std::string>();
  EXPECT_EQ(j.at("content"), "hello");

  auto read = call("GET", notes + "/" + nid, {}, bearer(a.token));
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(json::parse(read.body),
            (json{{"id", nid}, {"content", "hello"}}));
  EXPECT_EQ(read.shard, store.shard_of(a.id));

  auto updated = call("PUT", notes + "/" + nid, note_body("bye"),
                      bearer(a.token));
  EXPECT_EQ(updated.status, 200);
  EXPECT_EQ(json::parse(updated.body),
            (json{{"id", nid}, {"content", "bye"}}));
  EXPECT_EQ(updated.shard, store.shard_of(a.id));

  auto deleted = call("DELETE", notes + "/" + nid, {}, bearer(a.token));
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(deleted.shard, store.shard_of(a.id));
  expect_error(call("GET", notes + "/" + nid, {}, bearer(a.token)), 404);
  expect_error(call("DELETE", notes + "/" + nid, {}, bearer(a.token)), 404);
}

TEST_F(notes_service_test, lists_notes_in_creation_order) {
  auto a = sign_up("alice");
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i)
    ids.push_back(create_note(a, "note " + std::to_string(i)));
  auto notes = "/v1/accounts/" + a.id + "/notes";
  ASSERT_EQ(call("DELETE", notes + "/" + ids[5], {}, bearer(a.token)).status,
            204);
  ids.erase(ids.begin() + 5);
  auto res = call("GET", notes, {}, bearer(a.token));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.shard, store.shard_of(a.id));
  auto list = json::parse(res.body).at("notes");
  ASSERT_EQ(list.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(list[i].at("id"), ids[i]);
  EXPECT_EQ(list[0].at("content"), "note 0");
}

TEST_F(notes_service_test, content_limit_is_inclusive) {
  auto a = sign_up("alice");
  auto notes = "/v1/accounts/" + a.id + "/notes";
  std::string at_limit(protocol::max_content_bytes, 'x');
  EXPECT_EQ(call("POST", notes, note_body(at_limit), bearer(a.token)).status,
            201);
  auto over = at_limit + "x";
  expect_error(call("POST", notes, note_body(over), bearer(a.token)), 400);
  auto nid = create_note(a, "small");
  expect_error(call("PUT", notes + "/" + nid, note_body(over), bearer(a.token)),
               400);
}

TEST_F(notes_service_test, accepts_bearer_scheme_in_any_case) {
  auto a = sign_up("alice");
  EXPECT_EQ(call("GET", "/v1/accounts/" + a.id, {}, "bearer " + a.token).status,
            200);
  EXPECT_EQ(call("GET", "/v1/accounts/" + a.id, {}, "BEARER " + a.token).status,
            200);
}

// --- errors -----------------------------------------------------------------

TEST_F(notes_service_test, unknown_paths_are_404_whatever_the_method) {
  for (auto target : {"/", "/v1", "/v2/accounts", "/v1/accounts/a1/notes/n1/x",
                      "/v1/accounts/bad id", "/v1/sessions/other", "healthz"}) {
    expect_error(call("GET", target), 404);
    expect_error(call("PATCH", target), 404);
  }
}

TEST_F(notes_service_test, wrong_method_on_a_known_path_is_405_before_401) {
  auto a = sign_up("alice");
  expect_error(call("PATCH", "/v1/accounts/" + a.id, {}, bearer(a.token)), 405);
  expect_error(call("PATCH", "/v1/accounts/" + a.id), 405);
  expect_error(call("DELETE", "/v1/accounts/" + a.id), 405);
  expect_error(call("GET", "/v1/accounts"), 405);
  expect_error(call("GET", "/v1/sessions"), 405);
  expect_error(call("GET", "/v1/sessions/current"), 405);
  expect_error(call("PUT", "/v1/accounts/" + a.id + "/notes"), 405);
  expect_error(call("POST", "/v1/accounts/" + a.id + "/notes/n1"), 405);
  expect_error(call("HEAD", "/healthz"), 405);
}

TEST_F(notes_service_test, missing_unknown_or_malformed_token_is_401) {
  auto a = sign_up("alice");
  auto target = "/v1/accounts/" + a.id;
  expect_error(call("GET", target), 401);
  expect_error(call("GET", target, {}, bearer("0123456789abcdef")), 401);
  expect_error(call("GET", target, {}, "Basic " + a.token), 401);
  expect_error(call("GET", target, {}, "Bearer"), 401);
  expect_error(call("GET", target, {}, "Bearer    "), 401);
  expect_error(call("GET", target, {}, a.token), 401);
  expect_error(call("DELETE", "/v1/sessions/current"), 401);
}

TEST_F(notes_service_test, bad_json_without_token_is_401) {
  auto a = sign_up("alice");
  expect_error(call("POST", "/v1/accounts/" + a.id + "/notes", "{not json"),
               401);
  expect_error(call("PUT", "/v1/accounts/" + a.id, "{not json"), 401);
}

TEST_F(notes_service_test, unknown_account_is_404_before_403_and_400) {
  auto a = sign_up("alice");
  expect_error(call("GET", "/v1/accounts/zzz", {}, bearer(a.token)), 404);
  expect_error(call("PUT", "/v1/accounts/zzz", "{not json", bearer(a.token)),
               404);
  expect_error(call("POST", "/v1/accounts/zzz/notes", "{not json",
                    bearer(a.token)),
               404);
  expect_error(call("GET", "/v1/accounts/zzz/notes/n1", {}, bearer(a.token)),
               404);
}

TEST_F(notes_service_test, another_accounts_token_is_403_before_400) {
  auto a = sign_up("alice");
  auto b = sign_up("bob");
  auto nid = create_note(b, "bob's");
  auto b_notes = "/v1/accounts/" + b.id + "/notes";
  expect_error(call("GET", "/v1/accounts/" + b.id, {}, bearer(a.token)), 403);
  expect_error(call("PUT", "/v1/accounts/" + b.id, "{not json",
                    bearer(a.token)),
               403);
  expect_error(call("GET", b_notes, {}, bearer(a.token)), 403);
  expect_error(call("POST", b_notes, "{not json", bearer(a.token)), 403);
  expect_error(call("GET", b_notes + "/" + nid, {}, bearer(a.token)), 403);
  expect_error(call("PUT", b_notes + "/" + nid, note_body("x"),
                    bearer(a.token)),
               403);
  expect_error(call("DELETE", b_notes + "/" + nid, {}, bearer(a.token)), 403);
  expect_error(call("GET", b_notes + "/n999", {}, bearer(a.token)), 403);
  auto still = call("GET", b_notes + "/" + nid, {}, bearer(b.token));
  EXPECT_EQ(json::parse(still.body).at("content"), "bob's");
}

TEST_F(notes_service_test, note_of_another_account_is_404) {
  auto a = sign_up("alice");
  auto b = sign_up("bob");
  auto nid = create_note(b, "bob's");
  auto a_note = "/v1/accounts/" + a.id + "/notes/" + nid;
  expect_error(call("GET", a_note, {}, bearer(a.token)), 404);
  expect_error(call("PUT", a_note, note_body("x"), bearer(a.token)), 404);
  expect_error(call("DELETE", a_note, {}, bearer(a.token)), 404);
}

TEST_F(notes_service_test, bad_body_is_400_before_404_note) {
  auto a = sign_up("alice");
  auto missing = "/v1/accounts/" + a.id + "/notes/n999";
  expect_error(call("PUT", missing, "{not json", bearer(a.token)), 400);
  expect_error(call("PUT", missing, note_body("x"), bearer(a.token)), 404);
}

TEST_F(notes_service_test, malformed_bodies_are_400) {
  auto a = sign_up("alice");
  auto notes = "/v1/accounts/" + a.id + "/notes";
  auto tok = bearer(a.token);
  expect_error(call("POST", notes, "", tok), 400);
  expect_error(call("POST", notes, "[]", tok), 400);
  expect_error(call("POST", notes, R"({"text": "x"})", tok), 400);
  expect_error(call("POST", notes, R"({"content": 5})", tok), 400);
  expect_error(call("POST", notes, "{\"content\": \"\xff\xfe\"}", tok), 400);
  expect_error(call("POST", notes, "{\"content\": \"\xc3\"}", tok), 400);
  expect_error(call("PUT", "/v1/accounts/" + a.id, R"({"name": ""})", tok),
               400);
  expect_error(call("PUT", "/v1/accounts/" + a.id, R"({"name": null})", tok),
               400);
  expect_error(call("POST", "/v1/accounts", R"({"name": "x"})"), 400);
  expect_error(call("POST", "/v1/accounts", R"({"name": "", "password": "p"})"),
               400);
  expect_error(call("POST", "/v1/accounts",
                    "{\"name\": \"\xed\xa0\x80\", \"password\": \"p\"}"),
               400);
  expect_error(call("POST", "/v1/sessions", R"({"password": "p"})"), 400);
  expect_error(call("POST", "/v1/sessions", "nope"), 400);
  EXPECT_EQ(json::parse(call("GET", "/v1/accounts/" + a.id, {}, tok).body)
              .at("note_count"),
            0)
    << "a 4xx takes no effect";
}

TEST_F(notes_service_test, log_in_with_wrong_password_or_unknown_name_is_401) {
  sign_up("alice", "secret");
  expect_error(call("POST", "/v1/sessions",
                    R"({"name": "alice", "password": "wrong"})"),
               401);
  expect_error(call("POST", "/v1/sessions",
                    R"({"name": "nobody", "password": "secret"})"),
               401);
}

TEST_F(notes_service_test, taken_names_are_409) {
  auto a = sign_up("alice");
  sign_up("bob");
  expect_error(call("POST", "/v1/accounts",
                    R"({"name": "alice", "password": "other"})"),
               409);
  expect_error(call("PUT", "/v1/accounts/" + a.id, R"({"name": "bob"})",
                    bearer(a.token)),
               409);
  auto info = call("GET", "/v1/accounts/" + a.id, {}, bearer(a.token));
  EXPECT_EQ(json::parse(info.body).at("name"), "alice");
}

TEST_F(notes_service_test, revoked_token_is_401_everywhere) {
  auto a = sign_up("alice");
  auto nid = create_note(a, "x");
  ASSERT_EQ(call("DELETE", "/v1/sessions/current", {}, bearer(a.token)).status,
            204);
  auto notes = "/v1/accounts/" + a.id + "/notes";
  expect_error(call("GET", "/v1/accounts/" + a.id, {}, bearer(a.token)), 401);
  expect_error(call("GET", notes, {}, bearer(a.token)), 401);
  expect_error(call("POST", notes, note_body("y"), bearer(a.token)), 401);
  expect_error(call("GET", notes + "/" + nid, {}, bearer(a.token)), 401);
  expect_error(call("DELETE", notes + "/" + nid, {}, bearer(a.token)), 401);
}

// --- storage failures -------------------------------------------------------

// A store whose every operation fails, as a broken disk would make it.
class failing_store final : public store {
public:
  store_result<std::string> create_account(std::string_view,
                                           std::string) override {
    return store_error::failed;
  }
  store_result<login_record> find_login(std::string_view) override {
    return store_error::failed;
  }
  store_result<protocol::account_info>
  find_account(std::string_view) override {
    return store_error::failed;
  }
  store_result<protocol::account_info>
  rename_account(std::string_view, std::string_view) override {
    return store_error::failed;
  }
  std::string shard_of(std::string_view) const override {
    return "shard-0";
  }
  store_result<done> add_token(std::string, std::string_view) override {
    return store_error::failed;
  }
  store_result<std::string> token_account(std::string_view) override {
    return store_error::failed;
  }
  store_result<std::string> revoke_token(std::string_view) override {
    return store_error::failed;
  }
  store_result<protocol::note> create_note(std::string_view,
                                           std::string) override {
    return store_error::failed;
  }
  store_result<protocol::note> find_note(std::string_view,
                                         std::string_view) override {
    return store_error::failed;
  }
  store_result<protocol::note> update_note(std::string_view, std::string_view,
                                           std::string) override {
    return store_error::failed;
  }
  store_result<done> delete_note(std::string_view,
                                 std::string_view) override {
    return store_error::failed;
  }
  store_result<protocol::note_list>
  list_notes(std::string_view) override {
    return store_error::failed;
  }
  std::size_t shard_count() const noexcept override {
    return 1;
  }
  void set_accepting(std::size_t, bool) override {
  }
  store_result<std::vector<shard_usage>> usage() override {
    return store_error::failed;
  }
  store_result<std::vector<std::string>> accounts_on(std::size_t,
                                                     std::size_t) override {
    return store_error::failed;
  }
  store_result<done> move_account(std::string_view, std::size_t) override {
    return store_error::failed;
  }
  store_result<done> replace_notes(std::string_view,
                                   const protocol::note_list&) override {
    return store_error::failed;
  }
};

TEST(notes_service_failures, a_failing_store_is_500_not_401_or_404) {
  failing_store broken;
  notes_service service{broken};
  auto call = [&service](std::string method, std::string target,
                         std::string body = {}, std::string auth = {}) {
    return service.handle(server_request{std::move(method), std::move(target),
                                         std::move(auth), std::move(body)});
  };
  auto creds = R"({"name": "alice", "password": "pw"})";
  auto tok = bearer("0123456789abcdef0123456789abcdef");
  std::vector<server_response> answers{
    call("POST", "/v1/accounts", creds),
    call("POST", "/v1/sessions", creds),
    call("DELETE", "/v1/sessions/current", {}, tok),
    call("GET", "/v1/accounts/a1", {}, tok),
    call("POST", "/v1/accounts/a1/notes", note_body("x"), tok),
    call("GET", "/v1/accounts/a1/notes/n1", {}, tok),
  };
  for (const auto& res : answers) {
    EXPECT_EQ(res.status, 500) << res.body;
    auto j = json::parse(res.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << res.body;
    EXPECT_TRUE(j.contains("error")) << res.body;
    EXPECT_TRUE(res.shard.empty());
  }
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  EXPECT_EQ(call("GET", "/v1/accounts/a1").status, 401)
    << "a missing token needs no storage";
}

} // namespace
} // namespace throng::server
