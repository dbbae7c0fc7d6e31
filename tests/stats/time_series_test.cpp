#include "stats/time_series.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace throng::stats {
namespace {

using protocol::operation;

TEST(time_series, one_row_per_second_per_operation_and_shard) {
  time_series ts;
  ts.record(0, operation::read_note, "shard-0", false, 1000);
  ts.record(0, operation::read_note, "shard-0", true, 3000);
  ts.record(2, operation::create_note, "shard-1", false, 2000);
  ts.seal_all();
  auto rows = ts.rows();
  // Seconds 0, 1, 2 times the two pairs seen in the run.
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].second, 0u);
  EXPECT_EQ(rows[0].op, operation::create_note);
  EXPECT_EQ(rows[0].count, 0u);
  EXPECT_EQ(rows[1].op, operation::read_note);
  EXPECT_EQ(rows[1].shard, "shard-0");
  EXPECT_EQ(rows[1].count, 2u);
  EXPECT_EQ(rows[1].errors, 1u);
  EXPECT_NEAR(rows[1].p50_ms, 1.0, 0.01);
  EXPECT_NEAR(rows[1].p99_ms, 3.0, 0.03);
  EXPECT_EQ(rows[2].second, 1u);
  EXPECT_EQ(rows[2].count + rows[3].count, 0u);
  EXPECT_EQ(rows[4].second, 2u);
  EXPECT_EQ(rows[4].count, 1u);
}

TEST(time_series, deltas_of_several_producers_merge_exactly) {
  time_series a, b, both;
  for (std::uint64_t i = 1; i <= 1000; ++i) {
    auto& one = i % 2 ? a : b;
    one.record(5, operation::read_note, "s", false, i * 10);
    both.record(5, operation::read_note, "s", false, i * 10);
  }
  time_series total;
  total.merge(a);
  total.merge(b);
  total.seal_all();
  both.seal_all();
  auto x = total.rows();
  auto y = both.rows();
  ASSERT_EQ(x.size(), 6u); // seconds 0..5
  ASSERT_EQ(y.size(), 6u);
  EXPECT_EQ(x[5].count, 1000u);
  EXPECT_EQ(x[5].p50_ms, y[5].p50_ms);
  EXPECT_EQ(x[5].p99_ms, y[5].p99_ms);
}

TEST(time_series, sealing_frees_old_seconds_and_late_counts_still_add_up) {
  time_series ts;
  ts.record(1, operation::read_note, "s", false, 100);
  ts.record(4, operation::read_note, "s", false, 100);
  ts.seal_before(3);
  time_series late;
  late.record(1, operation::read_note, "s", true, 100);
  ts.merge(late);
  ts.seal_all();
  auto rows = ts.rows();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].count, 2u);
  EXPECT_EQ(rows[1].errors, 1u);
  EXPECT_EQ(rows[4].count, 1u);
}

TEST(time_series, csv_has_the_documented_columns_and_one_line_per_row) {
  time_series ts;
  ts.record(0, operation::list_notes, "shard,0", false, 1500);
  ts.record(1, operation::list_notes, "shard,0", false, 2500);
  ts.seal_all();
  auto csv = to_csv(ts.rows());
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "second,op,shard,count,errors,p50_ms,p99_ms");
  std::getline(in, line);
  EXPECT_EQ(line, "0,list_notes,shard_0,1,0,1.500,1.500");
  std::getline(in, line);
  EXPECT_EQ(line, "1,list_notes,shard_0,1,0,2.500,2.500");
  EXPECT_FALSE(std::getline(in, line));
}

TEST(time_series, overall_percentiles_per_second_cover_every_operation_and_shard) {
  time_series ts;
  for (std::uint64_t i = 1; i <= 100; ++i)
    ts.record(3, i % 2 ? operation::read_note : operation::create_note,
              i % 3 ? "a" : "b", false, i * 1000);
  ts.record(4, operation::read_note, "a", false, 7);
  ts.seal_all();
  const auto& o = ts.overall_latency();
  ASSERT_EQ(o.size(), 2u);
  EXPECT_NEAR(static_cast<double>(o.at(3).p50), 50'000, 500);
  EXPECT_NEAR(static_cast<double>(o.at(3).p90), 90'000, 900);
  EXPECT_NEAR(static_cast<double>(o.at(3).p99), 99'000, 990);
  EXPECT_EQ(o.at(4).p99, 7u);
}

TEST(time_series, empty_series_has_no_rows) {
  time_series ts;
  EXPECT_TRUE(ts.empty());
  ts.seal_all();
  EXPECT_TRUE(ts.rows().empty());
  EXPECT_EQ(to_csv({}), "second,op,shard,count,errors,p50_ms,p99_ms\n");
}

} // namespace
} // namespace throng::stats
