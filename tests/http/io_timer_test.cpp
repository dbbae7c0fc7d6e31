// Tests of io_timer: its task runs on its thread at the times it asks for,
// early when woken, and never again once stopped.

#include "http/io_timer.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

#include <gtest/gtest.h>

#include "http/message.hpp"

using namespace throng::http;

namespace {

constexpr auto patience = std::chrono::seconds(30);

TEST(io_timer, runs_its_task_on_its_thread_until_the_task_says_stop) {
  auto t = io_thread::start();
  int runs = 0;
  bool on_thread = true;
  std::promise<void> done;
  auto timer = io_timer::start(*t, [&]() -> std::int64_t {
    on_thread = on_thread && io_thread::current() == t.get();
    if (++runs == 5) {
      done.set_value();
      return -1;
    }
    return now_ns() + 1'000'000;
  });
  ASSERT_EQ(done.get_future().wait_for(patience), std::future_status::ready);
  t->sync();
  EXPECT_EQ(runs, 5);
  EXPECT_TRUE(on_thread);
}

TEST(io_timer, a_time_gone_by_runs_as_soon_as_the_thread_is_free) {
  auto t = io_thread::start();
  int runs = 0;
  std::promise<void> done;
  auto timer = io_timer::start(*t, [&]() -> std::int64_t {
    if (++runs == 3) {
      done.set_value();
      return -1;
    }
    return 0;
  });
  ASSERT_EQ(done.get_future().wait_for(patience), std::future_status::ready);
  EXPECT_EQ(runs, 3);
}

TEST(io_timer, wake_runs_the_task_before_its_time) {
  auto t = io_thread::start();
  std::promise<void> first;
  std::promise<void> second;
  int runs = 0;
  auto timer = io_timer::start(*t, [&]() -> std::int64_t {
    if (++runs == 1)
      first.set_value();
    else if (runs == 2)
      second.set_value();
    return now_ns() + 3'600'000'000'000; // an hour
  });
  ASSERT_EQ(first.get_future().wait_for(patience), std::future_status::ready);
  timer->wake();
  ASSERT_EQ(second.get_future().wait_for(patience), std::future_status::ready);
  t->sync();
  EXPECT_EQ(runs, 2);
}

TEST(io_timer, once_stopped_its_task_never_runs_again) {
  auto t = io_thread::start();
  std::atomic<int> runs{0};
  std::promise<void> started;
  auto timer = io_timer::start(*t, [&]() -> std::int64_t {
    if (runs.fetch_add(1) == 0)
      started.set_value();
    return 0; // always due: it would run for ever
  });
  ASSERT_EQ(started.get_future().wait_for(patience), std::future_status::ready);
  timer->stop();
  const int seen = runs.load();
  timer->wake();
  t->sync();
  t->sync();
  EXPECT_EQ(runs.load(), seen);
  timer->stop();
}

TEST(io_timer, destroying_it_stops_it) {
  auto t = io_thread::start();
  std::atomic<int> runs{0};
  auto timer = io_timer::start(*t, [&]() -> std::int64_t {
    runs.fetch_add(1);
    return 0;
  });
  t->sync();
  timer.reset();
  const int seen = runs.load();
  t->sync();
  t->sync();
  EXPECT_EQ(runs.load(), seen);
  EXPECT_GE(seen, 1);
}

} // namespace
