// Tests of tick_clock: every due tick goes to its account's inbox, only a
// listening account is named to wake, leaving stops the ticks, and each
// tick handed over is counted once in the backlog and the lateness.

#include "actors/tick_clock.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <optional>
#include <vector>

#include <caf/all.hpp>

#include "http/message.hpp"

namespace throng::actors {
namespace {

constexpr std::int64_t second = 1'000'000'000;

/// A clock with `n` accounts at `rpm`, each an actor that does nothing.
struct clock_with_accounts : ::testing::Test {
  void make(std::size_t n, double rpm) {
    clock.emplace(rpm, 7);
    ticker_join j;
    for (std::size_t i = 0; i < n; ++i) {
      j.accounts.push_back(sys.spawn([](caf::event_based_actor*) -> caf::behavior {
        return {[](tick_atom) {}};
      }));
      actors.push_back(j.accounts.back());
      inboxes.emplace_back();
    }
    j.inboxes = &inboxes;
    clock->join(j);
  }

  // The slots of the accounts fire() named, in order.
  std::vector<std::uint32_t> slots_woken() const {
    std::vector<std::uint32_t> out;
    for (const auto& w : wakes)
      out.push_back(w.first);
    std::sort(out.begin(), out.end()); // they come in order of due time
    return out;
  }

  std::uint64_t ticks_kept() const {
    std::uint64_t n = 0;
    for (const auto& in : inboxes)
      n += in.size();
    return n;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  std::deque<model::tick_inbox> inboxes;
  std::optional<tick_clock> clock;
  std::atomic<std::int64_t> backlog{0};
  std::vector<caf::actor> actors; // by slot, as they joined
  std::vector<tick_clock::wake> wakes;
};

TEST_F(clock_with_accounts, the_first_ticks_wake_every_account_the_later_ones_none) {
  make(3, 180); // each account every second
  const auto start = http::now_ns();
  clock->fire(start + second, backlog, wakes);
  EXPECT_EQ(slots_woken(), (std::vector<std::uint32_t>{0, 1, 2}));
  for (const auto& [slot, actor] : wakes)
    EXPECT_EQ(*actor, actors[slot]);
  const auto first = ticks_kept();
  EXPECT_GE(first, 3u);
  EXPECT_EQ(static_cast<std::uint64_t>(backlog.load()), first);
  wakes.clear();
  // Ten seconds on: about ten more ticks each, and no account listened.
  clock->fire(start + 11 * second, backlog, wakes);
  EXPECT_TRUE(wakes.empty());
  EXPECT_GE(ticks_kept(), first + 27);
  EXPECT_LE(ticks_kept(), first + 33);
  EXPECT_EQ(static_cast<std::uint64_t>(backlog.load()), ticks_kept());
  EXPECT_EQ(clock->take_lateness().count(), ticks_kept());
}

TEST_F(clock_with_accounts, an_account_that_took_all_its_ticks_is_woken_by_the_next) {
  make(2, 120);
  const auto start = http::now_ns();
  clock->fire(start + second, backlog, wakes);
  while (inboxes[1].take_or_listen()) {
  }
  wakes.clear();
  clock->fire(start + 3 * second, backlog, wakes);
  EXPECT_EQ(slots_woken(), (std::vector<std::uint32_t>{1}));
  ASSERT_EQ(wakes.size(), 1u);
  EXPECT_EQ(*wakes[0].second, actors[1]);
}

TEST_F(clock_with_accounts, an_account_that_left_gets_no_tick_and_is_named_once) {
  make(3, 180);
  ticker_leave l;
  l.indices = {2, 7};
  const auto gone = clock->leave(l);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].first, 2u);
  EXPECT_TRUE(gone[0].second);
  EXPECT_TRUE(clock->leave(l).empty());
  clock->fire(http::now_ns() + 5 * second, backlog, wakes);
  EXPECT_EQ(inboxes[2].size(), 0u);
  EXPECT_GT(inboxes[0].size(), 0u);
  EXPECT_EQ(static_cast<std::uint64_t>(backlog.load()), ticks_kept());
}

TEST_F(clock_with_accounts, with_no_account_nothing_is_due) {
  make(0, 180);
  EXPECT_EQ(clock->next_due_ns(), INT64_MAX);
  clock->fire(http::now_ns() + second, backlog, wakes);
  EXPECT_TRUE(wakes.empty());
  EXPECT_EQ(backlog.load(), 0);
}

} // namespace
} // namespace throng::actors
