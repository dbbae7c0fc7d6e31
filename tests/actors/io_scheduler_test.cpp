// Tests of io_scheduler: actors run on the I/O threads it is given, stay on
// the thread that made them ready, keep their timers, and the system shuts
// down with every actor's work done.

#include "actors/io_scheduler.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "http/io_thread.hpp"

using namespace throng;

namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using where_atom = caf::atom_constant<caf::atom("where")>;

/// Returns the index of the I/O thread among `threads` that calls it, or
/// -1.
int index_here(const std::vector<http::io_thread*>& threads) {
  for (std::size_t i = 0; i < threads.size(); ++i)
    if (threads[i] == http::io_thread::current())
      return static_cast<int>(i);
  return -1;
}

/// Two I/O threads and an actor system scheduled on them.
struct scheduled_on_two : ::testing::Test {
  std::unique_ptr<http::io_thread> a = http::io_thread::start();
  std::unique_ptr<http::io_thread> b = http::io_thread::start();
  std::vector<http::io_thread*> threads{a.get(), b.get()};
};

} // namespace

TEST_F(scheduled_on_two, actors_started_from_elsewhere_run_on_the_threads_in_turn) {
  caf::actor_system_config cfg;
  actors::io_scheduler::install(cfg, threads);
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::vector<caf::actor> spawned;
  std::vector<int> started(8, -2); // where each actor began, by number
  for (int i = 0; i < 8; ++i)
    spawned.push_back(sys.spawn([&, i, t = threads](caf::event_based_actor*) -> caf::behavior {
      started[static_cast<std::size_t>(i)] = index_here(t);
      return {[t](where_atom) { return index_here(t); }};
    }));
  for (auto& l : spawned) {
    self->request(l, caf::infinite, where_atom::value)
      .receive([&](int where) { EXPECT_GE(where, 0); },
               [&](caf::error& e) { ADD_FAILURE() << sys.render(e); });
    self->send_exit(l, caf::exit_reason::user_shutdown);
  }
  // Eight spawns in a row from this thread: four on each.
  EXPECT_EQ(std::count(started.begin(), started.end(), 0), 4);
  EXPECT_EQ(std::count(started.begin(), started.end(), 1), 4);
}

TEST_F(scheduled_on_two, an_actor_made_ready_on_a_thread_runs_there) {
  caf::actor_system_config cfg;
  actors::io_scheduler::install(cfg, threads);
  caf::actor_system sys{cfg};
  std::atomic<int> where{-2};
  auto l = sys.spawn([&](caf::event_based_actor*) -> caf::behavior {
    return {[&](ping_atom) { where = http::io_thread::current() == b.get() ? 1 : 0; }};
  });
  struct sender {
    caf::actor to;
    static void send(void* s, void*) { caf::anon_send(static_cast<sender*>(s)->to, ping_atom::value); }
  } s{l};
  // Once the actor has started and gone idle, each ping sent from a task on
  // a thread makes it run on that thread (its run is posted after the task:
  // two syncs of the thread see it done).
  b->post(&sender::send, &s, nullptr);
  for (int i = 0; i < 2; ++i) {
    a->sync();
    b->sync();
  }
  for (int i = 0; i < 10; ++i) {
    auto& from = i % 2 == 0 ? b : a;
    where = -2;
    from->post(&sender::send, &s, nullptr);
    from->sync();
    from->sync();
    EXPECT_EQ(where.load(), i % 2 == 0 ? 1 : 0) << "ping " << i;
  }
  caf::anon_send_exit(l, caf::exit_reason::user_shutdown);
}

namespace {

/// Makes `to` ready with a ping through io_scheduler::here(), and notes
/// whether a unit was there and whether the actor had run by the time the
/// call returned.
struct here_sender {
  caf::actor to;
  std::atomic<int>* pings = nullptr;
  bool had_unit = false;
  int seen = -1;
  static void send(void* s, void*) {
    auto& self = *static_cast<here_sender*>(s);
    auto* unit = actors::io_scheduler::here();
    self.had_unit = unit != nullptr;
    self.to->enqueue(caf::make_mailbox_element(nullptr, caf::make_message_id(), {},
                                               ping_atom::value),
                     unit);
    self.seen = self.pings->load();
  }
};

} // namespace

