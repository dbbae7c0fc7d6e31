// Tests of a run's outputs: the paths readied before the run, the files
// written after it, the messages and the verdict.

#include "config/threshold_grammar.hpp"
#include "stats/run_output.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "recorded_requests.hpp"
#include "tests/temp_dir.hpp"

namespace throng::stats {
namespace {

using protocol::operation;
using throng::testing::temp_dir;

std::string slurp(const std::string& path) {
  std::ifstream in{path};
  return {std::istreambuf_iterator<char>{in}, {}};
}

// A finished run of a few requests over two seconds, all of them answered.
struct a_run {
  run_stats figures;
  time_series series;
  finished_run done;

  a_run() {
    testing::record_each_second(figures, series, 2, {operation::signup, operation::read_note},
                                [](std::uint32_t) {
                                  request_sample s;
                                  s.shard = "shard-0";
                                  s.latency_us = 500;
                                  s.status = 200;
                                  return s;
                                });
    series.seal_all();
    done.info = {"http://127.0.0.1:1", 2.0, 4, 9, {}};
    done.figures = &figures;
    done.series = &series;
  }

  void add_violation() {
    figures.record_violation(model::violation_class::lost_update, "shard-0");
  }
};

// What one write() printed and returned.
struct written {
  run_verdict verdict;
  std::string out;
  std::string err;
};

written write(const run_output& output, const finished_run& done) {
  std::ostringstream out;
  std::ostringstream err;
  auto v = output.write(done, out, err);
  return {v, out.str(), err.str()};
}

std::vector<threshold> thresholds(std::initializer_list<const char*> texts) {
  std::vector<threshold> ts;
  for (const auto* text : texts)
    ts.push_back(*config::parse_threshold(text));
  return ts;
}

TEST(run_output, a_clean_run_passes_and_prints_its_report) {
  a_run r;
  auto w = write(run_output{{}}, r.done);
  EXPECT_EQ(w.verdict, run_verdict::pass);
  EXPECT_EQ(static_cast<int>(w.verdict), 0);
  EXPECT_EQ(w.out.rfind("\ntarget http://127.0.0.1:1, 2.00 s, 4 accounts, seed 9", 0), 0u)
    << w.out;
  EXPECT_NE(w.out.find("read_note"), std::string::npos) << w.out;
  EXPECT_EQ(w.err, "");
}

TEST(run_output, the_verdict_follows_the_documented_exit_codes) {
  EXPECT_EQ(static_cast<int>(run_verdict::pass), 0);
  EXPECT_EQ(static_cast<int>(run_verdict::violations), 1);
  EXPECT_EQ(static_cast<int>(run_verdict::not_a_pass), 3);
  EXPECT_EQ(static_cast<int>(run_verdict::threshold_failed), 4);
}

TEST(run_output, thresholds_are_listed_and_a_failed_one_gives_its_verdict) {
  a_run r;
  auto w = write(run_output{{"throng run", thresholds({"errors<1%", "rps>1000"}), "", ""}},
                 r.done);
  EXPECT_EQ(w.verdict, run_verdict::threshold_failed);
  EXPECT_NE(w.out.find("PASS errors<1%"), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("FAIL rps>1000"), std::string::npos) << w.out;
  auto passed = write(run_output{{"throng run", thresholds({"errors<1%"}), "", ""}}, r.done);
  EXPECT_EQ(passed.verdict, run_verdict::pass);
}

TEST(run_output, violations_come_before_failed_thresholds_and_failures) {
  a_run r;
  r.add_violation();
  r.done.info.failure = "seed data: gave up";
  auto w = write(run_output{{"throng run", thresholds({"rps>1000"}), "", ""}}, r.done);
  EXPECT_EQ(w.verdict, run_verdict::violations);
  EXPECT_EQ(w.err, "throng run: seed data: gave up\n");
}

TEST(run_output, a_run_that_stopped_early_is_not_a_pass_and_says_why) {
  a_run r;
  r.done.info.failure = "target http://127.0.0.1:1 unreachable after 0 s";
  temp_dir dir;
  auto w = write(run_output{{"throng demo", {}, dir / "s.json", ""}}, r.done);
  EXPECT_EQ(w.verdict, run_verdict::not_a_pass);
  EXPECT_EQ(w.err, "throng demo: target http://127.0.0.1:1 unreachable after 0 s\n");
  auto j = nlohmann::json::parse(slurp(dir / "s.json"));
  EXPECT_EQ(j["failure"], "target http://127.0.0.1:1 unreachable after 0 s");
}

TEST(run_output, a_run_in_which_nothing_succeeded_names_the_request) {
  run_stats figures;
  time_series series;
  for (int i = 0; i < 3; ++i) {
    request_sample s;
    s.op = operation::signup;
    s.error = model::error_kind::status_4xx;
    s.status = 404;
    s.status_class = "4xx";
    figures.record(s);
  }
  finished_run done;
  done.info = {"http://127.0.0.1:1/wrong", 1.0, 3, 1, {}};
  done.figures = &figures;
  done.series = &series;
  done.base_path = "/wrong";
  auto w = write(run_output{{}}, done);
  EXPECT_EQ(w.verdict, run_verdict::not_a_pass);
  EXPECT_EQ(w.err, "throng run: every sign-up failed: POST /wrong/v1/accounts answered 404 "
                   "(3 times); is --target right?\n");
}

TEST(run_output, out_dir_gets_the_summary_the_series_and_the_page) {
  temp_dir dir;
  a_run r;
  r.done.events = {{1, "stage 2: 8 accounts"}};
  r.done.parameters = {{"scenario", "scenarios/steady-xyz.json"}};
  r.done.interrupted = true;
  const run_output output{{"throng run", {}, "", dir / "out"}};
  EXPECT_EQ(output.summary_json(), dir / "out" + "/summary.json");
  EXPECT_EQ(output.violations_log(), dir / "out" + "/violations.jsonl");
  ASSERT_EQ(output.prepare(), "");
  auto w = write(output, r.done);
  EXPECT_EQ(w.verdict, run_verdict::pass);
  auto j = nlohmann::json::parse(slurp(dir / "out/summary.json"));
  EXPECT_EQ(j["requests"]["total"], 4);
  EXPECT_EQ(j["seed"], 9);
  auto csv = slurp(dir / "out/timeseries.csv");
  EXPECT_EQ(csv.rfind("second,op,shard,count,errors,p50_ms,p99_ms\n", 0), 0u) << csv;
  EXPECT_NE(csv.find("1,read_note,shard-0,1,0,"), std::string::npos) << csv;
  auto html = slurp(dir / "out/report.html");
  EXPECT_NE(html.find("stage 2: 8 accounts"), std::string::npos);
  EXPECT_NE(html.find("interrupted"), std::string::npos);
  EXPECT_NE(html.find("steady-xyz"), std::string::npos);
}

TEST(run_output, without_out_dir_only_the_summary_asked_for_is_written) {
  temp_dir dir;
  a_run r;
  const run_output none{{}};
  EXPECT_EQ(none.summary_json(), "");
  EXPECT_EQ(none.violations_log(), "");
  EXPECT_EQ(none.prepare(), "");
  const run_output summary_only{{"throng run", {}, dir / "summary.json", ""}};
  EXPECT_EQ(write(summary_only, r.done).verdict, run_verdict::pass);
  EXPECT_TRUE(std::filesystem::exists(dir / "summary.json"));
  EXPECT_FALSE(std::filesystem::exists(dir / "timeseries.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "report.html"));
}

TEST(run_output, prepare_creates_the_folder_and_the_summary_file) {
  temp_dir dir;
  std::ofstream{dir / "kept.json"} << "earlier\n";
  const run_output output{{"throng run", {}, dir / "kept.json", dir / "a/b"}};
  EXPECT_EQ(output.prepare(), "");
  EXPECT_TRUE(std::filesystem::is_directory(dir / "a/b"));
  EXPECT_EQ(slurp(dir / "kept.json"), "earlier\n");
  const run_output fresh{{"throng run", {}, "", dir / "c"}};
  EXPECT_EQ(fresh.prepare(), "");
  EXPECT_TRUE(std::filesystem::exists(dir / "c/summary.json"));
}

TEST(run_output, prepare_names_the_flag_whose_path_is_unusable) {
  temp_dir dir;
  std::ofstream{dir / "file"} << "x";
  const run_output bad_dir{{"throng run", {}, "", dir / "file/sub"}};
  EXPECT_EQ(bad_dir.prepare().rfind("--out: cannot create " + dir / "file/sub" + ": ", 0),
            0u)
    << bad_dir.prepare();
  const run_output bad_summary{{"throng run", {}, dir / "missing/s.json", ""}};
  EXPECT_EQ(bad_summary.prepare(), "--summary-json: cannot write " + dir / "missing/s.json");
}

TEST(run_output, a_file_that_cannot_be_written_is_not_a_pass_even_with_violations) {
  temp_dir dir;
  a_run r;
  r.add_violation();
  const run_output output{{"throng demo", {}, dir / "missing/s.json", ""}};
  auto w = write(output, r.done);
  EXPECT_EQ(w.verdict, run_verdict::not_a_pass);
  EXPECT_EQ(w.err, "throng demo: --summary-json: writing " + dir / "missing/s.json"
                     + " failed\n");
  std::ofstream{dir / "file"} << "x";
  auto w2 = write(run_output{{"throng run", {}, "", dir / "file"}}, r.done);
  EXPECT_EQ(w2.verdict, run_verdict::not_a_pass);
  EXPECT_NE(w2.err.find("throng run: --summary-json: writing " + dir / "file"
                        + "/summary.json failed\n"),
            std::string::npos)
    << w2.err;
  EXPECT_NE(w2.err.find("throng run: --out: writing " + dir / "file" + "/timeseries.csv failed\n"),
            std::string::npos)
    << w2.err;
}

} // namespace
} // namespace throng::stats
