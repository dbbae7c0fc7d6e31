// Tests of account through the repository's profile files, read as a run
// reads them (config::read_api_profile): profiles/api-v1.json gives the
// built-in mapping's requests and states against the reference service;
// profiles/example-cookie.json drives the service's cookie shape with no
// violation, walking its cursor pages of ids, and still catches a note
// lost behind the account's back.

#include <algorithm>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "account_driver.hpp"
#include "config/api_profile_reader.hpp"
#include "model/account.hpp"
#include "model/lifecycle_behaviour.hpp"
#include "model/random_behaviour.hpp"
#include "server/ids.hpp"
#include "shape_loop.hpp"
#include "tests/build_paths.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::violation_class;
using testing::account_driver;

api_profile profile_file(const char* name) {
  const auto path = std::filesystem::path{throng::testing::profiles_dir()} / name;
  auto p = config::read_api_profile(path);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error());
  return p ? std::move(*p) : api_profile{};
}

TEST(account_profile_file, api_v1_json_gives_the_builtin_requests_and_states) {
  const auto profile = profile_file("api-v1.json");
  ASSERT_TRUE(profile.has(operation::signup));
  random_behaviour mix{default_weights(), 6};
  lifecycle_behaviour sessions{random_behaviour{default_weights(), 4}, 5};
  for (const behaviour* b : {static_cast<const behaviour*>(&mix),
                             static_cast<const behaviour*>(&sessions)}) {
    account_driver builtin, mapped;
    mapped.settings.profile = &profile;
    auto& x = builtin.open(*b, 2);
    auto& y = mapped.open(*b, 2);
    for (int i = 0; i < 300; ++i) {
      builtin.step(x, i);
      mapped.step(y, i);
      const auto& p = builtin.steps.back().request;
      const auto& q = mapped.steps.back().request;
      ASSERT_EQ(p.op, q.op) << "step " << i;
      ASSERT_EQ(p.req.verb, q.req.verb) << "step " << i;
      ASSERT_EQ(p.req.target, q.req.target) << "step " << i;
      ASSERT_EQ(p.req.body, q.req.body) << "step " << i;
      ASSERT_EQ(builtin.steps.back().answer.status, mapped.steps.back().answer.status)
        << "step " << i;
    }
    EXPECT_EQ(x.state().notes.size(), y.state().notes.size());
    EXPECT_EQ(x.state().name, y.state().name);
    EXPECT_TRUE(builtin.violations.empty());
    EXPECT_TRUE(mapped.violations.empty());
  }
}

/// Accounts of the cookie profile against the cookie shape.
struct cookie_run {
  api_profile profile = profile_file("example-cookie.json");
  testing::shape_loop shape;
  account_driver d;
  std::size_t refused = 0;
  std::size_t failed = 0;

  cookie_run() { d.settings.profile = &profile; }

  void run(account& a, int n) {
    d.run(a, n, 0, 0, [this](const planned_request& p) {
      auto r = shape.answer(p.req);
      const auto ans = read_answer(p.kind(), r);
      refused += ans.error == model::error_kind::status_4xx;
      failed += ans.service_failed();
      return r;
    });
  }
};

TEST(account_profile_file, the_cookie_profile_drives_the_cookie_shape_without_violation) {
  cookie_run c;
  ASSERT_FALSE(c.profile.has(operation::update_account));
  random_behaviour mix{default_weights(), 60}; // more than two pages of 25
  lifecycle_behaviour sessions{random_behaviour{default_weights(), 30}, 9};
  auto& a = c.d.open(mix, 0);
  auto& b = c.d.open(sessions, 1);
  c.run(a, 1500);
  c.run(b, 800);
  EXPECT_TRUE(c.d.violations.empty()) << model::to_string(c.d.violations.front().kind)
                                      << " " << c.d.violations.front().note_id;
  EXPECT_EQ(c.failed, 0u);
  EXPECT_EQ(c.refused, 0u);
  EXPECT_GT(a.state().notes.size(), 25u);
  std::size_t pages_after = 0; // list pages past the first
  for (const auto& s : c.d.steps) {
    if (s.idle)
      continue;
    EXPECT_NE(s.request.op, operation::update_account);
    pages_after += s.request.req.target.find("after=") != std::string::npos;
  }
  EXPECT_GT(pages_after, 10u);
  for (auto op : {operation::login, operation::logout, operation::read_account,
                  operation::update_note, operation::delete_note, operation::list_notes}) {
    const auto ops = c.d.ops();
    EXPECT_NE(std::find(ops.begin(), ops.end(), op), ops.end()) << protocol::to_string(op);
  }
}

TEST(account_profile_file, the_cookie_profile_catches_a_note_lost_behind_the_accounts_back) {
  cookie_run c;
  random_behaviour lister{[] {
    operation_weights w{};
    w[static_cast<std::size_t>(operation::create_note)] = 1;
    w[static_cast<std::size_t>(operation::list_notes)] = 1;
    return w;
  }(), 40};
  auto& a = c.d.open(lister, 3);
  c.run(a, 200);
  ASSERT_TRUE(c.d.violations.empty());
  ASSERT_GT(a.state().notes.size(), 30u);
  // A note on the second page disappears from the store.
  const auto& lost = a.state().notes[30];
  const auto aid = server::make_account_id(std::stoull(a.state().id.str()));
  const auto nid = server::make_note_id(std::stoull(lost.id.str()));
  ASSERT_TRUE(c.shape.store().delete_note(aid, nid).has_value());
  c.run(a, 100);
  ASSERT_FALSE(c.d.violations.empty());
  EXPECT_EQ(c.d.violations.front().kind, violation_class::missing_note);
  EXPECT_EQ(c.d.violations.front().note_id, lost.id.str());
}

} // namespace
} // namespace throng::model
