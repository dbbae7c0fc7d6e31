// Tests of run_stats: successes, failures and violations, per operation and
// shard, and exact merging.

#include "stats/run_stats.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/stats/figures_add_up.hpp"

using namespace throng::stats;
namespace model = throng::model;
using throng::protocol::category;
using throng::protocol::operation;

namespace {

const op_stats& op(const run_stats& s, operation o) {
  return s.ops[static_cast<std::size_t>(o)];
}

std::uint64_t category_count(const run_stats& s, category c) {
  return s.categories[static_cast<std::size_t>(c)];
}

std::uint64_t error_count(const run_stats& s, model::error_kind k) {
  return s.errors[static_cast<std::size_t>(k)];
}

request_sample ok_sample(operation o, std::string_view shard,
                         std::uint64_t latency = 100,
                         std::uint64_t service = 80) {
  return {o, std::nullopt, false, shard, latency, service};
}

request_sample failed_sample(operation o, model::error_kind k, bool unknown,
                             std::string_view shard) {
  return {o, k, unknown, shard, 5000, 4000};
}

// Expects `s` to hold `ok` successes and `failed` failures, `unknown` of
// them of unknown outcome.
void expect_outcomes(const run_stats& s, std::uint64_t ok, std::uint64_t failed,
                     std::uint64_t unknown) {
  EXPECT_EQ(s.total, ok + failed);
  EXPECT_EQ(s.ok, ok);
  EXPECT_EQ(s.failed, failed);
  EXPECT_EQ(s.unknown_outcome, unknown);
}

// Expects `count` requests of operation `o` in `s`, `errors` of them failed,
// each with its latency and service time.
void expect_op(const run_stats& s, operation o, std::uint64_t count, std::uint64_t errors) {
  const auto& t = op(s, o);
  EXPECT_EQ(t.count, count) << throng::protocol::to_string(o);
  EXPECT_EQ(t.errors, errors) << throng::protocol::to_string(o);
  EXPECT_EQ(t.latency_us.count(), count) << throng::protocol::to_string(o);
  EXPECT_EQ(t.service_us.count(), count) << throng::protocol::to_string(o);
}

// Expects shard `name` of `s` to have served `reads` note reads and `writes`
// note writes, and failed `errors` requests.
void expect_shard(const run_stats& s, const std::string& name, std::uint64_t reads,
                  std::uint64_t writes, std::uint64_t errors) {
  auto i = s.shards.find(name);
  ASSERT_NE(i, s.shards.end()) << name;
  EXPECT_EQ(i->second.note_reads, reads) << name;
  EXPECT_EQ(i->second.note_writes, writes) << name;
  EXPECT_EQ(i->second.errors, errors) << name;
}

void expect_same(const run_stats& a, const run_stats& b) {
  for (std::size_t i = 0; i < a.ops.size(); ++i) {
    EXPECT_EQ(a.ops[i].count, b.ops[i].count) << i;
    EXPECT_EQ(a.ops[i].errors, b.ops[i].errors) << i;
    EXPECT_EQ(a.ops[i].latency_us, b.ops[i].latency_us) << i;
    EXPECT_EQ(a.ops[i].service_us, b.ops[i].service_us) << i;
  }
  EXPECT_EQ(a.categories, b.categories);
  EXPECT_EQ(a.errors, b.errors);
  EXPECT_EQ(a.violations, b.violations);
  ASSERT_EQ(a.shards.size(), b.shards.size());
  for (const auto& [name, sh] : a.shards) {
    auto i = b.shards.find(name);
    ASSERT_NE(i, b.shards.end()) << name;
    EXPECT_EQ(sh.note_reads, i->second.note_reads) << name;
    EXPECT_EQ(sh.note_writes, i->second.note_writes) << name;
    EXPECT_EQ(sh.errors, i->second.errors) << name;
    EXPECT_EQ(sh.violations, i->second.violations) << name;
  }
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.ok, b.ok);
  EXPECT_EQ(a.failed, b.failed);
  EXPECT_EQ(a.unknown_outcome, b.unknown_outcome);
  EXPECT_EQ(a.skipped_ticks, b.skipped_ticks);
  EXPECT_EQ(a.failures, b.failures);
  EXPECT_EQ(a.indeterminate, b.indeterminate);
  EXPECT_EQ(a.tick_lateness_us, b.tick_lateness_us);
}

} // namespace

