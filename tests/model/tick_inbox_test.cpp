// Tests of tick_inbox: ticks come back in order, a listening account is
// woken once, a busy one never, and no wake is lost between two threads.

#include "model/tick_inbox.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace throng::model {
namespace {

TEST(tick_inbox, a_new_inbox_is_empty_and_listening) {
  tick_inbox in;
  EXPECT_EQ(in.size(), 0u);
  EXPECT_TRUE(in.listening());
}

TEST(tick_inbox, the_first_tick_wakes_a_listening_account_and_no_later_one) {
  tick_inbox in;
  EXPECT_TRUE(in.add(10, 10, 1));
  EXPECT_FALSE(in.listening());
  EXPECT_FALSE(in.add(20, 40, 3));
  EXPECT_EQ(in.size(), 4u);
}

TEST(tick_inbox, adding_no_tick_wakes_no_one) {
  tick_inbox in;
  EXPECT_FALSE(in.add(10, 10, 0));
  EXPECT_TRUE(in.listening());
}

TEST(tick_inbox, ticks_come_back_in_order_then_the_account_listens_again) {
  tick_inbox in;
  in.add(0, 20, 3);
  EXPECT_EQ(in.take_or_listen(), std::optional<std::int64_t>{0});
  EXPECT_EQ(in.take_or_listen(), std::optional<std::int64_t>{10});
  EXPECT_EQ(in.take_or_listen(), std::optional<std::int64_t>{20});
  EXPECT_FALSE(in.listening());
  EXPECT_EQ(in.take_or_listen(), std::nullopt);
  EXPECT_TRUE(in.listening());
  EXPECT_TRUE(in.add(30, 30, 1));
}

TEST(tick_inbox, an_account_backing_off_listens_with_ticks_kept) {
  tick_inbox in;
  in.add(0, 0, 1);
  in.listen();
  EXPECT_TRUE(in.add(5, 5, 1));
  EXPECT_EQ(in.size(), 2u);
}

TEST(tick_inbox, clearing_drops_the_ticks_and_stops_listening) {
  tick_inbox in;
  in.add(0, 30, 4);
  in.listen();
  EXPECT_EQ(in.clear(), 4u);
  EXPECT_EQ(in.size(), 0u);
  EXPECT_FALSE(in.listening());
  EXPECT_FALSE(in.add(40, 40, 1));
}

// Against a model: a tick_backlog and a flag, for any sequence of calls.
TEST(tick_inbox, behaves_as_a_backlog_with_a_listening_flag) {
  const bool ok = rc::check([](const std::vector<std::uint8_t>& ops) {
    tick_inbox in;
    tick_backlog model;
    bool listening = true;
    std::int64_t t = 0;
    for (auto op : ops) {
      switch (op % 4) {
        case 0: {
          const std::uint64_t n = op / 4 % 3;
          const bool woke = in.add(t, t + 10 * static_cast<std::int64_t>(n), n);
          RC_ASSERT(woke == (n > 0 && listening));
          if (n > 0) {
            model.add(t, t + 10 * static_cast<std::int64_t>(n), n);
            listening = false;
          }
          t += 100;
          break;
        }
        case 1: {
          const auto got = in.take_or_listen();
          if (model.empty()) {
            RC_ASSERT(!got);
            listening = true;
          } else {
            RC_ASSERT(got == std::optional<std::int64_t>{model.take()});
          }
          break;
        }
        case 2:
          in.listen();
          listening = true;
          break;
        default:
          RC_ASSERT(in.clear() == model.size());
          model = tick_backlog{};
          listening = false;
      }
      RC_ASSERT(in.size() == model.size());
      RC_ASSERT(in.listening() == listening);
    }
  });
  EXPECT_TRUE(ok);
}

// A ticker thread adds runs of ticks while the account's thread, woken
// through a queue as an actor's mailbox would, takes them one at a time:
// every tick is taken once, and the account is never left asleep with
// ticks in its inbox.
TEST(tick_inbox, no_wake_is_lost_between_the_ticker_and_the_account) {
  constexpr std::uint64_t runs = 200'000;
  tick_inbox in;
  std::mutex m;
  std::condition_variable cv;
  std::uint64_t wakes = 0;
  std::uint64_t woken = 0;
  std::thread ticker{[&] {
    for (std::uint64_t i = 0; i < runs; ++i) {
      const auto t = static_cast<std::int64_t>(i) * 10;
      if (in.add(t, t, 1)) {
        std::lock_guard<std::mutex> l{m};
        ++wakes;
        cv.notify_one();
      }
    }
  }};
  std::uint64_t taken = 0;
  std::int64_t last = -1;
  bool in_order = true;
  while (taken < runs) {
    {
      std::unique_lock<std::mutex> l{m};
      if (!cv.wait_for(l, std::chrono::seconds(60), [&] { return wakes > woken; }))
        break;
      ++woken;
    }
    while (auto due = in.take_or_listen()) {
      in_order = in_order && *due > last;
      last = *due;
      ++taken;
    }
  }
  ticker.join();
  EXPECT_EQ(taken, runs);
  EXPECT_TRUE(in_order);
  // The account took the last tick before the ticker's last wake, if any,
  // came: it is left listening on an empty inbox.
  EXPECT_LE(wakes - woken, 1u);
  EXPECT_EQ(in.size(), 0u);
  EXPECT_TRUE(in.listening());
}

} // namespace
} // namespace throng::model
