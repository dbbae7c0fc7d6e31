// Tests of io_thread: where and in what order its tasks run, sync() and
// stop(), and client pools sharing one.

#include "http/io_thread.hpp"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/client_pool.hpp"
#include "tests/http/answer_log.hpp"
#include "tests/http/client_pool_helpers.hpp"
#include "tests/http/scripted_server.hpp"

using namespace throng::http;
using namespace throng::http::test;

namespace {

/// What the tasks of a test saw: the thread each ran on, in order.
struct trace {
  std::vector<int> order;
  std::vector<io_thread*> current;
  std::vector<std::thread::id> threads;

  static void note(void* t, void* n) {
    auto* self = static_cast<trace*>(t);
    self->order.push_back(*static_cast<int*>(n));
    self->current.push_back(io_thread::current());
    self->threads.push_back(std::this_thread::get_id());
  }
};

} // namespace

TEST(io_thread, runs_tasks_in_order_on_its_thread) {
  auto t = io_thread::start();
  trace seen;
  int numbers[] = {0, 1, 2, 3, 4};
  for (auto& n : numbers)
    t->post(&trace::note, &seen, &n);
  t->sync();
  EXPECT_EQ(seen.order, (std::vector<int>{0, 1, 2, 3, 4}));
  for (std::size_t i = 0; i < seen.order.size(); ++i) {
    EXPECT_EQ(seen.current[i], t.get());
    EXPECT_NE(seen.threads[i], std::this_thread::get_id());
  }
  EXPECT_EQ(io_thread::current(), nullptr);
}

TEST(io_thread, a_task_posted_from_a_task_runs_after_it_on_the_same_thread) {
  auto t = io_thread::start();
  struct chain {
    io_thread* thread;
    trace seen;
    int first = 1;
    int second = 2;
  } c{t.get(), {}};
  t->post(
    [](void* p, void*) {
      auto* self = static_cast<chain*>(p);
      self->thread->post(&trace::note, &self->seen, &self->second);
      trace::note(&self->seen, &self->first);
    },
    &c, nullptr);
  // The first sync sees the first task done, so its post queued; the
  // second comes after that post.
  t->sync();
  t->sync();
  EXPECT_EQ(c.seen.order, (std::vector<int>{1, 2}));
  EXPECT_EQ(c.seen.threads[0], c.seen.threads[1]);
}

TEST(io_thread, stop_runs_what_is_still_queued_and_is_idempotent) {
  auto t = io_thread::start();
  std::atomic<int> ran{0};
  auto count = [](void* r, void*) { static_cast<std::atomic<int>*>(r)->fetch_add(1); };
  for (int i = 0; i < 1000; ++i)
    t->post(count, &ran, nullptr);
  t->stop();
  EXPECT_EQ(ran.load(), 1000);
  t->stop();
}

TEST(io_thread, pools_share_it_and_stop_without_stopping_it) {
  scripted_server server{ok_json()};
  auto t = io_thread::start();
  auto a = client_pool::create(options_for(server.port()), t.get());
  auto b = client_pool::create(options_for(server.port()), t.get());
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  answer_log answers{20};
  for (std::size_t i = 0; i < 20; ++i)
    (i % 2 == 0 ? **a : **b).submit(get("/"), answers.slot(i));
  ASSERT_TRUE(answers.wait());
  EXPECT_TRUE(answers.not_answered_once().empty());
  std::thread::id io;
  struct probe {
    std::thread::id* id;
    static void take(void* p, void*) { *static_cast<probe*>(p)->id = std::this_thread::get_id(); }
  } p{&io};
  t->post(&probe::take, &p, nullptr);
  t->sync();
  for (auto id : answers.threads())
    EXPECT_EQ(id, io);
  // One pool stopped and gone: the other and the thread go on.
  a->reset();
  answer_log more{4};
  for (std::size_t i = 0; i < 4; ++i)
    (**b).submit(get("/"), more.slot(i));
  ASSERT_TRUE(more.wait());
  EXPECT_TRUE(more.not_answered_once().empty());
  EXPECT_EQ(more.at(0).status, 200);
}

TEST(io_thread, a_pool_stopped_mid_flight_answers_everything_once_and_leaves_it_running) {
  scripted_server server{ok_json()};
  auto t = io_thread::start();
  auto pool = client_pool::create(options_for(server.port()), t.get());
  ASSERT_TRUE(pool);
  answer_log answers{200};
  for (std::size_t i = 0; i < 200; ++i)
    (**pool).submit(get("/"), answers.slot(i));
  pool->reset(); // stops it: what was in flight or queued fails with reset
  ASSERT_TRUE(answers.wait());
  EXPECT_TRUE(answers.not_answered_once().empty());
  int n = 7;
  trace seen;
  t->post(&trace::note, &seen, &n);
  t->sync();
  EXPECT_EQ(seen.order, std::vector<int>{7});
}
