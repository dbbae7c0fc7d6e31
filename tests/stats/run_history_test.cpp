// Tests of run_history: points as the growth of the totals, merging without
// losing a count, the after/generation answers, bounded events, shards and
// memory.

#include "stats/run_history.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

using namespace throng;
using nlohmann::json;
using protocol::operation;

namespace {

stats::request_sample sample(operation op, std::uint64_t latency_us, std::string_view shard = {}) {
  stats::request_sample s;
  s.op = op;
  s.latency_us = latency_us;
  s.service_us = latency_us / 2;
  s.shard = shard;
  return s;
}

stats::request_sample failed(operation op, model::error_kind k, std::string_view shard = {}) {
  auto s = sample(op, 5000, shard);
  s.error = k;
  s.unknown_outcome = protocol::is_write(op);
  return s;
}

// Records in `totals` what second `second` of a synthetic run does: every
// operation, some failing, on two shards, with a violation now and then.
void record_second(stats::run_stats& totals, std::uint32_t second) {
  for (auto op : protocol::all_operations) {
    auto n = 1 + (second + static_cast<std::uint32_t>(op)) % 4;
    for (std::uint32_t i = 0; i < n; ++i)
      totals.record(sample(op, 100 + (second * 37 + i * 11) % 5000,
                           i % 2 ? "shard-1" : "shard-0"));
  }
  if (second % 7 == 0)
    totals.record(failed(operation::update_note, model::error_kind::timeout, "shard-1"));
  if (second % 11 == 0)
    totals.record_violation(model::violation_class::stale_read, "shard-0");
  if (second % 13 == 0)
    ++totals.skipped_ticks;
}

// Returns the sum of `key` within `field` over `points` (no key: the field).
std::uint64_t sum_of(const json& points, const std::string& field, const std::string& key = {}) {
  std::uint64_t sum = 0;
  for (const auto& p : points) {
    const auto& v = key.empty() ? p.at(field) : p.at(field).value(key, json{});
    if (v.is_object())
      sum += v.value("count", std::uint64_t{0});
    else if (!v.is_null())
      sum += v.get<std::uint64_t>();
  }
  return sum;
}

std::uint64_t sum_of_errors(const json& points, const std::string& op) {
  std::uint64_t sum = 0;
  for (const auto& p : points)
    if (p.at("ops").contains(op))
      sum += p.at("ops").at(op).at("errors").get<std::uint64_t>();
  return sum;
}

// Expects every count over `points` to add up to `totals`.
void expect_points_add_up_to(const json& points, const stats::run_stats& totals) {
  for (std::size_t i = 0; i < protocol::category_count; ++i) {
    auto name = std::string{to_string(static_cast<protocol::category>(i))};
    EXPECT_EQ(sum_of(points, "categories", name), totals.categories[i]) << name;
  }
  for (auto op : protocol::all_operations) {
    auto name = std::string{to_string(op)};
    const auto& o = totals.ops[static_cast<std::size_t>(op)];
    EXPECT_EQ(sum_of(points, "ops", name), o.count) << name;
    EXPECT_EQ(sum_of_errors(points, name), o.errors) << name;
  }
  for (std::size_t i = 0; i < model::error_kind_count; ++i) {
    auto name = std::string{to_string(static_cast<model::error_kind>(i))};
    EXPECT_EQ(sum_of(points, "errors", name), totals.errors[i]) << name;
  }
  for (std::size_t i = 0; i < model::violation_class_count; ++i) {
    auto name = std::string{to_string(static_cast<model::violation_class>(i))};
    EXPECT_EQ(sum_of(points, "violations", name), totals.violations[i]) << name;
  }
  EXPECT_EQ(sum_of(points, "unknown_outcomes"), totals.unknown_outcome);
  EXPECT_EQ(sum_of(points, "skipped_ticks"), totals.skipped_ticks);
  for (const auto& [name, sh] : totals.shards)
    EXPECT_EQ(sum_of(points, "shards", name), sh.note_reads + sh.note_writes) << name;
}

json all_points(const stats::run_history& h) {
  return h.to_json(0, h.generation()).at("points");
}

std::vector<std::uint64_t> seqs_of(const json& answer) {
  std::vector<std::uint64_t> seqs;
  for (const auto& p : answer.at("points"))
    seqs.push_back(p.at("seq").get<std::uint64_t>());
  return seqs;
}

// The nearest-rank percentile of sorted `values`.
double exact_percentile(const std::vector<std::uint64_t>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]);
}

} // namespace

