// Tests of pool_connection on an I/O context the test runs itself: what it
// hands its owner, keep-alive between requests, connect failures and abort.

#include "http/pool_connection.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "tests/http/client_pool_helpers.hpp"
#include "tests/http/scripted_server.hpp"

using namespace throng::http;
using namespace throng::http::test;
using namespace std::chrono_literals;
using then = scripted_server::then;

namespace {

/// An owner that keeps what its connection finished, then calls back.
struct recording_owner final : pool_connection::owner {
  void finished(pool_connection& c, transport::callback done, response r) override {
    from.push_back(&c);
    answers.push_back(r);
    done(std::move(r));
  }

  std::vector<pool_connection*> from;
  std::vector<response> answers;
};

/// A connection on an I/O context the test runs, with an owner that
/// records what it finished.
struct pool_connection_test : ::testing::Test {
  /// Opens the connection to 127.0.0.1:`port`.
  void open(std::uint16_t port) {
    auto to = pool_connection::resolve(options_for(port));
    ASSERT_TRUE(to) << to.error().message;
    c = pool_connection::open(io, *to, owner);
  }

  /// Has the connection send GET `target`, within 5 s; the request's
  /// callback appends its answer to `called`.
  void send(std::string target) {
    c->run(pending_request{get(std::move(target)),
                           [this](response r) { called.push_back(std::move(r)); }, now_ns()},
           pool_connection::clock_type::now() + 5s);
  }

  boost::asio::io_context io;
  recording_owner owner;
  std::vector<response> called;
  std::shared_ptr<pool_connection> c;
};

} // namespace

TEST_F(pool_connection_test, hands_each_answer_to_its_owner_and_stays_open) {
  scripted_server server{ok_json()};
  ASSERT_NO_FATAL_FAILURE(open(server.port()));
  send("/a");
  io.run(); // until the answer is in: an idle connection waits on nothing
  io.restart();
  send("/b");
  io.run();
  ASSERT_EQ(owner.answers.size(), 2u);
  EXPECT_EQ(owner.from[0], c.get());
  EXPECT_EQ(owner.from[1], c.get());
  for (const auto& r : owner.answers) {
    EXPECT_EQ(r.error, failure::none);
    EXPECT_EQ(r.status, 200);
    EXPECT_GT(r.sent_ns, 0);
  }
  EXPECT_EQ(called.size(), 2u);
  EXPECT_EQ(server.accepts(), 1u);
}

TEST_F(pool_connection_test, refused_connection_is_finished_as_a_connect_failure) {
  ASSERT_NO_FATAL_FAILURE(open(unused_port()));
  send("/");
  io.run();
  ASSERT_EQ(owner.answers.size(), 1u);
  EXPECT_EQ(owner.answers[0].error, failure::connect);
  EXPECT_EQ(owner.answers[0].sent_ns, 0);
  EXPECT_EQ(called.size(), 1u);
}

TEST_F(pool_connection_test, abort_fails_the_request_in_flight_through_its_callback) {
  scripted_server server{always("", then::stall)};
  ASSERT_NO_FATAL_FAILURE(open(server.port()));
  send("/");
  for (int i = 0; i < 1000 && server.requests().empty(); ++i) {
    io.poll();
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(server.requests().size(), 1u);
  c->abort();
  ASSERT_EQ(called.size(), 1u);
  EXPECT_EQ(called[0].error, failure::reset);
  EXPECT_GT(called[0].sent_ns, 0);
  io.run(); // the cancelled read completes and does nothing
  EXPECT_TRUE(owner.answers.empty());
  EXPECT_EQ(called.size(), 1u);
}
