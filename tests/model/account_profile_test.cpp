// Tests of account through an API profile, against the reference service
// without sockets: a profile equivalent to api-v1 gives the built-in
// mapping's requests and states; operations the profile lacks are never
// sent; paged lists are walked to their end, and walks cut short are
// partial; lists without contents check membership.

#include "model/account.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "account_driver.hpp"
#include "model/account_directory.hpp"
#include "model/prober_behaviour.hpp"
#include "model/lifecycle_behaviour.hpp"
#include "model/random_behaviour.hpp"
#include "model/scripted_behaviour.hpp"
#include "test_profiles.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::violation_class;
using testing::account_driver;

// The same trouble for both mappings, by step: a write applied and its
// answer lost or a 503, a request never sent.
http::response troubled(account_driver& d, const planned_request& p, std::size_t i) {
  if (i % 11 == 5) {
    d.service.answer(p.req);
    http::response r;
    r.sent_ns = 1;
    r.error = http::failure::timeout;
    return r;
  }
  if (i % 13 == 7) {
    auto r = d.service.answer(p.req);
    r.status = 503;
    return r;
  }
  if (i % 17 == 3) {
    http::response r;
    r.error = http::failure::connect;
    return r;
  }
  return d.service.answer(p.req);
}

void expect_same_state(const account_state& a, const account_state& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.token.empty(), b.token.empty());
  EXPECT_EQ(a.writes, b.writes);
  EXPECT_EQ(a.behaviour_steps, b.behaviour_steps);
  EXPECT_EQ(a.signup_unknown, b.signup_unknown);
  EXPECT_EQ(a.pending_names, b.pending_names);
  EXPECT_EQ(a.pending_creates, b.pending_creates);
  EXPECT_EQ(a.creates_unlisted, b.creates_unlisted);
  EXPECT_EQ(a.deleted, b.deleted);
  ASSERT_EQ(a.notes.size(), b.notes.size());
  for (std::size_t i = 0; i < a.notes.size(); ++i) {
    EXPECT_EQ(a.notes[i].id, b.notes[i].id);
    EXPECT_EQ(a.notes[i].hash, b.notes[i].hash);
    EXPECT_EQ(a.notes[i].seen, b.notes[i].seen);
    EXPECT_EQ(a.notes[i].delete_pending, b.notes[i].delete_pending);
    EXPECT_EQ(a.notes[i].pending().size(), b.notes[i].pending().size());
  }
}

// Runs the built-in mapping and `profile` side by side for `n` steps of
// account `index` with behaviour `b`, comparing every request and state.
void expect_same_as_builtin(const api_profile& profile, const behaviour& b,
                            std::uint32_t index, std::uint64_t seed, int n) {
  account_driver builtin, mapped;
  builtin.settings = testing::test_settings(seed);
  mapped.settings = testing::test_settings(seed);
  mapped.settings.profile = &profile;
  auto& x = builtin.open(b, index);
  auto& y = mapped.open(b, index);
  for (int i = 0; i < n; ++i) {
    const auto at = static_cast<std::size_t>(i);
    builtin.step(x, i, [&](const planned_request& p) { return troubled(builtin, p, at); });
    mapped.step(y, i, [&](const planned_request& p) { return troubled(mapped, p, at); });
    const auto& p = builtin.steps.back().request;
    const auto& q = mapped.steps.back().request;
    ASSERT_EQ(builtin.steps.back().idle, mapped.steps.back().idle) << "step " << i;
    ASSERT_EQ(p.op, q.op) << "step " << i;
    ASSERT_EQ(p.req.verb, q.req.verb) << "step " << i;
    ASSERT_EQ(p.req.target, q.req.target) << "step " << i;
    ASSERT_EQ(p.req.body, q.req.body) << "step " << i;
    ASSERT_EQ(p.req.token.empty(), q.req.token.empty()) << "step " << i;
    ASSERT_EQ(p.note_id, q.note_id) << "step " << i;
    ASSERT_EQ(p.content, q.content) << "step " << i;
    ASSERT_EQ(p.chain, q.chain) << "step " << i;
    expect_same_state(x.state(), y.state());
    if (::testing::Test::HasFailure())
      FAIL() << "step " << i;
  }
  EXPECT_EQ(builtin.violations.size(), mapped.violations.size());
}

