// Tests of metered_pool over a fake client pool: each answer classified,
// counted and handed back once, seed-data requests not counted, and nothing
// counted or handed back once the pool drains.

#include "actors/metered_pool.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include <caf/all.hpp>

#include "tests/actors/metered_pool_fixture.hpp"

namespace throng::actors {
namespace {

using protocol::operation;

pool_request logout(std::string shard, bool seed = false) {
  pool_request r;
  r.req.verb = http::method::post;
  r.req.target = "/v1/sessions/logout";
  r.kind.op = operation::logout;
  r.intended_ns = 1;
  r.shard = std::move(shard);
  r.seed = seed;
  return r;
}

http::response no_content(std::string shard = "") {
  http::response r;
  r.status = 204;
  r.shard = std::move(shard);
  r.sent_ns = 2;
  r.received_ns = 3;
  return r;
}

struct metered_pool_test : test::metered_pool_fixture {
  /// Returns the pool_response in `account`'s mailbox, if one is there:
  /// the fake pool answers on the test's thread, so it is there at once.
  std::optional<model::answer> answer_received() {
    std::optional<model::answer> got;
    account->receive([&](pool_response& r) { got = std::move(r.resp); },
                     caf::after(std::chrono::seconds(0)) >> [] {});
    return got;
  }

  /// Returns the stats_delta in the stats actor's mailbox, if one is there.
  std::optional<stats_delta> figures_received() {
    std::optional<stats_delta> got;
    stats->receive([&](stats_delta& d) { got = std::move(d); },
                   caf::after(std::chrono::seconds(0)) >> [] {});
    return got;
  }
};

TEST_F(metered_pool_test, an_answer_is_classified_counted_and_handed_back_once) {
  pool->submit(logout("s1"), caf::actor_cast<caf::actor>(account));
  ASSERT_EQ(fake->submitted(), 1u);
  EXPECT_FALSE(answer_received());
  fake->answer(0, no_content("s2"));
  auto a = answer_received();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->result, model::outcome::success);
  EXPECT_EQ(a->status, 204);
  EXPECT_EQ(a->shard, "s2");
  EXPECT_FALSE(answer_received());
  pool->flush(caf::actor_cast<caf::actor>(stats));
  auto d = figures_received();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->figures.total, 1u);
  EXPECT_EQ(d->figures.ok, 1u);
  EXPECT_EQ(d->figures.shards.count("s2"), 1u);
  // Flushed: nothing new to send.
  pool->flush(caf::actor_cast<caf::actor>(stats));
  EXPECT_FALSE(figures_received());
}

TEST_F(metered_pool_test, a_seed_data_request_is_answered_but_not_counted) {
  pool->submit(logout("s1", true), caf::actor_cast<caf::actor>(account));
  fake->answer(0, no_content());
  EXPECT_TRUE(answer_received());
  pool->flush(caf::actor_cast<caf::actor>(stats));
  EXPECT_FALSE(figures_received());
}

TEST_F(metered_pool_test, drain_sends_the_last_figures_and_drops_what_comes_later) {
  auto self = caf::actor_cast<caf::actor>(account);
  pool->submit(logout("s1"), self);
  pool->submit(logout("s1"), self);
  fake->answer(0, no_content());
  ASSERT_TRUE(answer_received());
  pool->drain(caf::actor_cast<caf::actor>(stats));
  auto d = figures_received();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->figures.total, 1u);
  // The second request, failed by the stopping pool, is neither handed
  // back nor counted; nor is one submitted after the drain.
  EXPECT_FALSE(answer_received());
  pool->submit(logout("s1"), self);
  EXPECT_FALSE(answer_received());
  EXPECT_EQ(fake->submitted(), 2u);
  pool->flush(caf::actor_cast<caf::actor>(stats));
  pool->drain(caf::actor_cast<caf::actor>(stats));
  EXPECT_FALSE(figures_received());
}

} // namespace
} // namespace throng::actors
