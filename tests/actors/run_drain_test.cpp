// Tests of run_drain against fake pool flushers and a fake stats actor: the
// grace period, the second interrupt, the pools drained, the accounts ended
// and the totals collected.

#include "actors/run_drain.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <sstream>

#include <caf/all.hpp>

#include "tests/actors/crowd_parts.hpp"

namespace throng::actors {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// A pool flusher that counts the drains it was asked for.
caf::behavior fake_pool(caf::event_based_actor*, std::atomic<int>* drained) {
  return {[drained](drain_atom) {
    ++*drained;
    return caf::ok_atom::value;
  }};
}

/// A stats actor whose totals are 7 requests.
caf::behavior fake_stats(caf::event_based_actor*) {
  return {[](totals_atom) {
    stats_delta d;
    d.figures.total = 7;
    return d;
  }};
}

/// An actor that understands nothing: requests to it fail.
caf::behavior deaf(caf::event_based_actor*) {
  return {[](tick_atom) {}};
}

struct run_drain_test : ::testing::Test {
  run_drain_test() : watcher{sys} {
    controls.emplace(control, test::populations(), 5, 100);
    auto spawn = [this](std::uint32_t, const population_slot&, model::tick_inbox*) {
      auto a = sys.spawn(deaf);
      watcher->monitor(a);
      return a;
    };
    members.emplace(test::plan_of(*controls, 2, 100), *controls, spawn, log);
    members->add(2, nullptr);
    // As the run leaves them once its accounts and ticker are gone.
    control.ticker_done = true;
  }

  /// Runs the drain of `pools` in an actor of its own, which quits when
  /// the drain is over, and returns the totals it handed over.
  stats_delta drain(std::vector<caf::actor> pools, milliseconds grace) {
    stats_delta totals;
    run_drain d{control, interrupt, grace, log};
    auto stats = sys.spawn(fake_stats);
    watcher->monitor(stats);
    for (auto& p : pools)
      watcher->monitor(p);
    auto driver = sys.spawn([&](caf::event_based_actor* self) -> caf::behavior {
      d.begin(self, pools, stats, *members, [&totals, self](stats_delta t) {
        totals = std::move(t);
        self->quit();
      });
      return {[&d, self](drain_check_atom) { d.on_check(self); }};
    });
    caf::scoped_actor waiter{sys};
    waiter->wait_for(driver);
    return totals;
  }

  /// Returns how many of the watched actors ended, waiting for up to `n`.
  std::size_t ended(std::size_t n) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i)
      watcher->receive([&](caf::down_msg&) { ++count; }, caf::after(seconds(30)) >> [] {});
    return count;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor watcher;
  run_control control;
  std::atomic<int> interrupt{0};
  std::optional<crowd_controls> controls;
  std::ostringstream log;
  std::optional<crowd> members;
};

TEST_F(run_drain_test, drains_the_pools_ends_everything_and_hands_over_the_totals) {
  std::atomic<int> drained{0};
  std::vector<caf::actor> pools{sys.spawn(fake_pool, &drained),
                                sys.spawn(fake_pool, &drained)};
  control.tick_backlog = 3;
  control.ticks_abandoned = 2;
  auto totals = drain(pools, seconds(60));
  EXPECT_TRUE(control.stopping);
  EXPECT_EQ(drained, 2);
  EXPECT_EQ(totals.figures.total, 7u);
  EXPECT_EQ(totals.figures.skipped_ticks, 5u); // the ticks never sent
  EXPECT_EQ(members->size(), 0u);
  EXPECT_EQ(ended(5), 5u); // the two accounts, the two pools, the stats actor
  EXPECT_EQ(log.str(), "");
}

TEST_F(run_drain_test, requests_still_in_flight_after_the_grace_period_are_told) {
  std::atomic<int> drained{0};
  control.in_flight = 3;
  drain({sys.spawn(fake_pool, &drained)}, milliseconds(0));
  EXPECT_EQ(drained, 1);
  EXPECT_EQ(log.str(), "stopping with 3 requests still in flight after the grace period\n");
}

TEST_F(run_drain_test, a_second_interrupt_skips_the_grace_period) {
  std::atomic<int> drained{0};
  control.in_flight = 1;
  interrupt = 2;
  // Were the grace period waited for, the test would time out.
  drain({sys.spawn(fake_pool, &drained)}, std::chrono::minutes(10));
  EXPECT_EQ(drained, 1);
  EXPECT_EQ(log.str(), "stopping with 1 requests still in flight after the grace period\n");
}

TEST_F(run_drain_test, a_pool_that_fails_the_drain_counts_as_drained) {
  auto totals = drain({sys.spawn(deaf)}, seconds(60));
  EXPECT_EQ(totals.figures.total, 7u);
}

} // namespace
} // namespace throng::actors
