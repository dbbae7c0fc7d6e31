// Tests that the actors' messages survive CAF's serialisation unchanged.

#include "actors/messages.hpp"

#include <gtest/gtest.h>

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "actors/stats_actor.hpp"

namespace throng::actors {
namespace {

// Serialises `x` as CAF does between processes and reads it back.
template <class T>
T round_trip(T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{static_cast<caf::execution_unit*>(nullptr), buf};
  EXPECT_FALSE(sink(x));
  T y;
  caf::binary_deserializer source{static_cast<caf::execution_unit*>(nullptr), buf};
  EXPECT_FALSE(source(y));
  return y;
}

TEST(messages, pool_response_survives_serialisation) {
  pool_response p;
  p.resp.result = model::outcome::success;
  p.resp.status = 200;
  p.resp.shard = "shard-0";
  p.resp.body.notes = {{"n1", protocol::hash_content("a")}, {"n2", protocol::hash_content("b")}};
  p.resp.sent_ns = 5;
  p.resp.received_ns = 9;
  auto p2 = round_trip(p);
  EXPECT_EQ(p2.resp.result, model::outcome::success);
  EXPECT_FALSE(p2.resp.error.has_value());
  EXPECT_EQ(p2.resp.status, 200);
  EXPECT_EQ(p2.resp.shard, "shard-0");
  ASSERT_EQ(p2.resp.body.notes.size(), 2u);
  EXPECT_EQ(p2.resp.body.notes[1].id, "n2");
  EXPECT_EQ(p2.resp.body.notes[1].content, protocol::hash_content("b"));
  EXPECT_EQ(p2.resp.received_ns, 9);

  pool_response failed;
  failed.resp.error = model::error_kind::timeout;
  auto f2 = round_trip(failed);
  EXPECT_EQ(f2.resp.result, model::outcome::unknown);
  EXPECT_EQ(f2.resp.error, model::error_kind::timeout);
}

TEST(messages, stats_delta_carries_histograms_and_shards_exactly) {
  stats_delta d;
  for (std::uint64_t v = 1; v < 5000; v += 7) {
    stats::request_sample s;
    s.op = protocol::operation::read_note;
    s.shard = v % 2 ? "shard-0" : "shard-1";
    s.latency_us = v;
    s.service_us = v / 2;
    if (v % 11 == 0)
      s.error = model::error_kind::timeout;
    d.figures.record(s);
  }
  d.figures.record_violation(model::violation_class::stale_read, "shard-1");
  d.figures.skipped_ticks = 17;
  d.figures.tick_lateness_us.record(120, 5);
  auto d2 = round_trip(d);
  const auto& a = d.figures;
  const auto& b = d2.figures;
  auto rn = static_cast<std::size_t>(protocol::operation::read_note);
  EXPECT_EQ(b.total, a.total);
  EXPECT_EQ(b.failed, a.failed);
  EXPECT_EQ(b.skipped_ticks, 17u);
  EXPECT_TRUE(b.tick_lateness_us == a.tick_lateness_us);
  EXPECT_TRUE(b.ops[rn].latency_us == a.ops[rn].latency_us);
  EXPECT_TRUE(b.ops[rn].service_us == a.ops[rn].service_us);
  EXPECT_EQ(b.ops[rn].latency_us.percentile(99), a.ops[rn].latency_us.percentile(99));
  EXPECT_EQ(b.shards.at("shard-1").violations, 1u);
  EXPECT_EQ(b.shards.at("shard-0").note_reads, a.shards.at("shard-0").note_reads);
  EXPECT_EQ(b.violation_total(), 1u);
}

TEST(messages, a_histogram_costs_its_non_empty_buckets_on_the_wire) {
  stats::histogram h;
  h.record(1);
  h.record(1'000'000);
  std::vector<char> buf;
  caf::binary_serializer sink{static_cast<caf::execution_unit*>(nullptr), buf};
  EXPECT_FALSE(sink(h));
  // Dense, its ~1,800 buckets would take 14 KB.
  EXPECT_LT(buf.size(), 100u);
  EXPECT_TRUE(round_trip(h) == h);
}

TEST(messages, violation_report_survives_serialisation) {
  violation_report v;
  v.unix_ms = 42;
  v.account = 7;
  v.account_name = "t-7";
  v.kind = model::violation_class::missing_note;
  v.op = protocol::operation::list_notes;
  v.note_id = "n3";
  v.expected = {"aa", "bb"};
  v.status = 200;
  v.shard = "shard-0";
  auto v2 = round_trip(v);
  EXPECT_EQ(v2.kind, v.kind);
  EXPECT_EQ(v2.op, v.op);
  EXPECT_EQ(v2.expected, v.expected);
  EXPECT_EQ(v2.account_name, "t-7");
  EXPECT_EQ(to_json_line(v2, 5).find(R"("class":"missing_note")") != std::string::npos, true);
}

} // namespace
} // namespace throng::actors
