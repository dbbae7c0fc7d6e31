// Tests of pool_connection on an I/O context the test runs itself: what it
// hands its owner, keep-alive between requests, connect failures and abort.

#include "http/pool_connection.hpp"

#include <chrono>
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

/// A request for `target` whose callback appends its answer to `called`.
pending_request pending(std::string target, std::vector<response>& called) {
  return pending_request{get(std::move(target)),
                         [&called](response r) { called.push_back(std::move(r)); }, now_ns()};
}

pool_connection::clock_type::time_point in_5s() {
  return pool_connection::clock_type::now() + 5s;
}

} // namespace

TEST(pool_connection, hands_each_answer_to_its_owner_and_stays_open) {
  scripted_server server{ok_json()};
  auto to = pool_connection::resolve(options_for(server.port()));
  ASSERT_TRUE(to) << to.error().message;
  boost::asio::io_context io;
  recording_owner owner;
  auto c = pool_connection::open(io, *to, owner);
  std::vector<response> called;
  c->run(pending("/a", called), in_5s());
  io.run(); // until the answer is in: an idle connection waits on nothing
  io.restart();
  c->run(pending("/b", called), in_5s());
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

TEST(pool_connection, refused_connection_is_finished_as_a_connect_failure) {
  auto to = pool_connection::resolve(options_for(unused_port()));
  ASSERT_TRUE(to) << to.error().message;
  boost::asio::io_context io;
  recording_owner owner;
  auto c = pool_connection::open(io, *to, owner);
  std::vector<response> called;
  c->run(pending("/", called), in_5s());
  io.run();
  ASSERT_EQ(owner.answers.size(), 1u);
  EXPECT_EQ(owner.answers[0].error, failure::connect);
  EXPECT_EQ(owner.answers[0].sent_ns, 0);
  EXPECT_EQ(called.size(), 1u);
}

TEST(pool_connection, abort_fails_the_request_in_flight_through_its_callback) {
  scripted_server server{always("", then::stall)};
  auto to = pool_connection::resolve(options_for(server.port()));
  ASSERT_TRUE(to) << to.error().message;
  boost::asio::io_context io;
  recording_owner owner;
  auto c = pool_connection::open(io, *to, owner);
  std::vector<response> called;
  c->run(pending("/", called), in_5s());
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
