// Tests of the console report, the status line and the summary JSON's
// documented schema.

#include "stats/report.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace throng::stats;
namespace model = throng::model;
using throng::protocol::operation;
using json = nlohmann::json;

namespace {

run_info small_info() {
  return {"http://127.0.0.1:8080", 10.0, 3, 42, {}};
}

// A small run whose figures are easy to check by hand. Values below 256 us
// and single values are exact in a histogram.
run_stats small_run() {
  run_stats s;
  s.record({operation::read_note, std::nullopt, false, "s1", 200, 150});
  s.record({operation::read_note, std::nullopt, false, "s1", 200, 150});
  s.record({operation::create_note, std::nullopt, false, "s2", 4000, 3000});
  s.record({operation::signup, model::error_kind::status_4xx, false, "", 100, 90});
  s.record({operation::read_account, std::nullopt, false, "s1", 50, 40});
  s.record_violation(model::violation_class::stale_read, "s1");
  s.skipped_ticks = 5;
  return s;
}

void expect_latency(const json& j, double p50, double p90, double p99,
                    double p999, double max) {
  ASSERT_TRUE(j.is_object()) << j;
  EXPECT_DOUBLE_EQ(j.at("p50").get<double>(), p50);
  EXPECT_DOUBLE_EQ(j.at("p90").get<double>(), p90);
  EXPECT_DOUBLE_EQ(j.at("p99").get<double>(), p99);
  EXPECT_DOUBLE_EQ(j.at("p999").get<double>(), p999);
  EXPECT_DOUBLE_EQ(j.at("max").get<double>(), max);
}

std::string report_of(const run_info& info, const run_stats& s) {
  std::ostringstream out;
  print_report(out, info, s);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The lines of the table under the line `title`, up to the next blank line.
std::vector<std::string> table_under(const std::string& report,
                                     const std::string& title) {
  auto lines = lines_of(report);
  std::vector<std::string> table;
  bool in_table = false;
  for (const auto& line : lines) {
    if (in_table) {
      if (line.empty())
        break;
      table.push_back(line);
    } else if (line == title) {
      in_table = true;
    }
  }
  return table;
}

bool has_row(const std::vector<std::string>& table, const std::string& first,
             const std::vector<std::string>& cells) {
  for (const auto& line : table) {
    std::istringstream in{line};
    std::vector<std::string> words;
    for (std::string w; in >> w;)
      words.push_back(w);
    if (!words.empty() && words[0] == first
        && std::vector<std::string>(words.begin() + 1, words.end()) == cells)
      return true;
  }
  return false;
}

} // namespace

TEST(report, summary_json_has_the_documented_schema) {
  auto j = json::parse(summary_json(small_info(), small_run()));
  EXPECT_EQ(j.at("target"), "http://127.0.0.1:8080");
  EXPECT_DOUBLE_EQ(j.at("duration_s").get<double>(), 10.0);
  EXPECT_EQ(j.at("accounts"), 3);
  EXPECT_EQ(j.at("seed"), 42);

  EXPECT_EQ(j.at("requests"), (json{{"total", 5},
                                    {"ok", 4},
                                    {"failed", 1},
                                    {"unknown_outcome", 0},
                                    {"skipped_ticks", 5}}));
  EXPECT_EQ(j.at("errors"), (json{{"connect", 0},
                                  {"timeout", 0},
                                  {"reset", 0},
                                  {"status_4xx", 1},
                                  {"status_5xx", 0},
                                  {"protocol", 0},
                                  {"malformed", 0}}));

  const auto& rates = j.at("rates");
  EXPECT_EQ(rates.size(), 4u);
  EXPECT_DOUBLE_EQ(rates.at("account_read_rps").get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(rates.at("account_write_rps").get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(rates.at("note_read_rps").get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(rates.at("note_write_rps").get<double>(), 0.1);

  const auto& ops = j.at("operations");
  EXPECT_EQ(ops.size(), throng::protocol::operation_count);
  for (auto op : throng::protocol::all_operations) {
    const auto& o = ops.at(std::string{throng::protocol::to_string(op)});
    EXPECT_TRUE(o.at("count").is_number_unsigned());
    EXPECT_TRUE(o.at("errors").is_number_unsigned());
    EXPECT_TRUE(o.at("latency_ms").is_object());
    EXPECT_TRUE(o.at("service_latency_ms").is_object());
  }
  EXPECT_EQ(ops.at("read_note").at("count"), 2);
  EXPECT_EQ(ops.at("read_note").at("errors"), 0);
  expect_latency(ops.at("read_note").at("latency_ms"), 0.2, 0.2, 0.2, 0.2, 0.2);
  expect_latency(ops.at("read_note").at("service_latency_ms"), 0.15, 0.15,
                 0.15, 0.15, 0.15);
  expect_latency(ops.at("create_note").at("latency_ms"), 4, 4, 4, 4, 4);
  expect_latency(ops.at("create_note").at("service_latency_ms"), 3, 3, 3, 3, 3);
  EXPECT_EQ(ops.at("signup").at("count"), 1);
  EXPECT_EQ(ops.at("signup").at("errors"), 1);
  EXPECT_EQ(ops.at("list_notes").at("count"), 0);
  expect_latency(ops.at("list_notes").at("latency_ms"), 0, 0, 0, 0, 0);

  EXPECT_EQ(j.at("shards"),
            (json{{"s1",
                   {{"note_reads", 2},
                    {"note_writes", 0},
                    {"errors", 0},
                    {"violations", 1}}},
                  {"s2",
                   {{"note_reads", 0},
                    {"note_writes", 1},
                    {"errors", 0},
                    {"violations", 0}}}}));
  EXPECT_EQ(j.at("violations"), (json{{"total", 1},
                                      {"stale_read", 1},
                                      {"lost_update", 0},
                                      {"corrupt_content", 0},
                                      {"missing_note", 0},
                                      {"unexpected_note", 0},
                                      {"resurrected_note", 0},
                                      {"isolation_breach", 0}}));
}

TEST(report, indeterminate_notes_are_reported_apart_from_violations) {
  auto s = small_run();
  auto j = json::parse(summary_json(small_info(), s));
  EXPECT_EQ(j.at("checking").at("indeterminate"), 0);
  EXPECT_EQ(report_of(small_info(), s).find("indeterminate"), std::string::npos);
  s.indeterminate = 3;
  j = json::parse(summary_json(small_info(), s));
  EXPECT_EQ(j.at("checking").at("indeterminate"), 3);
  EXPECT_EQ(j.at("violations").at("total"), 1);
  EXPECT_NE(report_of(small_info(), s).find("indeterminate"), std::string::npos);
}

TEST(report, tick_lateness_is_in_the_summary_and_the_report) {
  auto s = small_run();
  EXPECT_EQ(report_of(small_info(), s).find("ticks sent late"), std::string::npos);
  s.tick_lateness_us.record(100, 98);
  s.tick_lateness_us.record(1500, 2);
  auto j = json::parse(summary_json(small_info(), s));
  EXPECT_EQ(j.at("ticks").at("sent"), 100);
  EXPECT_DOUBLE_EQ(j.at("ticks").at("lateness_ms").at("p50").get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(j.at("ticks").at("lateness_ms").at("max").get<double>(), 1.5);
  EXPECT_NE(report_of(small_info(), s).find("ticks sent late, p99 / max ms"), std::string::npos);
}

TEST(report, summary_json_says_why_a_run_failed) {
  auto info = small_info();
  EXPECT_FALSE(json::parse(summary_json(info, small_run())).contains("failure"));
  info.failure = "every sign-up failed";
  EXPECT_EQ(json::parse(summary_json(info, small_run())).at("failure"),
            "every sign-up failed");
}

TEST(report, summary_json_keeps_the_documented_key_order) {
  auto text = summary_json(small_info(), small_run());
  std::vector<std::size_t> positions;
  for (auto key : {"\"target\"", "\"duration_s\"", "\"accounts\"", "\"seed\"",
                   "\"requests\"", "\"errors\"", "\"rates\"",
                   "\"operations\"", "\"shards\"", "\"violations\""})
    positions.push_back(text.find(key));
  EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end()));
  EXPECT_EQ(std::count(positions.begin(), positions.end(), std::string::npos),
            0);
}

TEST(report, summary_json_gives_the_crowds_sizes_when_known) {
  auto info = small_info();
  EXPECT_FALSE(json::parse(summary_json(info, small_run())).contains("accounts_live"));
  info.accounts_live = crowd_sizes{12, 3};
  info.seed_data = seed_figures{10, 0, 0, 1.0};
  auto text = summary_json(info, small_run());
  auto j = json::parse(text);
  EXPECT_EQ(j.at("accounts_live"), json({{"peak", 12}, {"end", 3}}));
  // Where README.md shows it: after the thresholds, before the seed data.
  EXPECT_LT(text.find("\"thresholds\""), text.find("\"accounts_live\""));
  EXPECT_LT(text.find("\"accounts_live\""), text.find("\"seed_data\""));
}

TEST(report, process_figures_give_cpu_per_request) {
  auto info = small_info();
  info.process = {1.5, 0.5, 2048, true};
  auto s = small_run();
  auto j = json::parse(summary_json(info, s));
  const auto& p = j.at("process");
  EXPECT_EQ(p.at("cpu_user_s"), 1.5);
  EXPECT_EQ(p.at("cpu_system_s"), 0.5);
  EXPECT_EQ(p.at("max_rss_kb"), 2048);
  EXPECT_EQ(p.at("includes_embedded_service"), true);
  EXPECT_DOUBLE_EQ(p.at("cpu_us_per_request").get<double>(),
                   2.0e6 / static_cast<double>(s.total));
  auto text = report_of(info, s);
  EXPECT_NE(text.find("throng process (with the embedded service)"), std::string::npos);
  EXPECT_NE(text.find("max rss MiB"), std::string::npos);
  EXPECT_NE(text.find("2.00"), std::string::npos);
}

TEST(report, summary_json_of_an_empty_run) {
  auto j = json::parse(summary_json(run_info{}, run_stats{}));
  EXPECT_EQ(j.at("target"), "");
  EXPECT_EQ(j.at("requests").at("total"), 0);
  EXPECT_EQ(j.at("errors").size(), model::error_kind_count);
  EXPECT_EQ(j.at("violations").size(), model::violation_class_count + 1);
  EXPECT_EQ(j.at("operations").size(), throng::protocol::operation_count);
  EXPECT_TRUE(j.at("shards").is_object());
  EXPECT_TRUE(j.at("shards").empty());
  for (const auto& [key, value] : j.at("rates").items())
    EXPECT_EQ(value.get<double>(), 0.0) << key;
}

TEST(report, rates_are_zero_without_a_duration) {
  auto info = small_info();
  info.duration_s = 0;
  auto j = json::parse(summary_json(info, small_run()));
  EXPECT_EQ(j.at("rates").at("note_read_rps").get<double>(), 0.0);
  EXPECT_EQ(j.at("requests").at("total"), 5);
}

TEST(report, summary_json_survives_invalid_utf8) {
  auto s = small_run();
  s.record_violation(model::violation_class::missing_note, "bad\xff");
  auto info = small_info();
  info.target = "http://\xc3";
  std::string text;
  ASSERT_NO_THROW(text = summary_json(info, s));
  auto j = json::parse(text);
  EXPECT_EQ(j.at("shards").size(), 3u);
  EXPECT_EQ(j.at("shards").at("bad\xef\xbf\xbd").at("violations"), 1);
}

TEST(report, print_report_shows_operations_and_shards) {
  auto text = report_of(small_info(), small_run());
  EXPECT_NE(text.find("http://127.0.0.1:8080"), std::string::npos);

  auto counts = table_under(text, "operations");
  EXPECT_TRUE(has_row(counts, "read_note", {"2", "0.20", "0"})) << text;
  EXPECT_TRUE(has_row(counts, "signup", {"1", "0.10", "1"})) << text;
  EXPECT_TRUE(has_row(counts, "create_note", {"1", "0.10", "0"})) << text;
  for (const auto& line : counts)
    EXPECT_EQ(line.find("list_notes"), std::string::npos);

  auto latency = table_under(text, "latency (from intended send), ms");
  EXPECT_TRUE(has_row(latency, "create_note",
                      {"4.00", "4.00", "4.00", "4.00", "4.00"}))
    << text;
  EXPECT_TRUE(has_row(latency, "read_note",
                      {"0.20", "0.20", "0.20", "0.20", "0.20"}))
    << text;

  auto service = table_under(text, "service time (from actual send), ms");
  ASSERT_FALSE(service.empty()) << text;
  EXPECT_NE(service[0].find("client delay"), std::string::npos);
  EXPECT_TRUE(has_row(service, "create_note",
                      {"3.00", "3.00", "3.00", "3.00", "3.00", "1.00"}))
    << text;
  EXPECT_TRUE(has_row(service, "read_note",
                      {"0.15", "0.15", "0.15", "0.15", "0.15", "0.05"}))
    << text;

  auto shards = table_under(text, "shards");
  EXPECT_TRUE(has_row(shards, "s1", {"2", "0", "0", "1"})) << text;
  EXPECT_TRUE(has_row(shards, "s2", {"0", "1", "0", "0"})) << text;

  EXPECT_TRUE(has_row(lines_of(text), "status_4xx", {"1"})) << text;
  EXPECT_TRUE(has_row(lines_of(text), "stale_read", {"1"})) << text;
  EXPECT_TRUE(has_row(lines_of(text), "total", {"1"})) << text;
}

TEST(report, print_report_tables_are_aligned) {
  auto text = report_of(small_info(), small_run());
  for (auto title : {"operations", "latency (from intended send), ms",
                     "service time (from actual send), ms", "shards"}) {
    auto table = table_under(text, title);
    ASSERT_GE(table.size(), 2u) << title;
    for (const auto& line : table)
      EXPECT_EQ(line.size(), table[0].size()) << title << "\n" << text;
  }
}

TEST(report, print_report_of_an_empty_run) {
  auto text = report_of(run_info{}, run_stats{});
  EXPECT_NE(text.find("operations: none"), std::string::npos) << text;
  EXPECT_NE(text.find("shards: none"), std::string::npos) << text;
  EXPECT_TRUE(has_row(lines_of(text), "timeout", {"0"})) << text;
}

namespace {

// A distributed run's info: two workers, the second lost, and the
// coordinator's own usage.
run_info distributed_info() {
  auto info = small_info();
  info.process = {1.0, 0.5, 4096, false};
  worker_figures ok{"127.0.0.1:4101", 2, 300, 30, 0.6, 20480, 1500, false, ""};
  worker_figures lost{"127.0.0.1:4102", 1, 120, 12, 0.3, 10240, 250, true,
                      "silent for 10 s"};
  info.workers = {ok, lost};
  return info;
}

} // namespace

TEST(report, print_report_shows_the_workers_of_a_distributed_run) {
  auto text = report_of(distributed_info(), small_run());
  EXPECT_NE(text.find("coordinator process\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("throng process"), std::string::npos) << text;
  auto workers = table_under(text, "workers");
  ASSERT_EQ(workers.size(), 3u) << text;
  EXPECT_NE(workers[0].find("tick lateness p99 ms"), std::string::npos) << text;
  EXPECT_TRUE(has_row(workers, "127.0.0.1:4101",
                      {"2", "300", "30.00", "0.60", "2000.00", "20.00", "1.50", "ok"}))
    << text;
  EXPECT_TRUE(has_row(workers, "127.0.0.1:4102", {"1", "120", "12.00", "0.30", "2500.00",
                                                  "10.00", "0.25", "lost:", "silent",
                                                  "for", "10", "s"}))
    << text;
  for (const auto& line : workers)
    EXPECT_EQ(line.size(), workers[0].size()) << text;
  // After the coordinator's own table.
  EXPECT_LT(text.find("coordinator process"), text.find("workers\n"));
}

TEST(report, the_coordinator_heading_says_when_it_embeds_the_service) {
  auto info = distributed_info();
  info.process.includes_service = true;
  auto text = report_of(info, small_run());
  EXPECT_NE(text.find("coordinator process (with the embedded service)\n"),
            std::string::npos)
    << text;
}

TEST(report, a_run_in_one_process_has_no_workers_table) {
  auto info = small_info();
  info.process = {1.0, 0.5, 4096, false};
  auto text = report_of(info, small_run());
  EXPECT_NE(text.find("throng process\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("coordinator"), std::string::npos) << text;
  EXPECT_TRUE(table_under(text, "workers").empty()) << text;
  EXPECT_FALSE(json::parse(summary_json(info, small_run())).contains("workers"));
}

TEST(report, summary_json_lists_the_workers) {
  auto text = summary_json(distributed_info(), small_run());
  auto j = json::parse(text);
  const auto& workers = j.at("workers");
  ASSERT_TRUE(workers.is_array());
  ASSERT_EQ(workers.size(), 2u);
  const auto& ok = workers[0];
  EXPECT_EQ(ok.at("name"), "127.0.0.1:4101");
  EXPECT_EQ(ok.at("accounts"), 2);
  EXPECT_EQ(ok.at("requests"), 300);
  EXPECT_DOUBLE_EQ(ok.at("requests_per_s").get<double>(), 30.0);
  EXPECT_DOUBLE_EQ(ok.at("cpu_s").get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(ok.at("cpu_us_per_request").get<double>(), 2000.0);
  EXPECT_EQ(ok.at("max_rss_kb"), 20480);
  EXPECT_DOUBLE_EQ(ok.at("tick_lateness_p99_ms").get<double>(), 1.5);
  EXPECT_EQ(ok.at("lost"), false);
  EXPECT_EQ(ok.at("lost_reason"), "");
  EXPECT_EQ(ok.size(), 10u);
  EXPECT_EQ(workers[1].at("name"), "127.0.0.1:4102");
  EXPECT_EQ(workers[1].at("lost"), true);
  EXPECT_EQ(workers[1].at("lost_reason"), "silent for 10 s");
  EXPECT_DOUBLE_EQ(workers[1].at("tick_lateness_p99_ms").get<double>(), 0.25);
  // Where README.md shows it: after the process, before the thresholds.
  EXPECT_LT(text.find("\"process\""), text.find("\"workers\""));
  EXPECT_LT(text.find("\"workers\""), text.find("\"thresholds\""));
}

namespace throng::stats {
namespace {

TEST(report, status_line_shows_rates_latency_errors_and_violations) {
  status_figures f;
  f.elapsed_s = 12.4;
  f.live_accounts = 200;
  f.rates = {81.2, 89.6, 451.1, 378.5};
  f.p99_ms = 3.214;
  f.errors = 2;
  f.violations = 1;
  EXPECT_EQ(status_line(f), "[12s] accounts 200 | account r 81/s w 90/s | note r 451/s "
                            "w 379/s | p99 3.21ms | errors 2 | violations 1");
  f.shard_rates = {{"shard-0", 12.4}, {"shard-1", 817.6}};
  EXPECT_EQ(status_line(f), "[12s] accounts 200 | account r 81/s w 90/s | note r 451/s "
                            "w 379/s | p99 3.21ms | errors 2 | violations 1 | "
                            "shard-0 12/s shard-1 818/s");
}

TEST(report, status_line_says_how_far_behind_the_crowd_is) {
  status_figures f;
  f.elapsed_s = 3;
  f.live_accounts = 20;
  f.tick_backlog = 1234;
  f.shard_rates = {{"shard-0", 5}};
  EXPECT_EQ(status_line(f), "[3s] accounts 20 | account r 0/s w 0/s | note r 0/s w 0/s | "
                            "p99 0.00ms | errors 0 | violations 0 | behind 1234 | "
                            "shard-0 5/s");
}

TEST(report, status_line_says_when_workers_are_lost) {
  status_figures f;
  f.elapsed_s = 3;
  f.live_accounts = 20;
  f.workers_lost = 1;
  EXPECT_EQ(status_line(f), "[3s] accounts 20 | account r 0/s w 0/s | note r 0/s w 0/s | "
                            "p99 0.00ms | errors 0 | violations 0 | 1 worker(s) lost");
}

} // namespace
} // namespace throng::stats
