// Tests of thresholds: parsing each metric, checking it, the report line, and
// the errors of malformed ones.

#include "config/threshold_grammar.hpp"
#include "stats/threshold.hpp"

#include <gtest/gtest.h>

namespace throng::stats {
namespace {

using protocol::operation;

run_stats sample_run() {
  run_stats s;
  for (std::uint64_t i = 1; i <= 100; ++i) {
    request_sample r;
    r.op = operation::read_note;
    r.latency_us = i * 1000; // 1..100 ms
    r.service_us = i * 500;
    if (i <= 2)
      r.error = model::error_kind::timeout;
    s.record(r);
  }
  s.record_violation(model::violation_class::stale_read, "shard-0");
  return s;
}

bool passes(std::string_view text, double duration_s = 10) {
  auto t = config::parse_threshold(text);
  EXPECT_TRUE(t) << text << ": " << (t ? "" : t.error().message);
  return t && check_threshold(*t, sample_run(), duration_s).passed;
}

TEST(threshold, latency_quantiles_with_units) {
  EXPECT_TRUE(passes("read_note.p50<51ms"));
  EXPECT_FALSE(passes("read_note.p50<49ms"));
  EXPECT_TRUE(passes("read_note.p99 <= 0.1s"));
  EXPECT_TRUE(passes("read_note.max>=100000us"));
  EXPECT_FALSE(passes("read_note.p999 < 90ms"));
  EXPECT_TRUE(passes("create_note.p99<1ms")); // no requests: 0
}

TEST(threshold, rates_errors_and_violations) {
  EXPECT_TRUE(passes("rps==10"));
  EXPECT_TRUE(passes("read_note.rps>=10"));
  EXPECT_TRUE(passes("errors<3"));
  EXPECT_FALSE(passes("errors<2"));
  EXPECT_TRUE(passes("errors<=2%"));
  EXPECT_FALSE(passes("errors<1%"));
  EXPECT_FALSE(passes("violations==0"));
  EXPECT_TRUE(passes("stale_read==1"));
  EXPECT_TRUE(passes("missing_note==0"));
}

TEST(threshold, report_line_says_pass_or_fail_with_the_actual_figure) {
  auto t = config::parse_threshold("read_note.p50<49ms");
  auto o = check_threshold(*t, sample_run(), 10);
  EXPECT_EQ(to_string(o).substr(0, 5), "FAIL ");
  EXPECT_NE(to_string(o).find("read_note.p50<49ms"), std::string::npos);
  EXPECT_NE(to_string(o).find("ms)"), std::string::npos);
  t = config::parse_threshold("errors<=2%");
  EXPECT_EQ(to_string(check_threshold(*t, sample_run(), 10)), "PASS errors<=2% (2%)");
}

TEST(threshold, malformed_ones_say_what_is_wrong) {
  struct bad_case {
    const char* text;
    const char* says;
  };
  for (auto [text, says] : {
         bad_case{"", "expected METRIC CMP VALUE"},
         bad_case{"read_note.p99", "expected METRIC CMP VALUE"},
         bad_case{"read_note.p99<50", "unit"},
         bad_case{"read_note.p99<50xs", "unit"},
         bad_case{"nosuch.p99<5ms", "unknown operation 'nosuch'"},
         bad_case{"read_note.p42<5ms", "unknown field 'p42'"},
         bad_case{"latency<5", "unknown metric 'latency'"},
         bad_case{"errors<", "missing value"},
         bad_case{"<5", "missing metric"},
         bad_case{"errors<lots", "not a number"},
         bad_case{"errors=<1", "unknown comparison"},
       }) {
    auto t = config::parse_threshold(text);
    ASSERT_FALSE(t) << text;
    EXPECT_NE(t.error().message.find(says), std::string::npos)
      << text << " -> " << t.error().message;
    EXPECT_NE(t.error().message.find("bad threshold"), std::string::npos);
  }
}

} // namespace
} // namespace throng::stats
