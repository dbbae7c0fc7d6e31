// Tests of the Prometheus page: it parses strictly, with its labels and
// cumulative histogram buckets.

#include "stats/prometheus.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace throng::stats {
namespace {

using protocol::operation;

/// A strict reader of Prometheus' text format 0.0.4: every line is a HELP,
/// a TYPE or a sample of a declared family; names, labels and escapes are
/// checked; histogram buckets are cumulative and end in +Inf == _count.
struct parsed {
  std::map<std::string, std::string> types;
  std::map<std::string, double> samples; // "name{labels}" -> value
  std::vector<std::string> problems;
};

parsed parse(const std::string& text) {
  static const std::regex help{R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+)"};
  static const std::regex type{R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))"};
  static const std::regex sample{
    R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.eE+-]+|\+Inf|NaN))"};
  parsed p;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (std::regex_match(line, m, help))
      continue;
    if (std::regex_match(line, m, type)) {
      if (!p.types.emplace(m[1], m[2]).second)
        p.problems.push_back("line " + std::to_string(n) + ": TYPE twice");
      continue;
    }
    if (!std::regex_match(line, m, sample)) {
      p.problems.push_back("line " + std::to_string(n) + ": not a sample: " + line);
      continue;
    }
    std::string family = m[1];
    for (auto suffix : {"_bucket", "_sum", "_count"})
      if (!p.types.count(family) && family.size() > std::string{suffix}.size()
          && family.ends_with(suffix))
        family.resize(family.size() - std::string{suffix}.size());
    if (!p.types.count(family))
      p.problems.push_back("line " + std::to_string(n) + ": no TYPE for " + family);
    auto key = line.substr(0, line.rfind(' '));
    if (!p.samples.emplace(key, std::stod(line.substr(line.rfind(' ') + 1))).second)
      p.problems.push_back("line " + std::to_string(n) + ": duplicate sample");
  }
  return p;
}

run_stats some_run() {
  run_stats s;
  for (std::uint64_t i = 1; i <= 200; ++i) {
    request_sample r;
    r.op = i % 2 ? operation::read_note : operation::create_note;
    r.shard = i % 3 ? "shard-0" : "sh\"ard\\1";
    r.latency_us = i * 700;
    if (i % 50 == 0) {
      r.error = model::error_kind::timeout;
      r.status_class = "timeout";
    }
    s.record(r);
  }
  s.record_violation(model::violation_class::stale_read, "shard-0");
  s.skipped_ticks = 9;
  return s;
}

TEST(prometheus, output_parses_strictly) {
  auto p = parse(prometheus_text(some_run(), 42, 1234));
  EXPECT_TRUE(p.problems.empty()) << p.problems.front();
  EXPECT_EQ(p.types["throng_requests_total"], "counter");
  EXPECT_EQ(p.types["throng_request_duration_seconds"], "histogram");
  EXPECT_EQ(p.types["throng_accounts_live"], "gauge");
  EXPECT_EQ(p.samples["throng_accounts_live"], 42);
  EXPECT_EQ(p.types["throng_skipped_ticks_total"], "counter");
  EXPECT_EQ(p.samples["throng_skipped_ticks_total"], 9);
  EXPECT_EQ(p.types["throng_tick_backlog"], "gauge");
  EXPECT_EQ(p.samples["throng_tick_backlog"], 1234);
}

TEST(prometheus, requests_carry_op_status_class_and_shard) {
  auto p = parse(prometheus_text(some_run(), 0, 0));
  double total = 0;
  for (const auto& [k, v] : p.samples)
    if (k.starts_with("throng_requests_total{"))
      total += v;
  EXPECT_EQ(total, 200);
  EXPECT_EQ(p.samples.count(R"(throng_requests_total{op="read_note",status_class="2xx",shard="shard-0"})"), 1u);
  // A shard name with a quote and a backslash is escaped.
  EXPECT_EQ(p.samples.count(R"(throng_requests_total{op="read_note",status_class="2xx",shard="sh\"ard\\1"})"), 1u);
  EXPECT_GT(p.samples[R"(throng_request_errors_total{kind="timeout"})"], 0);
  EXPECT_EQ(p.samples[R"(throng_violations_total{class="stale_read",shard="shard-0"})"], 1);
}

TEST(prometheus, histogram_buckets_are_cumulative_and_end_at_the_count) {
  auto s = some_run();
  auto p = parse(prometheus_text(s, 0, 0));
  for (auto op : {"read_note", "create_note", "login"}) {
    std::string prefix = std::string{"throng_request_duration_seconds_bucket{op=\""} + op;
    double last = 0;
    int buckets = 0;
    for (const auto& [k, v] : p.samples) {
      if (!k.starts_with(prefix) || k.find("+Inf") != std::string::npos)
        continue;
      ++buckets;
    }
    EXPECT_GT(buckets, 10);
    for (auto le : {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                    "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60"}) {
      auto key = prefix + "\",le=\"" + le + "\"}";
      ASSERT_EQ(p.samples.count(key), 1u) << key;
      EXPECT_GE(p.samples[key], last) << key;
      last = p.samples[key];
    }
    auto inf = p.samples[prefix + "\",le=\"+Inf\"}"];
    EXPECT_GE(inf, last);
    EXPECT_EQ(inf, p.samples[std::string{"throng_request_duration_seconds_count{op=\""} + op + "\"}"]);
  }
  EXPECT_EQ(p.samples[R"(throng_request_duration_seconds_count{op="read_note"})"], 100);
  // Read-note latencies are 0.7, 2.1, 3.5, ... 139.3 ms: 7 at or below 10 ms.
  EXPECT_EQ(p.samples[R"(throng_request_duration_seconds_bucket{op="read_note",le="0.01"})"], 7);
}

} // namespace
} // namespace throng::stats