TEST(run_stats, starts_empty) {
  run_stats s;
  EXPECT_EQ(s.total, 0u);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_TRUE(s.shards.empty());
  for (const auto& o : s.ops)
    EXPECT_EQ(o.latency_us.count(), 0u);
}

TEST(run_stats, records_a_success) {
  run_stats s;
  s.record(ok_sample(operation::read_note, "s1", 1500, 1200));
  expect_outcomes(s, 1, 0, 0);
  EXPECT_EQ(category_count(s, category::note_read), 1u);
  EXPECT_EQ(category_count(s, category::note_write), 0u);
  expect_op(s, operation::read_note, 1, 0);
  EXPECT_EQ(op(s, operation::read_note).latency_us.max(), 1500u);
  EXPECT_EQ(op(s, operation::read_note).service_us.max(), 1200u);
  expect_shard(s, "s1", 1, 0, 0);
}

TEST(run_stats, records_a_failure) {
  run_stats s;
  s.record(failed_sample(operation::create_note, model::error_kind::status_5xx, true,
                         "s2"));
  expect_outcomes(s, 0, 1, 1);
  EXPECT_EQ(error_count(s, model::error_kind::status_5xx), 1u);
  EXPECT_EQ(error_count(s, model::error_kind::timeout), 0u);
  EXPECT_EQ(category_count(s, category::note_write), 1u);
  expect_op(s, operation::create_note, 1, 1);
  expect_shard(s, "s2", 0, 0, 1);
}

TEST(run_stats, shard_traffic_by_category) {
  run_stats s;
  s.record(ok_sample(operation::list_notes, "a"));
  s.record(ok_sample(operation::read_note, "a"));
  s.record(ok_sample(operation::create_note, "a"));
  s.record(ok_sample(operation::update_note, "a"));
  s.record(ok_sample(operation::delete_note, "a"));
  s.record(ok_sample(operation::read_account, "a"));
  s.record(ok_sample(operation::signup, "b"));
  s.record(failed_sample(operation::login, model::error_kind::status_4xx, false, "b"));
  s.record(failed_sample(operation::read_note, model::error_kind::connect, false, ""));
  EXPECT_EQ(s.shards.size(), 2u);
  expect_shard(s, "a", 2, 3, 0);
  expect_shard(s, "b", 0, 0, 1);
  EXPECT_EQ(category_count(s, category::account_write), 2u);
  EXPECT_EQ(category_count(s, category::account_read), 1u);
  EXPECT_EQ(category_count(s, category::note_read), 3u);
  EXPECT_EQ(category_count(s, category::note_write), 3u);
  expect_outcomes(s, 7, 2, 0);
}

TEST(run_stats, a_malformed_answer_counts_once_as_a_failure) {
  run_stats s;
  auto x = failed_sample(operation::read_note, model::error_kind::malformed, false, "s1");
  x.status = 200;
  x.status_class = "malformed";
  s.record(x);
  expect_outcomes(s, 0, 1, 0);
  EXPECT_EQ(error_count(s, model::error_kind::malformed), 1u);
  expect_op(s, operation::read_note, 1, 1);
  expect_shard(s, "s1", 0, 0, 1);
  EXPECT_EQ((s.by_class.at({operation::read_note, "malformed", "s1"})), 1u);
  EXPECT_EQ((s.failures.at({operation::read_note, model::error_kind::malformed, 200})), 1u);
}

TEST(run_stats, failures_are_kept_by_operation_kind_and_status) {
  run_stats s;
  for (int i = 0; i < 3; ++i) {
    auto x = failed_sample(operation::signup, model::error_kind::status_4xx, false, "");
    x.status = 404;
    s.record(x);
  }
  s.record(failed_sample(operation::signup, model::error_kind::connect, false, ""));
  EXPECT_EQ(s.failures.size(), 2u);
  EXPECT_EQ((s.failures.at({operation::signup, model::error_kind::status_4xx, 404})), 3u);
  EXPECT_EQ((s.failures.at({operation::signup, model::error_kind::connect, 0})), 1u);
}

