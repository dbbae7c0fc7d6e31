// Tests of the `lifecycle` behaviour: a log-out every session, a new token at
// each log-in, and the revoked one refused by the service.

#include "model/lifecycle_behaviour.hpp"

#include <gtest/gtest.h>

#include <set>

#include "account_driver.hpp"
#include "protocol/routes.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

TEST(lifecycle_behaviour, logs_out_every_session_and_logs_in_with_a_new_token) {
  population_spec spec;
  spec.behaviour = "lifecycle";
  spec.session_operations = 5;
  spec.notes_per_account = 4;
  auto b = lifecycle_behaviour::create(spec);
  ASSERT_TRUE(b);
  account_driver d;
  auto& a = d.open(**b, 1);
  std::set<std::string> tokens;
  for (int i = 0; i < 70; ++i) {
    d.step(a, i);
    if (!a.state().token.empty())
      tokens.insert(a.state().token.str());
  }
  EXPECT_TRUE(d.violations.empty());
  // signup, then 5 operations, logout, and then login, 5 operations, logout
  // (7 steps) over and over.
  auto ops = d.ops();
  ASSERT_EQ(ops.size(), 70u);
  EXPECT_EQ(ops[0], operation::signup);
  for (std::size_t i = 1; i < ops.size(); ++i) {
    bool logout_slot = i % 7 == 6;
    bool login_slot = i % 7 == 0;
    EXPECT_EQ(ops[i] == operation::logout, logout_slot) << i;
    EXPECT_EQ(ops[i] == operation::login, login_slot) << i;
  }
  // Every log-out was acknowledged.
  for (auto& s : d.steps) {
    if (s.request.op == operation::logout) {
      EXPECT_EQ(s.answer.status, 204);
    }
  }
  EXPECT_EQ(tokens.size(), 10u); // the sign-up's and nine log-ins'
}

TEST(lifecycle_behaviour, a_revoked_token_is_refused_by_the_service) {
  population_spec spec;
  spec.session_operations = 2;
  auto b = lifecycle_behaviour::create(spec);
  ASSERT_TRUE(b);
  account_driver d;
  auto& a = d.open(**b, 2);
  d.run(a, 3); // signup and two operations
  auto old_token = a.state().token;
  ASSERT_TRUE(d.step(a, 0));
  ASSERT_EQ(d.steps.back().request.op, operation::logout);
  http::request req;
  req.verb = http::method::get;
  req.target = protocol::notes_path(a.state().id);
  req.token = old_token;
  EXPECT_EQ(d.service.answer(req).status, 401);
}

TEST(lifecycle_behaviour, rejects_an_empty_session) {
  population_spec spec;
  spec.session_operations = 0;
  EXPECT_FALSE(lifecycle_behaviour::create(spec));
}

} // namespace
} // namespace throng::model
