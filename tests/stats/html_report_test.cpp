// Tests of report.html: the five charts, self-containment and escaping, the
// tables, thresholds, workers and parameters.

#include "config/threshold_grammar.hpp"
#include "stats/html_report.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "recorded_requests.hpp"

namespace throng::stats {
namespace {

using protocol::operation;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

struct fixture {
  run_stats figures;
  time_series series;
  html_report_input in;

  fixture() {
    testing::record_each_second(figures, series, 10,
                                {operation::read_note, operation::create_note},
                                [](std::uint32_t second) {
                                  request_sample s;
                                  s.shard = second % 2 ? "shard-0" : "<script>alert(1)</script>";
                                  s.latency_us = 1000 + second * 100;
                                  return s;
                                });
    series.record_violation(4);
    figures.record_violation(model::violation_class::stale_read, "shard-0");
    series.seal_all();
    in.info = {"http://127.0.0.1:1/\"x\"", 10, 20, 7, {}};
    in.figures = &figures;
    in.series = &series;
    in.parameters = {{"accounts", "20"}, {"seed", "7"}};
    in.events = {{0, "start"}, {5, "migration <started>"}, {10, "end"}};
    auto t = config::parse_threshold("violations==0");
    in.checks = {check_threshold(*t, figures, 10)};
  }
};

TEST(html_report, has_the_five_charts_with_their_lines_and_events) {
  fixture f;
  auto page = html_report(f.in);
  for (auto id : {"chart-rates", "chart-percentiles", "chart-latency", "chart-shards",
                  "chart-violations"})
    EXPECT_EQ(count(page, std::string{"<svg class=\"chart\" id=\""} + id + "\""), 1u) << id;
  EXPECT_EQ(count(page, "class=\"series\" data-name=\"note_read\""), 1u);
  EXPECT_EQ(count(page, "class=\"series\" data-name=\"create_note\""), 1u);
  EXPECT_EQ(count(page, "class=\"series\" data-name=\"shard-0\""), 1u);
  EXPECT_EQ(count(page, "class=\"series\" data-name=\"violations\""), 1u);
  // Every event is marked on every chart.
  EXPECT_EQ(count(page, "class=\"series\" data-name=\"p90\""), 1u);
  EXPECT_EQ(count(page, "class=\"event\""), 15u);
  EXPECT_EQ(count(page, "migration &lt;started&gt;"), 5u);
}

TEST(html_report, is_self_contained_and_escapes_outside_text) {
  fixture f;
  auto page = html_report(f.in);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("http://127.0.0.1:1/&quot;x&quot;"), std::string::npos);
  // Nothing to fetch: no src, no link, no external stylesheet.
  EXPECT_EQ(page.find(" src="), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
}

TEST(html_report, shows_tables_thresholds_verdict_and_parameters) {
  fixture f;
  auto page = html_report(f.in);
  EXPECT_NE(page.find("<pre id=\"tables\">"), std::string::npos);
  EXPECT_NE(page.find("latency (from intended send), ms"), std::string::npos);
  EXPECT_NE(page.find("<li class=\"fail\">FAIL violations==0 (1)</li>"), std::string::npos);
  EXPECT_NE(page.find("class=\"fail\">1 consistency violations"), std::string::npos);
  EXPECT_NE(page.find("<tr><th>seed</th><td>7</td></tr>"), std::string::npos);
}

TEST(html_report, polylines_have_one_point_per_second) {
  fixture f;
  auto page = html_report(f.in);
  std::regex points{R"re(data-name="note_read"[^>]*points="([^"]*)")re"};
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, points));
  auto pts = m[1].str();
  EXPECT_EQ(count(pts, ","), 10u);
}

TEST(html_report, shows_the_workers_of_a_distributed_run_escaped) {
  fixture f;
  f.in.info.workers = {
    {"127.0.0.1:4101", 10, 400, 40, 0.8, 2048, 1500, false, ""},
    {"<b>evil</b>:4102", 10, 100, 10, 0.2, 1024, 500, true, "closed <the> link"}};
  auto page = html_report(f.in);
  EXPECT_NE(page.find("<h2>Workers</h2>\n<table id=\"workers\">\n<tr><th>worker</th>"
                      "<th>accounts</th>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr><td>127.0.0.1:4101</td><td>10</td><td>400</td><td>40.00</td>"
                      "<td>0.80</td><td>2000.00</td><td>2.00</td><td>1.50</td>"
                      "<td>ok</td></tr>"),
            std::string::npos);
  EXPECT_NE(page.find("<tr class=\"fail\"><td>&lt;b&gt;evil&lt;/b&gt;:4102</td>"),
            std::string::npos);
  EXPECT_NE(page.find("<td>lost: closed &lt;the&gt; link</td></tr>"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<the>"), std::string::npos);
  // The console report's tables under "Figures" have it too.
  EXPECT_EQ(count(page, "&lt;b&gt;evil&lt;/b&gt;:4102"), 2u);
}

TEST(html_report, a_run_in_one_process_has_no_workers_table) {
  fixture f;
  EXPECT_EQ(html_report(f.in).find("id=\"workers\""), std::string::npos);
}

TEST(html_report, an_empty_run_still_renders) {
  html_report_input in;
  auto page = html_report(in);
  EXPECT_EQ(count(page, "<svg class=\"chart\""), 5u);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

} // namespace
} // namespace throng::stats