// Whatever is recorded and merged, in whatever order, no count is below
// zero or above the total: every figure only ever adds.
TEST(run_stats, counts_never_exceed_the_total) {
  run_stats parts[3];
  std::uint64_t x = 12345;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL; };
  const model::error_kind kinds[] = {model::error_kind::connect, model::error_kind::timeout, model::error_kind::reset,
                              model::error_kind::status_4xx, model::error_kind::status_5xx,
                              model::error_kind::protocol, model::error_kind::malformed};
  for (int i = 0; i < 3000; ++i) {
    auto o = static_cast<operation>((next() >> 40) % throng::protocol::operation_count);
    request_sample r = (next() >> 62) == 0
                         ? failed_sample(o, kinds[(next() >> 33) % 7], true, "s1")
                         : ok_sample(o, (next() >> 63) ? "s1" : "s2");
    parts[(next() >> 40) % 3].record(r);
  }
  run_stats all;
  for (const auto& p : parts)
    all.merge(p);
  EXPECT_EQ(all.total, 3000u);
  throng::testing::expect_figures_add_up(all);
}

TEST(run_stats, violations) {
  run_stats s;
  s.record_violation(model::violation_class::stale_read, "s1");
  s.record_violation(model::violation_class::stale_read, "s1");
  s.record_violation(model::violation_class::isolation_breach, "s2");
  s.record_violation(model::violation_class::missing_note, "");
  EXPECT_EQ(s.violations[static_cast<std::size_t>(model::violation_class::stale_read)],
            2u);
  EXPECT_EQ(
    s.violations[static_cast<std::size_t>(model::violation_class::isolation_breach)],
    1u);
  EXPECT_EQ(
    s.violations[static_cast<std::size_t>(model::violation_class::missing_note)], 1u);
  EXPECT_EQ(s.violation_total(), 4u);
  EXPECT_EQ(s.shards.size(), 2u);
  EXPECT_EQ(s.shards.at("s1").violations, 2u);
  EXPECT_EQ(s.shards.at("s2").violations, 1u);
  EXPECT_EQ(s.total, 0u);
}

TEST(run_stats, merge_equals_recording_everything_in_one) {
  run_stats a;
  run_stats b;
  run_stats all;
  auto both = [&](run_stats& part, auto&& fn) {
    fn(part);
    fn(all);
  };
  both(a, [](run_stats& s) {
    s.record(ok_sample(operation::read_note, "s1", 300, 200));
  });
  both(b, [](run_stats& s) {
    s.record(ok_sample(operation::read_note, "s1", 90000, 500));
  });
  both(b, [](run_stats& s) {
    s.record(ok_sample(operation::create_note, "s2", 1234, 1000));
  });
  both(a, [](run_stats& s) {
    s.record(
      failed_sample(operation::delete_note, model::error_kind::timeout, true, "s3"));
  });
  both(b, [](run_stats& s) {
    s.record_violation(model::violation_class::corrupt_content, "s2");
  });
  both(a, [](run_stats& s) {
    s.record_violation(model::violation_class::unexpected_note, "s4");
  });
  both(b, [](run_stats& s) {
    s.record(failed_sample(operation::create_note, model::error_kind::malformed, true, "s2"));
  });
  a.skipped_ticks = 3;
  b.skipped_ticks = 4;
  all.skipped_ticks = 7;
  both(a, [](run_stats& s) { s.tick_lateness_us.record(40, 3); });
  both(b, [](run_stats& s) { s.tick_lateness_us.record(2500); });

  run_stats merged;
  merged.merge(a);
  merged.merge(b);
  expect_same(merged, all);
  a.merge(b);
  expect_same(a, all);
  EXPECT_EQ(all.shards.size(), 4u);
  EXPECT_EQ(op(all, operation::read_note).latency_us.max(), 90000u);
}

TEST(run_stats, op_and_shard_merge) {
  op_stats x;
  x.count = 2;
  x.errors = 1;
  x.latency_us.record(10);
  op_stats y;
  y.count = 3;
  y.latency_us.record(20);
  y.service_us.record(5);
  x.merge(y);
  EXPECT_EQ(x.count, 5u);
  EXPECT_EQ(x.errors, 1u);
  EXPECT_EQ(x.latency_us.count(), 2u);
  EXPECT_EQ(x.service_us.count(), 1u);

  shard_stats p{1, 2, 3, 4};
  p.merge(shard_stats{10, 20, 30, 40});
  EXPECT_EQ(p.note_reads, 11u);
  EXPECT_EQ(p.note_writes, 22u);
  EXPECT_EQ(p.errors, 33u);
  EXPECT_EQ(p.violations, 44u);
}