TEST(run_history, a_point_is_what_the_totals_gained) {
  stats::run_history h;
  stats::run_stats totals;
  totals.record(sample(operation::read_note, 800, "shard-0"));
  totals.skipped_ticks = 2;
  h.add_second(0, totals, {10, 20, 600});
  totals.record(sample(operation::read_note, 900, "shard-0"));
  totals.record(sample(operation::create_note, 1200, "shard-1"));
  totals.record(sample(operation::read_account, 300));
  totals.record(failed(operation::update_note, model::error_kind::timeout, "shard-1"));
  totals.record_violation(model::violation_class::lost_update, "shard-0");
  h.add_second(1, totals, {11, 20, 660});
  auto answer = h.to_json(0, 0);
  EXPECT_EQ(answer.at("generation"), 0);
  EXPECT_EQ(answer.at("last_seq"), 2);
  EXPECT_EQ(answer.at("events"), json::array());
  EXPECT_EQ(answer.at("events_dropped"), 0);
  ASSERT_EQ(answer.at("points").size(), 2u);
  const auto& first = answer.at("points")[0];
  EXPECT_EQ(first.at("skipped_ticks"), 2);
  EXPECT_EQ(first.at("shards"), (json{{"shard-0", 1}}));
  const auto& p = answer.at("points")[1];
  EXPECT_EQ(p.at("seq"), 2);
  EXPECT_EQ(p.at("t"), 1);
  EXPECT_EQ(p.at("w"), 1);
  EXPECT_EQ(p.at("categories"),
            (json{{"account_read", 1}, {"account_write", 0}, {"note_read", 1}, {"note_write", 2}}));
  EXPECT_EQ(p.at("ops").size(), 4u);
  EXPECT_EQ(p.at("ops").at("read_note"),
            (json{{"count", 1}, {"errors", 0}, {"p50_ms", 0.9}, {"p99_ms", 0.9},
                  {"service_p50_ms", 0.45}, {"service_p99_ms", 0.45}}));
  EXPECT_EQ(p.at("ops").at("update_note").at("errors"), 1);
  EXPECT_EQ(p.at("errors"), (json{{"timeout", 1}}));
  EXPECT_EQ(p.at("unknown_outcomes"), 1);
  EXPECT_EQ(p.at("skipped_ticks"), 0);
  EXPECT_EQ(p.at("violations"), (json{{"lost_update", 1}}));
  EXPECT_EQ(p.at("shards"), (json{{"shard-0", 1}, {"shard-1", 1}}));
  EXPECT_EQ(p.at("accounts"), 11);
  EXPECT_EQ(p.at("target_accounts"), 20);
  EXPECT_EQ(p.at("target_rpm"), 660.0);
  expect_points_add_up_to(answer.at("points"), totals);
}

TEST(run_history, counts_never_go_below_zero) {
  stats::run_history h;
  stats::run_stats totals;
  for (std::uint64_t skipped : {5u, 3u, 7u, 7u, 9u}) {
    totals.skipped_ticks = skipped;
    totals.unknown_outcome = skipped;
    h.add_second(static_cast<std::uint32_t>(h.points()), totals, {});
  }
  std::vector<std::uint64_t> counted;
  for (const auto& p : all_points(h)) {
    counted.push_back(p.at("skipped_ticks").get<std::uint64_t>());
    EXPECT_EQ(p.at("unknown_outcomes"), p.at("skipped_ticks"));
  }
  EXPECT_EQ(counted, (std::vector<std::uint64_t>{5, 0, 2, 0, 2}));
}

TEST(run_history, merges_keep_every_count_within_max_points) {
  stats::run_history h{1800};
  stats::run_stats totals;
  std::uint64_t generations = 0;
  for (std::uint32_t second = 0; second < 10000; ++second) {
    record_second(totals, second);
    h.add_second(second, totals, {second, 100, 6000});
    ASSERT_LE(h.points(), 1800u);
    generations = h.generation();
  }
  EXPECT_GE(generations, 3u);
  auto points = all_points(h);
  EXPECT_EQ(points.size(), h.points());
  expect_points_add_up_to(points, totals);
  std::uint64_t width = 0;
  std::uint64_t previous_seq = 0;
  for (const auto& p : points) {
    EXPECT_EQ(p.at("t"), width);
    EXPECT_GT(p.at("seq").get<std::uint64_t>(), previous_seq);
    previous_seq = p.at("seq").get<std::uint64_t>();
    width += p.at("w").get<std::uint64_t>();
  }
  EXPECT_EQ(width, 10000u);
  EXPECT_EQ(previous_seq, 10000u);
  EXPECT_EQ(points.back().at("accounts"), 9999);
}

