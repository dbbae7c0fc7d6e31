// Tests of crowd: accounts held until the ticker starts, joining and leaving
// its schedule, the account limit, populations, the closed model, the stop.

#include "actors/crowd.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>

#include <caf/all.hpp>

#include "tests/actors/crowd_parts.hpp"

namespace throng::actors {
namespace {

using std::chrono::seconds;

/// A crowd of the test: its controls, an actor system, a scoped actor as
/// its ticker and another as the inbox of every account.
struct crowd_with_ticker : ::testing::Test {
  crowd_with_ticker() : ticker{sys}, inbox{sys} {}

  /// Makes the crowd of a run of `accounts` with the given populations (one
  /// "random" when empty).
  crowd& make(std::size_t accounts, std::size_t limit, bool closed,
              std::vector<model::population_spec> specs = {}) {
    controls.emplace(control, test::populations(std::move(specs)), 5, limit);
    auto spawn = [this](std::uint32_t index, const population_slot& pop, model::tick_inbox*) {
      spawned.emplace_back(index, pop.spec.name);
      return inbox_handle();
    };
    members.emplace(test::plan_of(*controls, accounts, limit, closed), *controls,
                    std::move(spawn), log);
    return *members;
  }

  caf::actor ticker_handle() { return caf::actor_cast<caf::actor>(ticker.ptr()); }
  caf::actor inbox_handle() { return caf::actor_cast<caf::actor>(inbox.ptr()); }

  /// Returns the ticker_join waiting for the ticker, if there is one.
  std::optional<ticker_join> joined() {
    std::optional<ticker_join> j;
    ticker->receive([&](ticker_join& x) { j = std::move(x); },
                    caf::after(seconds(0)) >> [] {});
    return j;
  }

  /// Returns how many `Atom`s are waiting in the accounts' inbox.
  template <class Atom>
  std::size_t received() {
    std::size_t n = 0;
    bool more = true;
    while (more)
      inbox->receive([&](Atom) { ++n; }, caf::after(seconds(0)) >> [&] { more = false; });
    return n;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor ticker;
  caf::scoped_actor inbox;
  run_control control;
  std::optional<crowd_controls> controls;
  std::ostringstream log;
  std::vector<std::pair<std::uint32_t, std::string>> spawned;
  std::optional<crowd> members;
};

TEST_F(crowd_with_ticker, accounts_added_before_the_start_join_the_ticker_when_it_starts) {
  auto& c = make(4, 100, false);
  c.add(3, nullptr);
  c.add(1, nullptr);
  EXPECT_EQ(c.size(), 4u);
  EXPECT_FALSE(joined());
  c.start(ticker_handle());
  auto j = joined();
  ASSERT_TRUE(j);
  EXPECT_EQ(j->first_index, 0u);
  EXPECT_EQ(j->accounts.size(), 4u);
  EXPECT_EQ(j->shapes.size(), 4u);
  c.add(2, nullptr);
  j = joined();
  ASSERT_TRUE(j);
  EXPECT_EQ(j->first_index, 4u);
  EXPECT_EQ(j->accounts.size(), 2u);
  EXPECT_EQ(c.accounts().size(), 6u);
}

TEST_F(crowd_with_ticker, removal_takes_the_most_recently_added_accounts_off_the_schedule) {
  auto& c = make(4, 100, false);
  c.start(ticker_handle());
  c.add(5, nullptr);
  joined();
  EXPECT_EQ(c.remove(2), 2u);
  std::vector<std::uint32_t> left;
  ticker->receive([&](ticker_leave& l) { left = l.indices; },
                  caf::after(seconds(0)) >> [] {});
  EXPECT_EQ(left, (std::vector<std::uint32_t>{4, 3}));
  EXPECT_EQ(c.remove(10), 3u);
  EXPECT_EQ(c.size(), 0u);
  // Indexes are never reused.
  c.add(1, nullptr);
  auto j = joined();
  ASSERT_TRUE(j);
  EXPECT_EQ(j->first_index, 5u);
}

TEST_F(crowd_with_ticker, past_the_account_limit_it_says_so_once_and_adds_what_fits) {
  auto& c = make(2, 3, false);
  c.add(2, nullptr);
  c.add(2, nullptr);
  c.add(2, nullptr);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(log.str(), "cannot add 1 account: account indexes are used up (3 accounts made "
                       "in this run)\n");
  // The controls know: the control API cannot add any more either.
  EXPECT_FALSE(controls->add_accounts(1, "random"));
}

TEST_F(crowd_with_ticker, accounts_join_their_index_s_population_or_the_one_asked_for) {
  auto writers = test::population("writers", "random");
  writers.count = 1;
  auto& c = make(3, 100, false, {writers, test::population("readers", "reader")});
  c.add(3, nullptr);
  c.add(1, &controls->population(1));
  ASSERT_EQ(spawned.size(), 4u);
  EXPECT_EQ(spawned[0], (std::pair<std::uint32_t, std::string>{0, "writers"}));
  EXPECT_EQ(spawned[1].second, "readers");
  EXPECT_EQ(spawned[2].second, "readers");
  EXPECT_EQ(spawned[3], (std::pair<std::uint32_t, std::string>{3, "readers"}));
  control::crowd_status s;
  c.count(s);
  EXPECT_EQ(s.accounts, 4u);
  using counts = std::map<std::string, std::size_t>;
  EXPECT_EQ(s.by_population, (counts{{"readers", 3}, {"writers", 1}}));
  EXPECT_EQ(s.by_behaviour, (counts{{"random", 1}, {"reader", 3}}));
  c.remove(3);
  c.count(s);
  EXPECT_EQ(s.by_population, (counts{{"writers", 1}}));
}

TEST_F(crowd_with_ticker, closed_model_accounts_start_with_the_crowd_and_retire_when_removed) {
  auto& c = make(2, 100, true);
  c.add(2, nullptr);
  EXPECT_EQ(received<start_atom>(), 0u);
  c.start(ticker_handle());
  EXPECT_EQ(received<start_atom>(), 2u);
  c.add(1, nullptr);
  EXPECT_EQ(received<start_atom>(), 1u);
  EXPECT_EQ(c.remove(2), 2u);
  EXPECT_EQ(received<retire_atom>(), 2u);
  // The ticker has nothing to do with them.
  EXPECT_FALSE(joined());
  bool left = false;
  ticker->receive([&](ticker_leave&) { left = true; }, caf::after(seconds(0)) >> [] {});
  EXPECT_FALSE(left);
}

TEST_F(crowd_with_ticker, stop_ends_every_account) {
  controls.emplace(control, test::populations(), 5, 100);
  caf::scoped_actor watcher{sys};
  auto spawn = [&](std::uint32_t, const population_slot&, model::tick_inbox*) {
    auto a = sys.spawn([](caf::event_based_actor*) -> caf::behavior {
      return {[](tick_atom) {}};
    });
    watcher->monitor(a);
    return a;
  };
  crowd c{test::plan_of(*controls, 3, 100), *controls, spawn, log};
  c.add(3, nullptr);
  c.stop();
  EXPECT_EQ(c.size(), 0u);
  std::size_t ended = 0;
  for (int i = 0; i < 3; ++i)
    watcher->receive(
      [&](caf::down_msg& d) {
        EXPECT_EQ(d.reason, caf::exit_reason::user_shutdown);
        ++ended;
      },
      caf::after(seconds(30)) >> [] {});
  EXPECT_EQ(ended, 3u);
}

} // namespace
} // namespace throng::actors
