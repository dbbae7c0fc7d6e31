// The faults of --fault: parsing, and what each one does to the service.

#include "server/fault_injector.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/memory_store.hpp"
#include "server/notes_service.hpp"

namespace throng::server {
namespace {

using json = nlohmann::json;
using http::server_request;
using http::server_response;

TEST(parse_fault, reads_kinds_probabilities_and_delays) {
  auto f = parse_fault("stale_read:0.25");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, fault_kind::stale_read);
  EXPECT_DOUBLE_EQ(f->probability, 0.25);
  auto l = parse_fault("latency:50");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->kind, fault_kind::latency);
  EXPECT_EQ(l->delay.count(), 50);
  EXPECT_DOUBLE_EQ(l->probability, 1);
  auto lp = parse_fault("latency:5:0.5");
  ASSERT_TRUE(lp);
  EXPECT_DOUBLE_EQ(lp->probability, 0.5);
  for (auto k : {"lost_update", "lost_note", "phantom_note", "resurrect",
                 "corrupt", "cross_account", "error503", "ambiguous", "reset"})
    EXPECT_TRUE(parse_fault(std::string{k} + ":1")) << k;
}

TEST(parse_fault, names_what_is_wrong) {
  auto message = [](std::string_view text) {
    auto f = parse_fault(text);
    EXPECT_FALSE(f) << text;
    return f ? std::string{} : f.error().message;
  };
  EXPECT_NE(message("stale_read").find("KIND:P"), std::string::npos);
  EXPECT_NE(message("slow:0.1").find("unknown fault 'slow'"), std::string::npos);
  EXPECT_NE(message("slow:0.1").find("cross_account"), std::string::npos);
  EXPECT_NE(message("corrupt:1.5").find("from 0 to 1"), std::string::npos);
  EXPECT_NE(message("corrupt:x").find("'x'"), std::string::npos);
  EXPECT_NE(message("latency:-1").find("milliseconds"), std::string::npos);
  EXPECT_NE(message("latency:5:2").find("from 0 to 1"), std::string::npos);
}

TEST(fault_injector, fires_at_about_its_probability_and_counts) {
  fault_injector f{{{fault_kind::error503, 0.3, {}}}, 42};
  int fired = 0;
  for (int i = 0; i < 10'000; ++i)
    fired += f.fires(fault_kind::error503) ? 1 : 0;
  EXPECT_GT(fired, 2'700);
  EXPECT_LT(fired, 3'300);
  EXPECT_FALSE(f.fires(fault_kind::reset));
  auto counts = f.counts();
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].spec.kind, fault_kind::error503);
  EXPECT_EQ(counts[0].injected, static_cast<std::uint64_t>(fired));
}

TEST(fault_injector, faults_switch_on_and_off_while_it_runs) {
  fault_injector f{{}, 42};
  EXPECT_FALSE(f.fires(fault_kind::error503));
  EXPECT_TRUE(f.counts().empty());
  f.set({fault_kind::error503, 1, {}});
  f.set({fault_kind::latency, 0.5, std::chrono::milliseconds{40}});
  EXPECT_TRUE(f.armed(fault_kind::error503));
  EXPECT_TRUE(f.fires(fault_kind::error503));
  EXPECT_EQ(f.delay().count(), 40);
  auto s = f.settings();
  ASSERT_EQ(s.size(), fault_kind_count);
  for (std::size_t i = 0; i < fault_kind_count; ++i)
    EXPECT_EQ(s[i].kind, static_cast<fault_kind>(i));
  EXPECT_EQ(s[static_cast<std::size_t>(fault_kind::error503)].probability, 1);
  EXPECT_EQ(s[static_cast<std::size_t>(fault_kind::latency)].probability, 0.5);
  EXPECT_EQ(s[static_cast<std::size_t>(fault_kind::latency)].delay.count(), 40);
  EXPECT_EQ(s[static_cast<std::size_t>(fault_kind::reset)].probability, 0);
  f.set({fault_kind::error503, 0, {}});
  EXPECT_FALSE(f.armed(fault_kind::error503));
  for (int i = 0; i < 100; ++i)
    EXPECT_FALSE(f.fires(fault_kind::error503));
  // Off, but it fired once: the admin API still counts it.
  auto counts = f.counts();
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[1].spec.kind, fault_kind::error503);
  EXPECT_EQ(counts[1].injected, 1u);
}

