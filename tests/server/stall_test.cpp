// Tests that one slow request does not stall the other connections: a
// handler held on a worker of http::server, an answer held by its delay,
// and the latency fault of notes_server.

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "http/server.hpp"
#include "server/notes_server.hpp"
#include "tests/server/raw_client.hpp"

namespace throng::server {
namespace {

using namespace std::chrono_literals;

constexpr const char* get_slow = "GET /slow HTTP/1.1\r\nHost: test\r\n\r\n";

// A server on one I/O thread whose handler answers /slow as `slow` says
// and anything else at once; it reports each /slow it enters.
class stall_test : public ::testing::Test {
protected:
  void start(std::size_t workers,
             std::function<http::server_response()> slow,
             std::function<bool(const http::server_request&)> on_worker = {}) {
    http::server_options o;
    o.threads = 1;
    o.workers = workers;
    o.on_worker = std::move(on_worker);
    auto s = http::server::start(o, [this, slow](const http::server_request& r) {
      if (r.target != "/slow")
        return http::server_response{200, R"({"fast":true})", {}, false};
      entered_.set_value();
      return slow();
    });
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(*s);
  }

  // Waits until the handler has entered /slow.
  void wait_entered() {
    entered_.get_future().wait();
  }

  // Expects /fast, asked on a connection of its own, to be answered.
  void expect_fast_answered() {
    raw_client fast{server_->port()};
    auto quick = fast.request("GET", "/fast");
    ASSERT_TRUE(quick);
    EXPECT_EQ(quick->status, 200);
    EXPECT_EQ(quick->body, R"({"fast":true})");
  }

  std::promise<void> entered_;
  std::unique_ptr<http::server> server_;
};

TEST_F(stall_test, a_handler_held_on_a_worker_does_not_stop_another_connection) {
  std::promise<void> release;
  auto released = release.get_future().share();
  start(2, [released] {
    released.wait();
    return http::server_response{200, R"({"slow":true})", {}, false};
  });
  raw_client slow{server_->port()};
  ASSERT_TRUE(slow.send(get_slow));
  wait_entered();
  ASSERT_NO_FATAL_FAILURE(expect_fast_answered());
  release.set_value();
  auto late = slow.read_reply();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->body, R"({"slow":true})");
}

TEST_F(stall_test, requests_the_workers_do_not_take_run_on_the_io_thread) {
  std::promise<void> release;
  auto released = release.get_future().share();
  // The only worker is held: /fast is answered only if it does not need it.
  start(1, [released] {
    released.wait();
    return http::server_response{200, R"({"slow":true})", {}, false};
  }, [](const http::server_request& r) { return r.target == "/slow"; });
  raw_client slow{server_->port()};
  ASSERT_TRUE(slow.send(get_slow));
  wait_entered();
  ASSERT_NO_FATAL_FAILURE(expect_fast_answered());
  release.set_value();
  auto late = slow.read_reply();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->body, R"({"slow":true})");
}

TEST_F(stall_test, an_answer_held_by_its_delay_does_not_stop_another_connection) {
  // No workers: the handler runs on the only I/O thread, and the delay
  // (far longer than the test) must not hold that thread.
  start(0, [] {
    http::server_response out{200, R"({"slow":true})", {}, false};
    out.delay = std::chrono::hours{1};
    return out;
  });
  raw_client slow{server_->port()};
  ASSERT_TRUE(slow.send(get_slow));
  wait_entered();
  ASSERT_NO_FATAL_FAILURE(expect_fast_answered());
  server_->stop(); // cuts the held answer off
  EXPECT_TRUE(slow.closed_by_server());
}

TEST_F(stall_test, a_delayed_answer_comes_after_its_delay) {
  start(0, [] {
    http::server_response out{201, R"({"slow":true})", {}, false};
    out.delay = 1ms;
    return out;
  });
  raw_client slow{server_->port()};
  auto r = slow.request("GET", "/slow");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"({"slow":true})");
  auto again = slow.request("GET", "/fast"); // the connection lives on
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST(notes_server_stall, the_latency_fault_does_not_stop_another_connection) {
  service_options opts;
  opts.threads = 1;
  opts.faults = {{fault_kind::latency, 1, std::chrono::hours{1}}};
  auto s = notes_server::start(opts);
  ASSERT_TRUE(s) << s.error().message;
  auto& server = **s;
  raw_client slow{server.port()};
  ASSERT_TRUE(slow.send("POST /v1/accounts HTTP/1.1\r\nHost: test\r\n"
                        "Content-Type: application/json\r\nContent-Length: 32\r\n"
                        "\r\n{\"name\":\"ann\",\"password\":\"pw12\"}"));
  // /healthz is spared the fault; the held sign-up must not hold it up. The
  // fault is counted when drawn: wait for that (bounded) before asking.
  auto drawn = [&] { return server.faults().counts()[0].injected > 0; };
  for (int i = 0; i < 10'000 && !drawn(); ++i)
    std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(drawn());
  raw_client fast{server.port()};
  auto health = fast.request("GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  server.stop();
}

} // namespace
} // namespace throng::server
