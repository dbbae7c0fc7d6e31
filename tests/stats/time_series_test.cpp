// Tests of time_series: rows per second, exact merging of deltas, sealing,
// late figures for sealed seconds, and the CSV.

#include "stats/time_series.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <sstream>
#include <vector>

namespace throng::stats {
namespace {

using protocol::operation;

// One request as record() takes it.
struct request_figure {
  std::uint32_t second;
  operation op;
  const char* shard;
  bool error;
  std::uint64_t latency_us;
};

// Merges into `ts` a series of its own that recorded `late` (and sealed
// every second, if `sealed`), then seals every second of `ts`.
void merge_late(time_series& ts, std::initializer_list<request_figure> late,
                bool sealed = false) {
  time_series other;
  for (const auto& f : late)
    other.record(f.second, f.op, f.shard, f.error, f.latency_us);
  if (sealed)
    other.seal_all();
  ts.merge(other);
  ts.seal_all();
}

// Expects row `i` of `rows` to be of `op`, counting `count` requests,
// `errors` of them failed, with a p99 of `p99_ms`.
void expect_row(const std::vector<series_row>& rows, std::size_t i, operation op,
                std::uint64_t count, std::uint64_t errors, double p99_ms) {
  ASSERT_LT(i, rows.size());
  EXPECT_EQ(rows[i].op, op) << "row " << i;
  EXPECT_EQ(rows[i].count, count) << "row " << i;
  EXPECT_EQ(rows[i].errors, errors) << "row " << i;
  EXPECT_DOUBLE_EQ(rows[i].p99_ms, p99_ms) << "row " << i;
}

// A series of a hundred reads in second 1, taking 1 to 100 ms, with seconds
// 0 and 1 sealed.
time_series a_sealed_second() {
  time_series ts;
  for (std::uint64_t i = 1; i <= 100; ++i)
    ts.record(1, operation::read_note, "a", false, i * 1000);
  ts.seal_before(2);
  return ts;
}

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
  merge_late(ts, {{1, operation::read_note, "s", true, 100}});
  auto rows = ts.rows();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].count, 2u);
  EXPECT_EQ(rows[1].errors, 1u);
  EXPECT_EQ(rows[4].count, 1u);
}

TEST(time_series, a_late_cell_of_a_sealed_second_keeps_its_overall_percentiles) {
  auto ts = a_sealed_second();
  const auto before = ts.overall_latency().at(1);
  merge_late(ts, {{1, operation::create_note, "b", true, 7}});
  const auto& o = ts.overall_latency();
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o.at(1).p50, before.p50);
  EXPECT_EQ(o.at(1).p90, before.p90);
  EXPECT_EQ(o.at(1).p99, before.p99);
  // The late cell is a row of its own, with its own percentiles.
  auto rows = ts.rows();
  ASSERT_EQ(rows.size(), 4u); // seconds 0, 1 times the two pairs
  expect_row(rows, 2, operation::create_note, 1, 1, 0.007);
  EXPECT_EQ(rows[3].op, operation::read_note);
  EXPECT_EQ(rows[3].count, 100u);
  EXPECT_NEAR(rows[3].p99_ms, 99.0, 1.0);
}

TEST(time_series, a_late_cell_of_a_sealed_second_adds_its_counts_to_the_row) {
  auto ts = a_sealed_second();
  const auto sealed = ts.rows().at(1);
  const auto overall = ts.overall_latency().at(1);
  merge_late(ts, {{1, operation::read_note, "a", true, 1'000'000}});
  const auto row = ts.rows().at(1);
  EXPECT_EQ(row.count, 101u);
  EXPECT_EQ(row.errors, 1u);
  EXPECT_EQ(row.p50_ms, sealed.p50_ms);
  EXPECT_EQ(row.p99_ms, sealed.p99_ms);
  EXPECT_EQ(ts.overall_latency().at(1).p99, overall.p99);
}

TEST(time_series, a_record_into_a_sealed_second_leaves_its_percentiles) {
  time_series ts;
  ts.record(1, operation::read_note, "a", false, 1000);
  ts.seal_before(2);
  ts.record(1, operation::read_note, "a", false, 5000);
  ts.record(1, operation::list_notes, "a", false, 3000);
  ts.seal_all();
  auto rows = ts.rows();
  ASSERT_EQ(rows.size(), 4u);
  expect_row(rows, 2, operation::read_note, 2, 0, 1.0);
  expect_row(rows, 3, operation::list_notes, 1, 0, 3.0);
  EXPECT_EQ(ts.overall_latency().at(1).p99, 1000u);
}

TEST(time_series, sealed_rows_of_another_series_add_their_counts) {
  time_series ts;
  ts.record(1, operation::read_note, "a", false, 1000);
  ts.record(5, operation::read_note, "a", false, 1000);
  ts.seal_before(2);
  merge_late(ts,
             {{1, operation::read_note, "a", true, 2000},
              {1, operation::read_note, "a", false, 2000},
              {1, operation::list_notes, "b", false, 4000},
              {5, operation::read_note, "a", true, 2000}},
             true);
  auto rows = ts.rows();
  ASSERT_EQ(rows.size(), 12u); // seconds 0..5 times the two pairs
  // Second 1, sealed in both: the counts add, the percentiles stay.
  expect_row(rows, 2, operation::read_note, 3, 1, 1.0);
  expect_row(rows, 3, operation::list_notes, 1, 0, 4.0);
  EXPECT_EQ(ts.overall_latency().at(1).p99, 1000u);
  // Second 5, still open here when the sealed row came: no count is lost;
  // the percentiles sealed first (the other series') stand.
  expect_row(rows, 10, operation::read_note, 2, 1, 2.0);
  ASSERT_EQ(ts.overall_latency().size(), 2u);
  EXPECT_EQ(ts.overall_latency().at(5).p99, 2000u);
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