TEST(fault_injector, switched_off_it_forgets_the_harm_it_prepared) {
  fault_injector f{{{fault_kind::stale_read, 1, {}}, {fault_kind::lost_update, 1, {}}}, 42};
  f.updated("n1", "before");
  f.undo_later("n2", "a1", "before");
  f.set({fault_kind::stale_read, 0, {}});
  f.set({fault_kind::lost_update, 0, {}});
  EXPECT_FALSE(f.unread_previous("n1"));
  EXPECT_FALSE(f.take_undo("n2"));
}

// Several I/O threads draw while another switches the fault: every draw is
// an answer of one setting or the other (TSan checks that none races).
TEST(fault_injector, switches_while_threads_draw) {
  fault_injector f{{}, 42};
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> fired{0};
  std::vector<std::thread> drawers;
  for (int t = 0; t < 3; ++t)
    drawers.emplace_back([&] {
      while (!done.load())
        fired += f.fires(fault_kind::error503) ? 1 : 0;
    });
  for (int i = 0; i < 2000; ++i)
    f.set({fault_kind::error503, i % 2 == 0 ? 1.0 : 0.0, {}});
  f.set({fault_kind::error503, 1, {}});
  while (fired.load() == 0)
    std::this_thread::yield();
  done = true;
  for (auto& d : drawers)
    d.join();
  EXPECT_EQ(f.counts()[0].injected, fired.load());
}

// A service with one fault that always fires.
class faulty_service : public ::testing::Test {
protected:
  void arm(fault_kind k) {
    faults = std::make_unique<fault_injector>(
      std::vector<fault_spec>{{k, 1.0, std::chrono::milliseconds{1}}}, 7);
    service = std::make_unique<notes_service>(store, faults.get());
  }

  server_response call(std::string method, std::string target,
                       std::string body = {}, std::string token = {}) {
    return service->handle(server_request{std::move(method),
                                          std::move(target),
                                          token.empty() ? "" : "Bearer " + token,
                                          std::move(body)});
  }

  // Signs up through the store, so that no fault gets in the way.
  std::pair<std::string, std::string> account(const std::string& name) {
    auto aid = *store.create_account(name, "salt:hash");
    std::string token = name + "-token";
    store.add_token(token, aid);
    return {aid, token};
  }

  static std::string content(const server_response& r) {
    return json::parse(r.body).at("content").get<std::string>();
  }

  // Arms `k`, then updates a note of "u" from "a" to "b" and reads it twice;
  // returns the note's account and id and the two contents read.
  std::tuple<std::string, std::string, std::vector<std::string>>
  update_then_read_twice(fault_kind k) {
    arm(k);
    auto [aid, token] = account("u");
    auto nid = store.create_note(aid, "a")->id;
    auto path = "/v1/accounts/" + aid + "/notes/" + nid;
    EXPECT_EQ(call("PUT", path, R"({"content":"b"})", token).status, 200);
    std::vector<std::string> reads;
    for (int i = 0; i < 2; ++i)
      reads.push_back(content(call("GET", path, {}, token)));
    return {aid, nid, reads};
  }

  struct posted {
    std::string aid;
    std::string token;
    server_response response;
  };

  // Arms `k`, then creates a note "x" of account "u" through the service.
  posted post_note(fault_kind k) {
    arm(k);
    auto [aid, token] = account("u");
    auto r = call("POST", "/v1/accounts/" + aid + "/notes", R"({"content":"x"})",
                  token);
    return {aid, token, std::move(r)};
  }

