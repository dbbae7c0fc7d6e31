// Tests of run_listeners: /metrics and the control API served where asked,
// and the addresses refused.

#include "actors/run_listeners.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http/blocking_client.hpp"
#include "http/url.hpp"
#include "tests/integration/loopback.hpp"

namespace throng::actors {
namespace {

using throng::testing::free_port;

/// A run controller that reports 3 accounts and takes nothing.
class still_controller : public control::run_controller {
public:
  control::crowd_status status() const override {
    control::crowd_status s;
    s.accounts = 3;
    return s;
  }
  protocol::result<bool, control::control_error> add_accounts(std::size_t,
                                                     const std::string&) override {
    return true;
  }
  protocol::result<bool, control::control_error> remove_accounts(std::size_t) override { return true; }
  protocol::result<bool, control::control_error> set_rpm(double) override { return true; }
  void stop() override {}
};

/// Returns the answer to GET `path` on the loopback at `port`.
http::response get(std::uint16_t port, const std::string& path) {
  return throng::testing::loopback_client(port).exchange({http::method::get, path, {}, {}});
}

struct run_listeners_test : ::testing::Test {
  stats::metrics_board board;
  still_controller controller;
  control::control_api api{controller};

  /// Starts the listeners of /metrics on `metrics` and the control API on
  /// `control`.
  protocol::result<run_listeners, run_failure> start(const std::string& metrics,
                                                     const std::string& control) {
    return run_listeners::start({metrics, &board, control, &api, "", nullptr, &controller});
  }
};

TEST_F(run_listeners_test, nothing_is_served_without_addresses) {
  auto l = start("", "");
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->metrics_port(), 0);
  EXPECT_EQ(l->control_port(), 0);
}

TEST_F(run_listeners_test, metrics_are_at_slash_metrics_only) {
  stats::run_stats totals;
  totals.total = 12;
  board.publish(totals, 2, 0);
  auto l = start("127.0.0.1:" + std::to_string(free_port()), "");
  ASSERT_TRUE(l) << l.error().message;
  ASSERT_NE(l->metrics_port(), 0);
  auto page = get(l->metrics_port(), "/metrics");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, board.read());
  EXPECT_FALSE(page.body.empty());
  auto elsewhere = get(l->metrics_port(), "/");
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_NE(elsewhere.body.find("/metrics"), std::string::npos);
}

TEST_F(run_listeners_test, the_control_api_is_served_on_localhost) {
  auto l = start("", "localhost:" + std::to_string(free_port()));
  ASSERT_TRUE(l) << l.error().message;
  auto status = get(l->control_port(), "/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("\"live\":3"), std::string::npos) << status.body;
  l->stop();
  l->stop(); // idempotent
}

TEST_F(run_listeners_test, the_control_api_refuses_an_address_off_the_loopback) {
  auto l = start("", "0.0.0.0:" + std::to_string(free_port()));
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().exit_code, 2);
  EXPECT_EQ(l.error().message, "--control: only a loopback address is accepted (127.0.0.1, "
                               "::1 or localhost), got '0.0.0.0'");
}

TEST_F(run_listeners_test, a_bad_address_names_its_flag) {
  auto m = start("nowhere", "");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().exit_code, 2);
  EXPECT_EQ(m.error().message.rfind("--metrics: ", 0), 0u) << m.error().message;
  auto c = start("", "127.0.0.1:notaport");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message.rfind("--control: ", 0), 0u) << c.error().message;
}

} // namespace
} // namespace throng::actors
