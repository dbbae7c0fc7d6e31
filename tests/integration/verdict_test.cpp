// End-to-end tests of the run's verdict and figures against services that
// struggle or misbehave: late writes are no violation, counters stay within
// their totals, a path prefix is honoured, shard names stay bounded.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "crowd_run.hpp"
#include "tests/stats/figures_add_up.hpp"
#include "loopback.hpp"
#include "stats/verdict.hpp"
#include "wrong_service.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;

std::uint64_t errors_of(const stats::run_stats& s, model::error_kind k) {
  return s.errors[static_cast<std::size_t>(k)];
}

std::string classes(const stats::run_stats& s) {
  std::ostringstream out;
  for (std::size_t i = 0; i < model::violation_class_count; ++i)
    if (s.violations[i] > 0)
      out << model::to_string(static_cast<model::violation_class>(i)) << " "
          << s.violations[i] << "; ";
  return out.str();
}

// Issue #11's reproduction: a correct service that delays one request in
// ten by up to 3 s, then handles it, with a 1 s timeout. The writes whose
// answers timed out land later, after the accounts' next requests.
TEST(verdict, writes_that_land_after_their_timeout_are_no_violation) {
  wrong_service w{wrongness::slow_some};
  ASSERT_TRUE(w.running());
  auto o = crowd(w.url(), 50, 30000, 8s);
  o.timeout = 1s;
  o.seed_notes = 2;
  auto r = run_crowd(o);
  EXPECT_GT(errors_of(r.stats, model::error_kind::timeout), 20u);
  EXPECT_GT(r.stats.unknown_outcome, 10u);
  EXPECT_EQ(r.stats.violation_total(), 0u) << classes(r.stats);
}

// Returns every sample of `metric` on a Prometheus page, as numbers.
std::vector<double> samples(const std::string& page, const std::string& metric) {
  std::vector<double> out;
  std::istringstream in(page);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(metric, 0) == 0 && line.size() > metric.size()
        && (line[metric.size()] == '{' || line[metric.size()] == ' '))
      out.push_back(std::stod(line.substr(line.rfind(' ') + 1)));
  return out;
}

// Malformed bodies in the seed phase and in the run: every answer is
// counted once, with its class, so that no counter goes below zero or past
// the total, on the page scraped mid-run as in the final figures.
TEST(verdict, counters_stay_within_the_total_against_hostile_bodies) {
  wrong_service w{wrongness::hostile_some};
  ASSERT_TRUE(w.running());
  auto o = crowd(w.url(), 20, 12000, 3s);
  o.seed_notes = 3;
  o.seed_max_errors = 1'000'000;
  const auto port = free_port();
  o.metrics = "127.0.0.1:" + std::to_string(port);
  std::vector<std::string> pages;
  auto r = run_crowd(o, [&] {
    for (int i = 0; i < 200 && pages.size() < 5; ++i) {
      auto page = get_body(port, "/metrics");
      if (page.find("throng_requests_total{") != std::string::npos)
        pages.push_back(std::move(page));
      std::this_thread::sleep_for(100ms);
    }
  });
  ASSERT_FALSE(pages.empty());
  for (const auto& page : pages) {
    double sum = 0;
    for (auto v : samples(page, "throng_requests_total")) {
      EXPECT_GE(v, 0);
      EXPECT_LT(v, 1e9) << "a counter wrapped around";
      sum += v;
    }
    for (auto v : samples(page, "throng_request_errors_total"))
      EXPECT_LE(v, sum);
  }
  const auto& s = r.stats;
  EXPECT_GT(errors_of(s, model::error_kind::malformed), 10u);
  expect_figures_add_up(s);
  EXPECT_EQ(s.violation_total(), 0u) << classes(s);
  ASSERT_TRUE(r.seed);
  EXPECT_GT(r.seed->errors, 0u);
}

// A service mounted under /api is driven there, every request once: no
// "/api/api" and no 404.
TEST(verdict, a_target_under_a_path_prefix_is_driven_there) {
  wrong_service w{wrongness::none, "/api"};
  ASSERT_TRUE(w.running());
  auto r = run_crowd(crowd(w.url() + "/api", 10, 6000, 1500ms));
  EXPECT_GT(r.stats.total, 50u);
  EXPECT_EQ(r.stats.ok, r.stats.total);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_EQ(stats::nothing_succeeded(r.stats, "/api"), "");
}

// Without the prefix, every sign-up is a 404: a run in which nothing
// succeeded, which says which request failed how.
TEST(verdict, a_wrong_path_is_a_run_in_which_nothing_succeeded) {
  wrong_service w{wrongness::none, "/api"};
  ASSERT_TRUE(w.running());
  auto o = crowd(w.url(), 5, 6000, 1s);
  o.seed_notes = 0;
  auto r = run_crowd(o);
  EXPECT_GT(r.stats.total, 0u);
  EXPECT_EQ(r.stats.ok, 0u);
  EXPECT_EQ(stats::nothing_succeeded(r.stats, "").rfind(
              "every sign-up failed: POST /v1/accounts answered 404 (", 0),
            0u)
    << stats::nothing_succeeded(r.stats, "");
}

// A service that names a new shard in every answer: at most 256 names are
// kept, the rest count as "other", and the run says so once.
TEST(verdict, shard_names_past_the_limit_count_as_other) {
  wrong_service w{wrongness::shard_per_answer};
  ASSERT_TRUE(w.running());
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = actors::crowd_run{crowd(w.url(), 20, 36000, 2s)}.run(interrupt, log);
  ASSERT_TRUE(r);
  const auto& s = r->stats;
  EXPECT_GT(s.total, 600u);
  EXPECT_LE(s.shards.size(), 257u);
  EXPECT_TRUE(s.shards.count("other") == 1);
  std::set<std::string> labels;
  for (const auto& [key, n] : s.by_class)
    labels.insert(std::get<2>(key));
  EXPECT_LE(labels.size(), 258u); // and the unknown shard, ""
  std::set<std::string> series;
  for (const auto& row : r->series.rows())
    series.insert(row.shard);
  EXPECT_LE(series.size(), 258u);
  const auto text = log.str();
  EXPECT_NE(text.find("X-Shard"), std::string::npos) << text;
  EXPECT_EQ(text.find("X-Shard"), text.rfind("X-Shard")) << "warned more than once";
}

} // namespace
} // namespace throng::testing
