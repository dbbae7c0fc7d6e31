// Tests of the pool flusher actor over a metered pool on a fake client pool:
// the figures flushed on its timer, the drain and its answer, and the drain
// when it exits without one.

#include "actors/pool_flusher_actor.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "tests/actors/metered_pool_fixture.hpp"

namespace throng::actors {
namespace {

using std::chrono::seconds;

pool_request logout() {
  pool_request r;
  r.kind.op = protocol::operation::logout;
  return r;
}

http::response no_content() {
  http::response r;
  r.status = 204;
  return r;
}

struct pool_flusher_test : test::metered_pool_fixture {
  /// Has the pool carry one request and answer it.
  void one_answered() {
    pool->submit(logout(), caf::actor_cast<caf::actor>(account));
    fake->answer(fake->submitted() - 1, no_content());
  }

  /// Returns the requests counted in the next stats_delta the stats actor
  /// gets within `limit`, or nothing.
  std::optional<std::uint64_t> counted(seconds limit) {
    std::optional<std::uint64_t> total;
    stats->receive([&](stats_delta& d) { total = d.figures.total; },
                   caf::after(limit) >> [] {});
    return total;
  }
};

TEST_F(pool_flusher_test, flushes_the_figures_on_its_timer) {
  auto flusher = sys.spawn(pool_flusher_actor, &*pool, caf::actor_cast<caf::actor>(stats));
  one_answered();
  EXPECT_EQ(counted(seconds(30)), 1u);
  caf::anon_send_exit(flusher, caf::exit_reason::user_shutdown);
}

TEST_F(pool_flusher_test, drain_sends_the_last_figures_then_answers) {
  auto flusher = sys.spawn(pool_flusher_actor, &*pool, caf::actor_cast<caf::actor>(stats));
  one_answered();
  bool drained = false;
  caf::scoped_actor self{sys};
  self->request(flusher, caf::infinite, drain_atom::value)
    .receive([&](caf::ok_atom) { drained = true; }, [](caf::error&) {});
  EXPECT_TRUE(drained);
  // The figures went before the answer.
  EXPECT_EQ(counted(seconds(0)), 1u);
  caf::anon_send_exit(flusher, caf::exit_reason::user_shutdown);
}

TEST_F(pool_flusher_test, exiting_without_a_drain_drains_the_pool) {
  auto flusher = sys.spawn(pool_flusher_actor, &*pool, caf::actor_cast<caf::actor>(stats));
  caf::scoped_actor self{sys};
  self->monitor(flusher);
  caf::anon_send_exit(flusher, caf::exit_reason::user_shutdown);
  self->receive([](caf::down_msg&) {}, caf::after(seconds(30)) >> [] {});
  // A stopped pool fails a request at once, and the drained pool drops it.
  pool->submit(logout(), caf::actor_cast<caf::actor>(account));
  EXPECT_EQ(fake->submitted(), 0u);
  bool answered = false;
  account->receive([&](pool_response&) { answered = true; },
                   caf::after(seconds(0)) >> [] {});
  EXPECT_FALSE(answered);
}

} // namespace
} // namespace throng::actors