TEST(account_profile, api_v1_profile_gives_the_builtin_requests_and_states) {
  const auto profile = testing::v1_profile();
  random_behaviour mix{default_weights(), 6};
  lifecycle_behaviour sessions{random_behaviour{default_weights(), 4}, 7};
  for (std::uint32_t index : {0U, 3U, 9U}) {
    expect_same_as_builtin(profile, mix, index, 7 + index, 400);
    expect_same_as_builtin(profile, sessions, index, 21 + index, 300);
  }
}

TEST(account_profile, operations_the_profile_lacks_are_never_sent) {
  auto profile = testing::v1_profile();
  for (auto op : {operation::logout, operation::read_account, operation::update_account,
                  operation::update_note, operation::delete_note})
    profile.ops[static_cast<std::size_t>(op)] = operation_mapping{};
  account_driver d;
  d.settings.profile = &profile;
  lifecycle_behaviour sessions{random_behaviour{default_weights(), 5}, 6};
  auto& a = d.open(sessions, 1);
  d.run(a, 600);
  const auto ops = d.ops();
  for (auto op : ops)
    ASSERT_TRUE(profile.has(op)) << protocol::to_string(op);
  // The lifecycle's log-outs became log-ins: sessions still end.
  EXPECT_GT(std::count(ops.begin(), ops.end(), operation::login), 10);
  // Half the operations are absent, and drawn again: ticks are not lost to
  // them (at most 1% rest).
  EXPECT_LE(std::count_if(d.steps.begin(), d.steps.end(),
                          [](const auto& s) { return s.idle; }),
            6);
  EXPECT_TRUE(d.violations.empty());
}

TEST(account_profile, a_script_of_absent_operations_moves_on) {
  auto profile = testing::v1_profile();
  profile.ops[static_cast<std::size_t>(operation::update_note)] = operation_mapping{};
  account_driver d;
  d.settings.profile = &profile;
  scripted_behaviour script{{operation::create_note, operation::update_note,
                             operation::read_note}};
  auto& a = d.open(script, 2);
  d.run(a, 30);
  const auto ops = d.ops();
  EXPECT_EQ(std::count(ops.begin(), ops.end(), operation::update_note), 0);
  EXPECT_GT(std::count(ops.begin(), ops.end(), operation::read_note), 5);
  EXPECT_GT(std::count(ops.begin(), ops.end(), operation::create_note), 5);
}

TEST(account_profile, a_script_of_absent_operations_only_rests) {
  auto profile = testing::v1_profile();
  profile.ops[static_cast<std::size_t>(operation::update_note)] = operation_mapping{};
  account_driver d;
  d.settings.profile = &profile;
  scripted_behaviour script{{operation::update_note}};
  auto& a = d.open(script, 3);
  d.run(a, 20);
  const auto ops = d.ops();
  EXPECT_EQ(std::count(ops.begin(), ops.end(), operation::update_note), 0);
  // Only the set-up went out (sign-up, and the seed notes when asked).
  EXPECT_GE(std::count_if(d.steps.begin(), d.steps.end(), [](const auto& s) { return s.idle; }),
            15);
}

TEST(account_profile, a_refusal_means_what_the_profile_says) {
  auto profile = testing::v1_profile();
  auto& signup = profile.ops[static_cast<std::size_t>(operation::signup)];
  signup.conflict.codes = {422};
  account_driver d;
  d.settings.profile = &profile;
  random_behaviour mix{default_weights(), 5};
  auto& a = d.open(mix, 4);
  // The sign-up took effect, its answer was lost; the second is a 422.
  d.step(a, 0, [&](const planned_request& p) {
    d.service.answer(p.req);
    return http::response{http::failure::timeout, 0, "", "", 1, 2, ""};
  });
  EXPECT_TRUE(a.state().signup_unknown);
  d.step(a, 1); // the log-in that tells
  EXPECT_TRUE(a.state().has_account());
  account b{d.settings, mix, 4}; // the same name again
  auto p = *b.plan(0);
  auto r = d.service.answer(p.req);
  ASSERT_EQ(r.status, 409);
  r.status = 422;
  const auto ans = read_answer(p.kind(), r);
  EXPECT_EQ(ans.refusal, refusal::conflict);
  EXPECT_EQ(ans.status, 422);
  b.apply(p, ans);
  EXPECT_TRUE(b.state().signup_unknown); // it logs in next, as after a 409
}

