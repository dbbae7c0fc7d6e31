// Tests of the cookie shape over HTTP, end to end: sign-up and log-in with
// session cookies, /me, notes, pages of ids, delete statuses, refusals, and
// the SQLite store across a restart, the live migrator moving accounts
// while the shape serves and its stale-after-cutover bug seen through it.

#include "server/cookie_notes_service.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/server/cookie_shape.hpp"
#include "tests/temp_dir.hpp"

namespace throng::server {
namespace {

using namespace std::chrono_literals;
using http::method;
using json = nlohmann::json;
using test::cookie_shape;
using testing::temp_dir;

TEST(cookie_shape_test, signs_up_with_a_session_cookie_and_refuses_a_taken_name) {
  cookie_shape s;
  auto r = s.send(method::post, "/users", R"({"username":"ada","secret":"pw"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = cookie_shape::body(r);
  ASSERT_TRUE(j["id"].is_number_unsigned()) << r.body;
  EXPECT_EQ(j.size(), 1u) << r.body;
  EXPECT_EQ(r.session.rfind("a", 0), 0u) << r.session;
  EXPECT_EQ(r.shard.rfind("shard-", 0), 0u) << r.shard;
  auto taken = s.send(method::post, "/users", R"({"username":"ada","secret":"other"})");
  EXPECT_EQ(taken.status, 422) << taken.body;
  EXPECT_TRUE(cookie_shape::body(taken).contains("error"));
}

TEST(cookie_shape_test, a_bad_sign_up_body_names_the_field) {
  cookie_shape s;
  auto r = s.send(method::post, "/users", R"({"name":"ada","secret":"pw"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("username"), std::string::npos) << r.body;
  EXPECT_EQ(s.send(method::post, "/users", "not json").status, 400);
}

TEST(cookie_shape_test, logs_in_reads_me_and_logs_out) {
  cookie_shape s;
  auto a = s.sign_up("bo");
  auto r = s.send(method::post, "/session", R"({"username":"bo","secret":"pw"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(cookie_shape::body(r), (json{{"user", {{"id", a.id}}}}));
  ASSERT_FALSE(r.session.empty());
  EXPECT_NE(r.session, a.sid);
  auto me = s.send(method::get, "/me", {}, r.session);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(cookie_shape::body(me), (json{{"id", a.id}, {"username", "bo"}}));
  EXPECT_EQ(s.send(method::post, "/session", R"({"username":"bo","secret":"no"})").status, 401);
  auto out = s.send(method::del, "/session", {}, r.session);
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(s.send(method::get, "/me", {}, r.session).status, 401);
  EXPECT_EQ(s.send(method::get, "/me", {}, a.sid).status, 200);
}

TEST(cookie_shape_test, me_cannot_be_renamed) {
  cookie_shape s;
  auto a = s.sign_up("cy");
  for (auto verb : {method::put, method::patch}) {
    auto r = s.send(verb, "/me", R"({"username":"dee"})", a.sid);
    EXPECT_EQ(r.status, 405) << r.body;
  }
}

TEST(cookie_shape_test, creates_reads_updates_and_deletes_notes) {
  cookie_shape s;
  auto a = s.sign_up("di");
  auto n = s.create_note(a, "first");
  ASSERT_NE(n, 0u);
  auto read = s.send(method::get, cookie_shape::note_path(n), {}, a.sid);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(cookie_shape::body(read), (json{{"note", {{"id", n}, {"body", "first"}}}}));
  auto patched = s.send(method::patch, cookie_shape::note_path(n), R"({"body":"second"})", a.sid);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(cookie_shape::body(patched)["note"]["body"], "second");
  EXPECT_EQ(cookie_shape::body(s.send(method::get, cookie_shape::note_path(n), {}, a.sid)),
            (json{{"note", {{"id", n}, {"body", "second"}}}}));
  EXPECT_EQ(s.send(method::patch, cookie_shape::note_path(n), R"({"text":"x"})", a.sid).status,
            400);
}

TEST(cookie_shape_test, deleting_an_odd_note_is_a_200_and_an_even_one_a_204) {
  cookie_shape s;
  auto a = s.sign_up("ed");
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(s.create_note(a, "note " + std::to_string(i)));
  for (auto n : ids) {
    auto r = s.send(method::del, cookie_shape::note_path(n), {}, a.sid);
    EXPECT_EQ(r.status, n % 2 == 1 ? 200 : 204) << n;
    EXPECT_EQ(s.send(method::get, cookie_shape::note_path(n), {}, a.sid).status, 404) << n;
    EXPECT_EQ(s.send(method::del, cookie_shape::note_path(n), {}, a.sid).status, 404) << n;
  }
}

// Walks the list from the start, `limit` (none when 0) at a time, and
// returns the ids and the number of pages.
std::pair<std::vector<std::uint64_t>, int> walk(const cookie_shape& s, const std::string& sid,
                                                int limit) {
  std::vector<std::uint64_t> ids;
  std::string after;
  for (int page = 1; page <= 100; ++page) {
    std::string target = "/notes";
    if (!after.empty())
      target += "?after=" + after;
    if (limit > 0)
      target += (after.empty() ? "?limit=" : "&limit=") + std::to_string(limit);
    auto r = s.send(method::get, target, {}, sid);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = cookie_shape::body(r);
    if (!j.is_object() || !j["items"].is_array())
      break;
    for (const auto& item : j["items"]) {
      EXPECT_EQ(item.size(), 1u) << item.dump(); // ids only
      ids.push_back(item["id"].get<std::uint64_t>());
    }
    if (j["next"].is_null())
      return {ids, page};
    EXPECT_EQ(j["next"], ids.back());
    after = std::to_string(j["next"].get<std::uint64_t>());
  }
  return {ids, -1};
}

TEST(cookie_shape_test, lists_ids_in_pages_to_the_end) {
  cookie_shape s;
  auto a = s.sign_up("fa");
  auto other = s.sign_up("gi");
  std::vector<std::uint64_t> mine;
  for (int i = 0; i < 27; ++i) {
    mine.push_back(s.create_note(a, "n" + std::to_string(i)));
    if (i % 5 == 0)
      s.create_note(other, "not fa's");
  }
  auto [by_default, pages] = walk(s, a.sid, 0);
  EXPECT_EQ(by_default, mine);
  EXPECT_EQ(pages, 3); // 10, 10, 7
  auto [capped, capped_pages] = walk(s, a.sid, 100);
  EXPECT_EQ(capped, mine);
  EXPECT_EQ(capped_pages, 2); // 25, 2
  auto [by_four, four_pages] = walk(s, a.sid, 4);
  EXPECT_EQ(by_four, mine);
  EXPECT_EQ(four_pages, 7);
  auto empty = s.send(method::get, "/notes?after=" + std::to_string(mine.back()), {}, a.sid);
  EXPECT_EQ(cookie_shape::body(empty), (json{{"items", json::array()}, {"next", nullptr}}));
  EXPECT_EQ(s.send(method::get, "/notes?limit=0", {}, a.sid).status, 400);
  EXPECT_EQ(s.send(method::get, "/notes?after=x", {}, a.sid).status, 400);
}

TEST(cookie_shape_test, no_session_or_a_forged_one_is_a_401) {
  cookie_shape s;
  auto a = s.sign_up("ha");
  auto b = s.sign_up("io");
  auto n = s.create_note(a, "a's");
  for (const char* target : {"/me", "/notes", "/notes/1"})
    EXPECT_EQ(s.send(method::get, target).status, 401) << target;
  EXPECT_EQ(s.send(method::post, "/notes", R"({"body":"x"})").status, 401);
  EXPECT_EQ(s.send(method::del, "/session").status, 401);
  // b's token under a's account id: the inner service refuses the pair.
  auto forged = a.sid.substr(0, a.sid.find('.')) + b.sid.substr(b.sid.find('.'));
  EXPECT_EQ(s.send(method::get, "/me", {}, forged).status, 401);
  EXPECT_EQ(s.send(method::get, cookie_shape::note_path(n), {}, forged).status, 401);
  EXPECT_EQ(s.send(method::post, "/notes", R"({"body":"x"})", forged).status, 401);
  EXPECT_EQ(s.send(method::get, "/notes", {}, forged).status, 401);
  for (const char* junk : {"garbage", "a1.", "zz.token", "a999999.0123"})
    EXPECT_EQ(s.send(method::get, "/me", {}, junk).status, 401) << junk;
}

TEST(cookie_shape_test, another_accounts_note_is_a_404_and_stays_as_it_was) {
  cookie_shape s;
  auto a = s.sign_up("jo");
  auto b = s.sign_up("ka");
  auto n = s.create_note(a, "a's own");
  auto path = cookie_shape::note_path(n);
  EXPECT_EQ(s.send(method::get, path, {}, b.sid).status, 404);
  EXPECT_EQ(s.send(method::patch, path, R"({"body":"b was here"})", b.sid).status, 404);
  EXPECT_EQ(s.send(method::del, path, {}, b.sid).status, 404);
  EXPECT_EQ(cookie_shape::body(s.send(method::get, path, {}, a.sid))["note"]["body"], "a's own");
  EXPECT_EQ(s.send(method::get, "/notes/999999", {}, a.sid).status, 404);
  EXPECT_EQ(s.send(method::get, "/notes/0" + std::to_string(n), {}, a.sid).status, 404);
}

TEST(cookie_shape_test, paths_and_methods_it_does_not_take) {
  cookie_shape s;
  EXPECT_EQ(s.send(method::get, "/v1/accounts").status, 404);
  EXPECT_EQ(s.send(method::get, "/nowhere").status, 404);
  auto r = s.send(method::put, "/notes");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(s.send(method::get, "/users").status, 405);
  EXPECT_EQ(s.send(method::get, "/healthz").status, 200);
}

// Waits (bounded: 30 s) for migration `id` to stop running, reading every
// account's notes meanwhile; returns the final state.
migration_status::state serve_while_moving(const cookie_shape& s, const std::string& id,
                                           const std::vector<cookie_shape::account>& accounts) {
  for (int i = 0; i < 3000; ++i) {
    auto st = s.server->migrations().status(id);
    if (!st || st->now != migration_status::state::running)
      return st ? st->now : migration_status::state::failed;
    for (const auto& a : accounts)
      EXPECT_EQ(s.send(method::get, "/notes", {}, a.sid).status, 200);
    std::this_thread::sleep_for(10ms);
  }
  return migration_status::state::running;
}

TEST(cookie_shape_test, the_migrator_moves_accounts_while_the_shape_serves) {
  service_options opts;
  opts.shards = 2;
  cookie_shape s{opts};
  std::vector<cookie_shape::account> accounts;
  std::vector<std::uint64_t> notes;
  for (int i = 0; i < 8; ++i) {
    accounts.push_back(s.sign_up("mover" + std::to_string(i)));
    notes.push_back(s.create_note(accounts.back(), "kept " + std::to_string(i)));
  }
  migration_request req;
  req.from = 0;
  req.to = 1;
  req.rate = 200;
  auto started = s.server->migrations().start(req);
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(serve_while_moving(s, started->id, accounts), migration_status::state::done);
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    auto r = s.send(method::get, cookie_shape::note_path(notes[i]), {}, accounts[i].sid);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.shard, "shard-1") << i;
    EXPECT_EQ(cookie_shape::body(r)["note"]["body"], "kept " + std::to_string(i));
  }
  auto usage = s.server->usage();
  ASSERT_TRUE(usage);
  EXPECT_EQ((*usage)[0].accounts, 0u);
  EXPECT_EQ((*usage)[1].accounts, 8u);
}

TEST(cookie_shape_test, a_migration_bug_shows_through_the_shape) {
  service_options opts;
  opts.shards = 2;
  opts.bug = migration_bug::stale_after_cutover;
  opts.bug_windows.stale = std::chrono::minutes{10}; // outlasts the test
  cookie_shape s{opts};
  std::vector<cookie_shape::account> accounts;
  std::vector<std::uint64_t> notes;
  for (int i = 0; i < 4; ++i) {
    accounts.push_back(s.sign_up("stale" + std::to_string(i)));
    notes.push_back(s.create_note(accounts.back(), "before"));
  }
  auto started = s.server->migrations().start(migration_request{0, 1, std::nullopt, 200});
  ASSERT_TRUE(started) << started.error().message;
  ASSERT_EQ(serve_while_moving(s, started->id, accounts), migration_status::state::done);
  int stale = 0;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    auto path = cookie_shape::note_path(notes[i]);
    ASSERT_EQ(s.send(method::patch, path, R"({"body":"after"})", accounts[i].sid).status, 200);
    auto read = s.send(method::get, path, {}, accounts[i].sid);
    stale += cookie_shape::body(read)["note"]["body"] == "before" ? 1 : 0;
  }
  EXPECT_EQ(static_cast<std::uint64_t>(stale), s.server->migrations().status(started->id)->moved);
  EXPECT_GT(stale, 0);
}

TEST(cookie_shape_test, serves_from_sqlite_across_a_restart) {
  temp_dir dir;
  service_options opts;
  opts.store = "sqlite:" + (dir / "store");
  std::uint64_t n = 0;
  {
    cookie_shape s{opts};
    auto a = s.sign_up("kept");
    n = s.create_note(a, "durable");
  }
  cookie_shape s{opts};
  auto r = s.send(method::post, "/session", R"({"username":"kept","secret":"pw"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto read = s.send(method::get, cookie_shape::note_path(n), {}, r.session);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(cookie_shape::body(read)["note"]["body"], "durable");
  auto other = s.sign_up("newcomer");
  EXPECT_EQ(s.send(method::get, cookie_shape::note_path(n), {}, other.sid).status, 404);
  auto list = s.send(method::get, "/notes", {}, r.session);
  EXPECT_EQ(cookie_shape::body(list)["items"], (json::array({json{{"id", n}}})));
}

} // namespace
} // namespace throng::server
