// The faults of --fault: parsing, and what each one does to the service.

#include "server/fault_injector.hpp"

#include <string>
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

// A service with one fault that always fires, and account "u".
class faulty_service : public ::testing::Test {
protected:
  void SetUp() override {
    std::tie(aid, token) = account("u");
  }

  void arm(fault_kind k) {
    faults = std::make_unique<fault_injector>(
      std::vector<fault_spec>{{k, 1.0, std::chrono::milliseconds{1}}}, 7);
    service = std::make_unique<notes_service>(store, faults.get());
  }

  server_response call(std::string method, std::string target,
                       std::string body = {}, std::string bearer = {}) {
    return service->handle(server_request{std::move(method),
                                          std::move(target),
                                          bearer.empty() ? "" : "Bearer " + bearer,
                                          std::move(body)});
  }

  // Signs up through the store, so that no fault gets in the way.
  std::pair<std::string, std::string> account(const std::string& name) {
    auto id = *store.create_account(name, "salt:hash");
    std::string session = name + "-token";
    store.add_token(session, id);
    return {id, session};
  }

  // Gives "u" a note holding `text` through the store; returns its id.
  std::string note(const std::string& text) {
    return store.create_note(aid, text)->id;
  }

  std::string note_path(const std::string& nid) const {
    return "/v1/accounts/" + aid + "/notes/" + nid;
  }

  // What the service serves "u" for note `nid`.
  std::string read(const std::string& nid) {
    return content(call("GET", note_path(nid), {}, token));
  }

  // Asks the service for a new note "x" of "u".
  server_response post_note() {
    return call("POST", "/v1/accounts/" + aid + "/notes", R"({"content":"x"})", token);
  }

  static std::string content(const server_response& r) {
    return json::parse(r.body).at("content").get<std::string>();
  }

  memory_store store{2};
  std::unique_ptr<fault_injector> faults;
  std::unique_ptr<notes_service> service;
  std::string aid, token; // of "u"
};

// Both show a write of "b" over "a" once: stale_read serves the previous
// content first, lost_update serves the write first and then undoes it.
TEST_F(faulty_service, stale_read_and_lost_update_show_a_write_once) {
  struct {
    fault_kind kind;
    const char* first_read;
    const char* second_read;
    const char* stored;
  } cases[] = {
    {fault_kind::stale_read, "a", "b", "b"},
    {fault_kind::lost_update, "b", "a", "a"},
  };
  for (auto [kind, first_read, second_read, stored] : cases) {
    SCOPED_TRACE(to_string(kind));
    arm(kind);
    auto nid = note("a");
    EXPECT_EQ(call("PUT", note_path(nid), R"({"content":"b"})", token).status, 200);
    EXPECT_EQ(read(nid), first_read);
    EXPECT_EQ(read(nid), second_read);
    EXPECT_EQ(store.find_note(aid, nid)->content, stored);
  }
}

TEST_F(faulty_service, lost_note_is_acknowledged_then_gone) {
  arm(fault_kind::lost_note);
  auto r = post_note();
  EXPECT_EQ(r.status, 201);
  auto nid = json::parse(r.body).at("id").get<std::string>();
  EXPECT_FALSE(store.find_note(aid, nid));
}

TEST_F(faulty_service, phantom_note_appears_in_lists) {
  arm(fault_kind::phantom_note);
  auto r = call("GET", "/v1/accounts/" + aid + "/notes", {}, token);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("notes").size(), 1u);
  EXPECT_TRUE(store.list_notes(aid)->notes.empty());
}

TEST_F(faulty_service, resurrect_acknowledges_a_delete_it_does_not_do) {
  arm(fault_kind::resurrect);
  auto path = note_path(note("a"));
  EXPECT_EQ(call("DELETE", path, {}, token).status, 204);
  EXPECT_EQ(call("GET", path, {}, token).status, 200);
}

TEST_F(faulty_service, corrupt_changes_what_is_served_not_what_is_stored) {
  arm(fault_kind::corrupt);
  auto nid = note("abc");
  EXPECT_NE(read(nid), "abc");
  EXPECT_EQ(store.find_note(aid, nid)->content, "abc");
}

TEST_F(faulty_service, cross_account_lets_a_stranger_read) {
  arm(fault_kind::cross_account);
  auto [other, other_token] = account("stranger");
  auto r = call("GET", note_path(note("secret")), {}, other_token);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(content(r), "secret");
}

TEST_F(faulty_service, error503_answers_without_applying) {
  arm(fault_kind::error503);
  EXPECT_EQ(post_note().status, 503);
  EXPECT_TRUE(store.list_notes(aid)->notes.empty());
}

TEST_F(faulty_service, ambiguous_applies_the_write_and_drops_the_answer) {
  arm(fault_kind::ambiguous);
  EXPECT_TRUE(post_note().drop);
  EXPECT_EQ(store.list_notes(aid)->notes.size(), 1u);
  EXPECT_FALSE(call("GET", "/v1/accounts/" + aid, {}, token).drop);
}

TEST_F(faulty_service, reset_drops_without_applying) {
  arm(fault_kind::reset);
  EXPECT_TRUE(post_note().drop);
  EXPECT_TRUE(store.list_notes(aid)->notes.empty());
}

TEST_F(faulty_service, latency_still_answers_and_healthz_is_spared) {
  arm(fault_kind::latency);
  EXPECT_EQ(call("GET", "/v1/accounts/" + aid, {}, token).status, 200);
  arm(fault_kind::reset);
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  EXPECT_EQ(faults->counts()[0].injected, 0u);
}

} // namespace
} // namespace throng::server
