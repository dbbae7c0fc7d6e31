// Tests of run_setup: what it refuses and in what order, and the plan of the
// crowd it opens, against a service on the loopback.

#include "actors/run_setup.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <string>

#include "http/server.hpp"
#include "tests/actors/crowd_parts.hpp"
#include "tests/temp_dir.hpp"

namespace throng::actors {
namespace {

using std::chrono::milliseconds;

/// A population whose behaviour no registry knows.
model::population_spec dancers() {
  return test::population("x", "dancer");
}

struct run_setup_test : ::testing::Test {
  void SetUp() override {
    auto s = http::server::start(http::server_options{}, [](const http::server_request&) {
      return http::server_response{};
    });
    ASSERT_TRUE(s) << s.error().message;
    srv = std::move(*s);
    o.target = "http://127.0.0.1:" + std::to_string(srv->port());
    o.connect_wait = milliseconds(2000);
  }

  protocol::result<std::unique_ptr<run_setup>, run_failure> open() {
    return run_setup::open(o, interrupt);
  }

  std::unique_ptr<http::server> srv;
  run_options o;
  std::atomic<int> interrupt{0};
};

TEST_F(run_setup_test, opens_the_run_and_plans_its_crowd) {
  o.accounts = 12;
  o.populations = {test::population("readers", "reader"), test::population("rest", "random")};
  o.model = config::workload_model::closed;
  auto s = open();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ((*s)->name_prefix().front(), 't');
  auto plan = (*s)->plan();
  ASSERT_EQ(plan.populations.size(), 2u);
  EXPECT_EQ(plan.populations[0]->spec.name, "readers");
  EXPECT_EQ(plan.populations[1]->spec.name, "rest");
  EXPECT_EQ(plan.accounts, 12u);
  EXPECT_EQ(plan.account_limit, std::numeric_limits<std::uint32_t>::max());
  EXPECT_TRUE(plan.closed);
  EXPECT_EQ((*s)->controls().population_count(), 2u);
}

TEST_F(run_setup_test, each_run_has_a_prefix_of_its_own) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  EXPECT_NE((*a)->name_prefix(), (*b)->name_prefix());
}

TEST_F(run_setup_test, a_bad_target_is_exit_code_2) {
  o.target = "gopher://x";
  auto s = open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, 2);
  EXPECT_EQ(s.error().message.rfind("--target: ", 0), 0u) << s.error().message;
}

TEST_F(run_setup_test, a_violations_log_that_cannot_be_written_is_exit_code_2) {
  testing::temp_dir tmp;
  o.violations_log = tmp / "no/such/dir/violations.jsonl";
  auto s = open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, 2);
  EXPECT_EQ(s.error().message, "--violations-log: cannot write " + o.violations_log);
}

TEST_F(run_setup_test, a_target_that_never_answers_is_exit_code_3) {
  o.target = "http://127.0.0.1:1";
  o.connect_wait = milliseconds(0);
  o.populations = {dancers()}; // never reached
  auto s = open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, 3);
  EXPECT_NE(s.error().message.find("unreachable"), std::string::npos) << s.error().message;
}

TEST_F(run_setup_test, a_population_that_cannot_be_made_is_exit_code_2) {
  o.populations = {dancers()};
  o.control = "0.0.0.0:1"; // never reached
  auto s = open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, 2);
  EXPECT_EQ(s.error().message.rfind("population 'x': ", 0), 0u) << s.error().message;
}

TEST_F(run_setup_test, a_listener_that_cannot_start_is_exit_code_2) {
  o.control = "0.0.0.0:1";
  auto s = open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().exit_code, 2);
  EXPECT_EQ(s.error().message.rfind("--control: ", 0), 0u) << s.error().message;
}

TEST_F(run_setup_test, the_account_limit_is_at_most_the_index_type_s) {
  o.account_limit = 5;
  auto s = open();
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ((*s)->plan().account_limit, 5u);
}

} // namespace
} // namespace throng::actors
