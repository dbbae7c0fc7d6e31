// Tests of pool_figures: what one answer counts as, by which shard and
// second, and that take() empties them.

#include "actors/pool_figures.hpp"

#include <gtest/gtest.h>

namespace throng::actors {
namespace {

using protocol::operation;

constexpr std::int64_t second_ns = 1'000'000'000;

pool_request sent_to(std::string shard, std::int64_t intended_ns) {
  pool_request r;
  r.kind.op = operation::read_note;
  r.intended_ns = intended_ns;
  r.shard = std::move(shard);
  return r;
}

model::answer answered(std::int64_t sent_ns, std::int64_t received_ns) {
  model::answer a;
  a.result = model::outcome::success;
  a.status = 200;
  a.sent_ns = sent_ns;
  a.received_ns = received_ns;
  return a;
}

TEST(pool_figures, nothing_counted_is_nothing_to_take) {
  run_control control;
  pool_figures f{control};
  EXPECT_FALSE(f.take().has_value());
}

TEST(pool_figures, counts_latency_from_the_intended_time_and_service_from_the_send) {
  run_control control;
  control.start_ns = 10 * second_ns;
  pool_figures f{control};
  const auto intended = 12 * second_ns;
  f.count(sent_to("s1", intended), answered(intended + 4'000'000, intended + 5'000'000));
  auto d = f.take();
  ASSERT_TRUE(d.has_value());
  const auto& op = d->figures.ops[static_cast<std::size_t>(operation::read_note)];
  EXPECT_EQ(d->figures.total, 1u);
  EXPECT_EQ(d->figures.ok, 1u);
  EXPECT_EQ(op.latency_us.max(), 5000u);
  EXPECT_EQ(op.service_us.max(), 1000u);
  EXPECT_EQ(d->figures.shards.at("s1").note_reads, 1u);
  d->series.seal_all();
  // Second 2 of the run, after a row of zeros for each second before it.
  auto rows = d->series.rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].second, 2u);
  EXPECT_EQ(rows[2].shard, "s1");
  EXPECT_EQ(rows[2].count, 1u);
  EXPECT_EQ(rows[0].count + rows[1].count, 0u);
  EXPECT_FALSE(f.take().has_value());
}

TEST(pool_figures, an_unsent_request_counts_under_the_shard_the_answer_names) {
  run_control control;
  pool_figures f{control};
  auto a = answered(0, 3'000'000);
  a.result = model::outcome::not_sent;
  a.error = model::error_kind::connect;
  a.status = 0;
  a.shard = "s2";
  f.count(sent_to("s1", 1'000'000), a);
  auto d = f.take();
  ASSERT_TRUE(d.has_value());
  const auto& op = d->figures.ops[static_cast<std::size_t>(operation::read_note)];
  EXPECT_EQ(d->figures.failed, 1u);
  EXPECT_EQ(op.service_us.max(), op.latency_us.max());
  EXPECT_EQ(op.latency_us.max(), 2000u);
  EXPECT_EQ(d->figures.shards.count("s1"), 0u);
  EXPECT_EQ(d->figures.shards.at("s2").errors, 1u);
}

} // namespace
} // namespace throng::actors