// A few answers of a cookie-session API (test_profiles.hpp's shape).
http::response cookie_service(const planned_request& p) {
  http::response r;
  r.sent_ns = 1;
  r.received_ns = 2;
  if (p.req.target == "/users") {
    r.status = 201;
    r.body = R"({"id":5})";
    r.session = "a5.s1";
  } else if (p.req.target == "/notes" && p.req.verb == http::method::post) {
    r.status = 201;
    r.body = R"({"note":{"id":12,"body":"x"}})";
  } else {
    r.status = 404;
  }
  return r;
}

TEST(account_profile, a_cookie_session_is_the_token_of_later_requests) {
  const auto profile = testing::cookie_profile();
  account_driver d;
  d.settings.profile = &profile;
  scripted_behaviour script{{operation::create_note}};
  auto& a = d.open(script, 3);
  d.run(a, 2, 0, 0, cookie_service);
  ASSERT_EQ(d.steps.size(), 2u);
  const auto& signup = d.steps[0].request.req;
  EXPECT_EQ(signup.verb, http::method::post);
  EXPECT_EQ(signup.body, R"({"username":"test-3","secret":")" + a.state().password.str() + "\"}");
  EXPECT_TRUE(signup.token.empty());
  EXPECT_EQ(a.state().id, "5");
  const auto& create = d.steps[1].request.req;
  EXPECT_EQ(create.target, "/notes");
  EXPECT_EQ(create.token, "a5.s1");
  EXPECT_EQ(create.body.rfind(R"({"body":"test-3 #1 )", 0), 0u) << create.body;
  ASSERT_EQ(a.state().notes.size(), 1u);
  EXPECT_EQ(a.state().notes[0].id, "12");
}

/// A prober of profile `p` whose directory holds another account's note.
struct probing {
  api_profile profile;
  account_directory directory{64};
  prober_behaviour prober;
  account_driver d;
  account* a = nullptr;

  explicit probing(api_profile p) : profile(std::move(p)) {
    d.settings.profile = &profile;
    d.settings.directory = &directory;
    a = &d.open(prober, 8);
  }

  /// Runs `n` steps; probes are answered `status`, the rest by `service`.
  void run(int n, int status,
           const account_driver::answer_fn& service = {}) {
    d.run(*a, n, 0, 0, [&](const planned_request& p) {
      if (p.probe_account.empty())
        return service ? service(p) : d.service.answer(p.req);
      http::response r;
      r.sent_ns = 1;
      r.status = status;
      r.body = "{}";
      return r;
    });
  }
};

TEST(account_profile, probes_only_where_the_paths_name_another_account) {
  probing cookie{testing::cookie_profile()};
  cookie.directory.publish("a9", "");
  cookie.directory.publish("a9", "n3");
  cookie.run(60, 404, cookie_service);
  std::size_t reads = 0;
  for (const auto& s : cookie.d.steps) {
    if (s.idle || s.request.probe_account.empty())
      continue;
    // The cookie API's list is the session's own: never a list probe.
    EXPECT_EQ(s.request.op, operation::read_note);
    EXPECT_EQ(s.request.req.target, "/notes/n3");
    ++reads;
  }
  EXPECT_GT(reads, 5u);
  EXPECT_TRUE(cookie.d.violations.empty());

  probing v1{testing::v1_profile()};
  v1.directory.publish("a9", "");
  v1.run(20, 403);
  std::size_t lists = 0;
  for (const auto& s : v1.d.steps)
    if (!s.idle && !s.request.probe_account.empty()) {
      EXPECT_EQ(s.request.req.target, "/v1/accounts/a9/notes");
      ++lists;
    }
  EXPECT_GT(lists, 5u);
  EXPECT_TRUE(v1.d.violations.empty());

  probing pages{testing::paged(testing::v1_profile(), page_kind::page, 10)};
  pages.directory.publish("a9", "");
  pages.run(5, 404);
  for (const auto& s : pages.d.steps) {
    if (!s.idle && !s.request.probe_account.empty()) {
      EXPECT_EQ(s.request.req.target, "/v1/accounts/a9/notes?page=1&limit=10");
    }
  }
}

TEST(account_profile, a_probe_served_is_an_isolation_breach) {
  probing cookie{testing::cookie_profile()};
  cookie.directory.publish("a9", "n3");
  cookie.run(10, 200, cookie_service);
  ASSERT_FALSE(cookie.d.violations.empty());
  EXPECT_EQ(cookie.d.violations[0].kind, violation_class::isolation_breach);
  EXPECT_EQ(cookie.d.violations[0].note_id, "a9/n3");
}

} // namespace
} // namespace throng::model