TEST(run_history, answers_after_a_seq_within_a_generation) {
  stats::run_history h{4};
  stats::run_stats totals;
  auto add = [&](std::uint32_t second, std::uint64_t latency_us) {
    totals.record(sample(operation::read_note, latency_us));
    h.add_second(second, totals, {second, 0, 0});
  };
  add(0, 1000);
  add(1, 3000);
  add(2, 2000);
  EXPECT_EQ(seqs_of(h.to_json(0, 0)), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(seqs_of(h.to_json(2, 0)), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(seqs_of(h.to_json(3, 0)), (std::vector<std::uint64_t>{}));
  EXPECT_EQ(seqs_of(h.to_json(2, 7)), (std::vector<std::uint64_t>{1, 2, 3}));
  add(3, 500);
  EXPECT_EQ(seqs_of(h.to_json(3, 0)), (std::vector<std::uint64_t>{4}));
  add(4, 700);
  EXPECT_EQ(h.generation(), 1u);
  auto all = h.to_json(4, 0);
  EXPECT_EQ(all.at("generation"), 1);
  EXPECT_EQ(all.at("last_seq"), 5);
  EXPECT_EQ(seqs_of(all), (std::vector<std::uint64_t>{2, 4, 5}));
  EXPECT_EQ(seqs_of(h.to_json(4, 1)), (std::vector<std::uint64_t>{5}));
  const auto& merged = all.at("points")[0];
  EXPECT_EQ(merged.at("t"), 0);
  EXPECT_EQ(merged.at("w"), 2);
  EXPECT_EQ(merged.at("accounts"), 1);
  EXPECT_EQ(merged.at("ops").at("read_note").at("count"), 2);
  // The worse second's: within the histogram's 1% of 3 ms and 2 ms.
  EXPECT_NEAR(merged.at("ops").at("read_note").at("p99_ms").get<double>(), 3.0, 0.03);
  EXPECT_NEAR(all.at("points")[1].at("ops").at("read_note").at("p50_ms").get<double>(), 2.0, 0.02);
}

TEST(run_history, keeps_the_latest_events) {
  stats::run_history h{1800, 3};
  for (int i = 0; i < 5; ++i)
    h.add_event({static_cast<double>(i), "control", "event " + std::to_string(i)});
  auto answer = h.to_json(0, 0);
  EXPECT_EQ(answer.at("events_dropped"), 2);
  EXPECT_EQ(answer.at("events"),
            (json{{{"t", 2.0}, {"kind", "control"}, {"text", "event 2"}},
                  {{"t", 3.0}, {"kind", "control"}, {"text", "event 3"}},
                  {{"t", 4.0}, {"kind", "control"}, {"text", "event 4"}}}));
  stats::run_history none{1800, 0};
  none.add_event({1, "run", "started"});
  EXPECT_EQ(none.to_json(0, 0).at("events"), json::array());
  EXPECT_EQ(none.to_json(0, 0).at("events_dropped"), 1);
}

TEST(run_history, counts_shards_past_the_256th_under_other) {
  stats::run_history h;
  stats::run_stats totals;
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i)
    names.push_back("s-" + std::to_string(1000 + i));
  for (const auto& name : names)
    totals.record(sample(operation::read_note, 100, name));
  totals.record(sample(operation::create_note, 100, "other"));
  h.add_second(0, totals, {});
  totals.record(sample(operation::read_note, 100, names.back()));
  totals.record(sample(operation::read_note, 100, names.front()));
  h.add_second(1, totals, {});
  auto points = all_points(h);
  const auto& first = points[0].at("shards");
  EXPECT_EQ(first.size(), 257u);
  EXPECT_EQ(first.at("other"), 300 - 256 + 1);
  EXPECT_EQ(first.at(names[255]), 1);
  EXPECT_FALSE(first.contains(names[256]));
  EXPECT_EQ(points[1].at("shards"), (json{{"other", 1}, {names.front(), 1}}));
}

TEST(run_history, percentiles_of_a_point_are_its_seconds) {
  stats::run_history h;
  stats::run_stats totals;
  for (std::uint64_t i = 0; i < 5000; ++i)
    totals.record(sample(operation::list_notes, 20000 + i * 3));
  h.add_second(0, totals, {});
  std::vector<std::uint64_t> values;
  for (std::uint64_t i = 0; i < 3000; ++i)
    values.push_back(300 + (i * i * 7919) % 90000);
  for (auto v : values)
    totals.record(sample(operation::list_notes, v));
  h.add_second(1, totals, {});
  std::sort(values.begin(), values.end());
  std::vector<std::uint64_t> service;
  for (auto v : values)
    service.push_back(v / 2);
  auto points = all_points(h);
  const auto& o = points[1].at("ops").at("list_notes");
  for (auto [field, sorted, q] :
       {std::tuple{"p50_ms", &values, 50.0}, std::tuple{"p99_ms", &values, 99.0},
        std::tuple{"service_p50_ms", &service, 50.0}, std::tuple{"service_p99_ms", &service, 99.0}}) {
    auto exact = exact_percentile(*sorted, q) / 1000.0;
    EXPECT_NEAR(o.at(field).get<double>(), exact, 0.01 * exact) << field;
  }
}

TEST(run_history, memory_does_not_grow_with_the_run) {
  stats::run_history h;
  stats::run_stats totals;
  std::size_t at_10000 = 0;
  for (std::uint32_t second = 0; second < 100000; ++second) {
    totals.record(sample(operation::read_note, 100 + second % 3000, "shard-0"));
    totals.record(sample(operation::create_note, 200 + second % 5000, "shard-1"));
    h.add_second(second, totals, {});
    if (second % 1000 == 0)
      h.add_event({static_cast<double>(second), "stage", "stage " + std::to_string(second)});
    if (second + 1 == 10000)
      at_10000 = h.memory_bytes();
  }
  EXPECT_GT(at_10000, h.points() * 100);
  EXPECT_LE(h.memory_bytes(), at_10000 + at_10000 / 10);
  EXPECT_LE(h.points(), 1800u);
}