TEST_F(scheduled_on_two, an_actor_made_ready_with_here_runs_before_the_task_goes_on) {
  caf::actor_system_config cfg;
  actors::io_scheduler::install(cfg, threads);
  caf::actor_system sys{cfg};
  std::atomic<int> pings{0};
  std::atomic<int> where{-2};
  auto l = sys.spawn([&](caf::event_based_actor*) -> caf::behavior {
    return {[&](ping_atom) {
      where = http::io_thread::current() == b.get() ? 1 : 0;
      ++pings;
    }};
  });
  // Let the actor start and go idle (see above), then ping it from b.
  for (int i = 0; i < 2; ++i) {
    a->sync();
    b->sync();
  }
  EXPECT_EQ(actors::io_scheduler::here(), nullptr) << "not an I/O thread";
  for (int i = 1; i <= 5; ++i) {
    here_sender s{l, &pings};
    b->post(&here_sender::send, &s, nullptr);
    b->sync();
    EXPECT_TRUE(s.had_unit);
    EXPECT_EQ(s.seen, i) << "the actor ran inside the task";
    EXPECT_EQ(where.load(), 1);
  }
  caf::anon_send_exit(l, caf::exit_reason::user_shutdown);
}

TEST_F(scheduled_on_two, inside_an_actor_here_queues_rather_than_nesting) {
  caf::actor_system_config cfg;
  actors::io_scheduler::install(cfg, threads);
  caf::actor_system sys{cfg};
  std::atomic<int> pings{0};
  auto target = sys.spawn([&](caf::event_based_actor*) -> caf::behavior {
    return {[&](ping_atom) { ++pings; }};
  });
  here_sender s{target, &pings};
  auto relay = sys.spawn([&](caf::event_based_actor*) -> caf::behavior {
    return {[&](where_atom) {
      here_sender::send(&s, nullptr);
      return caf::ok_atom::value;
    }};
  });
  caf::scoped_actor self{sys};
  self->request(relay, caf::infinite, where_atom::value)
    .receive([](caf::ok_atom) {}, [&](caf::error& e) { ADD_FAILURE() << sys.render(e); });
  EXPECT_TRUE(s.had_unit);
  EXPECT_EQ(s.seen, 0) << "the target ran inside the relay";
  // The ping was queued on the relay's thread: it runs after the relay.
  for (int i = 0; i < 2; ++i) {
    a->sync();
    b->sync();
  }
  EXPECT_EQ(pings.load(), 1);
  caf::anon_send_exit(relay, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
}

TEST_F(scheduled_on_two, delayed_messages_and_ping_pong_complete_and_the_system_stops) {
  int done = 0;
  {
    caf::actor_system_config cfg;
    actors::io_scheduler::install(cfg, threads);
    caf::actor_system sys{cfg};
    caf::scoped_actor self{sys};
    auto echo = sys.spawn([](caf::event_based_actor*) -> caf::behavior {
      return {[](ping_atom, int n) { return n; }};
    });
    caf::actor waiter = self;
    for (int k = 0; k < 4; ++k)
      sys.spawn([echo, waiter](caf::event_based_actor* pinger) {
        pinger->delayed_send(pinger, std::chrono::milliseconds(1), ping_atom::value, 0);
        return caf::behavior{[pinger, echo, waiter](ping_atom, int n) {
          if (n == 1000) {
            pinger->send(waiter, caf::ok_atom::value);
            pinger->quit();
            return;
          }
          pinger->request(echo, caf::infinite, ping_atom::value, n + 1)
            .then([pinger](int m) { pinger->send(pinger, ping_atom::value, m); });
        }};
      });
    for (int k = 0; k < 4; ++k)
      self->receive([&](caf::ok_atom) { ++done; },
                    caf::after(std::chrono::seconds(30)) >> [] { ADD_FAILURE() << "no answer"; });
    self->send_exit(echo, caf::exit_reason::user_shutdown);
  }
  EXPECT_EQ(done, 4);
  // The threads outlive the system and still run tasks.
  std::atomic<bool> ran{false};
  a->post([](void* r, void*) { *static_cast<std::atomic<bool>*>(r) = true; }, &ran, nullptr);
  a->sync();
  EXPECT_TRUE(ran.load());
}