  memory_store store{2};
  std::unique_ptr<fault_injector> faults;
  std::unique_ptr<notes_service> service;
};

TEST_F(faulty_service, stale_read_serves_the_previous_content_once) {
  auto [aid, nid, reads] = update_then_read_twice(fault_kind::stale_read);
  EXPECT_EQ(reads, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(store.find_note(aid, nid)->content, "b");
}

TEST_F(faulty_service, lost_update_is_shown_once_then_undone) {
  auto reads = std::get<2>(update_then_read_twice(fault_kind::lost_update));
  EXPECT_EQ(reads, (std::vector<std::string>{"b", "a"}));
}

TEST_F(faulty_service, lost_note_is_acknowledged_then_gone) {
  auto [aid, token, r] = post_note(fault_kind::lost_note);
  EXPECT_EQ(r.status, 201);
  auto nid = json::parse(r.body).at("id").get<std::string>();
  EXPECT_FALSE(store.find_note(aid, nid));
}

TEST_F(faulty_service, phantom_note_appears_in_lists) {
  arm(fault_kind::phantom_note);
  auto [aid, token] = account("u");
  auto r = call("GET", "/v1/accounts/" + aid + "/notes", {}, token);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("notes").size(), 1u);
  EXPECT_TRUE(store.list_notes(aid)->notes.empty());
}

TEST_F(faulty_service, resurrect_acknowledges_a_delete_it_does_not_do) {
  arm(fault_kind::resurrect);
  auto [aid, token] = account("u");
  auto nid = store.create_note(aid, "a")->id;
  auto path = "/v1/accounts/" + aid + "/notes/" + nid;
  EXPECT_EQ(call("DELETE", path, {}, token).status, 204);
  EXPECT_EQ(call("GET", path, {}, token).status, 200);
}

TEST_F(faulty_service, corrupt_changes_what_is_served_not_what_is_stored) {
  arm(fault_kind::corrupt);
  auto [aid, token] = account("u");
  auto nid = store.create_note(aid, "abc")->id;
  auto r = call("GET", "/v1/accounts/" + aid + "/notes/" + nid, {}, token);
  EXPECT_NE(content(r), "abc");
  EXPECT_EQ(store.find_note(aid, nid)->content, "abc");
}

TEST_F(faulty_service, cross_account_lets_a_stranger_read) {
  arm(fault_kind::cross_account);
  auto [aid, token] = account("owner");
  auto [other, other_token] = account("stranger");
  auto nid = store.create_note(aid, "secret")->id;
  auto r = call("GET", "/v1/accounts/" + aid + "/notes/" + nid, {},
                other_token);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(content(r), "secret");
}

TEST_F(faulty_service, error503_answers_without_applying) {
  auto [aid, token, r] = post_note(fault_kind::error503);
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(store.list_notes(aid)->notes.empty());
}

TEST_F(faulty_service, ambiguous_applies_the_write_and_drops_the_answer) {
  auto [aid, token, r] = post_note(fault_kind::ambiguous);
  EXPECT_TRUE(r.drop);
  EXPECT_EQ(store.list_notes(aid)->notes.size(), 1u);
  EXPECT_FALSE(call("GET", "/v1/accounts/" + aid, {}, token).drop);
}

TEST_F(faulty_service, reset_drops_without_applying) {
  auto [aid, token, r] = post_note(fault_kind::reset);
  EXPECT_TRUE(r.drop);
  EXPECT_TRUE(store.list_notes(aid)->notes.empty());
}

TEST_F(faulty_service, latency_still_answers_and_healthz_is_spared) {
  arm(fault_kind::latency);
  auto [aid, token] = account("u");
  EXPECT_EQ(call("GET", "/v1/accounts/" + aid, {}, token).status, 200);
  arm(fault_kind::reset);
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  EXPECT_EQ(faults->counts()[0].injected, 0u);
}

} // namespace
} // namespace throng::server
