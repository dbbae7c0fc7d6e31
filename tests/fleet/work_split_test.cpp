// Tests of how a distributed run is split over its workers (fleet/work_split).

#include "fleet/work_split.hpp"

#include <numeric>
#include <set>

#include <gtest/gtest.h>

namespace throng::fleet {
namespace {

actors::run_options run_of(std::size_t accounts, double rpm) {
  actors::run_options o;
  o.target = "http://127.0.0.1:1";
  o.accounts = accounts;
  o.rpm = rpm;
  o.connections = 16;
  o.seed_batch = 25;
  o.seed_max_errors = 5;
  o.spawn_rate = 30;
  return o;
}

TEST(even_split, adds_up_and_differs_by_at_most_one) {
  for (std::uint64_t n : {0u, 1u, 7u, 100u, 101u})
    for (std::size_t parts : {1u, 2u, 3u, 7u}) {
      const auto s = even_split(n, parts);
      ASSERT_EQ(s.size(), parts);
      EXPECT_EQ(std::accumulate(s.begin(), s.end(), std::uint64_t{0}), n);
      EXPECT_LE(*std::max_element(s.begin(), s.end()) - *std::min_element(s.begin(), s.end()),
                1u);
    }
}

TEST(split_run, gives_contiguous_ranges_and_the_whole_rate) {
  const auto shares = split_run(run_of(10, 600), 3, {});
  ASSERT_EQ(shares.size(), 3u);
  std::uint64_t next = 0;
  double rpm = 0;
  std::uint64_t connections = 0;
  for (std::size_t k = 0; k < shares.size(); ++k) {
    EXPECT_EQ(shares[k].worker, k);
    EXPECT_EQ(shares[k].first_index, next);
    next += shares[k].accounts;
    rpm += shares[k].rpm;
    connections += shares[k].connections;
    EXPECT_EQ(shares[k].run_accounts, 10u);
    EXPECT_DOUBLE_EQ(shares[k].spawn_rate, 10);
  }
  EXPECT_EQ(next, 10u);
  EXPECT_DOUBLE_EQ(rpm, 600);
  EXPECT_EQ(connections, 16u);
  EXPECT_EQ(shares[0].accounts, 4u); // 4, 3, 3
  EXPECT_DOUBLE_EQ(shares[0].rpm, 240);
  EXPECT_EQ(shares[0].seed_max_errors + shares[1].seed_max_errors + shares[2].seed_max_errors,
            5u);
}

TEST(split_run, later_indexes_together_are_those_of_one_process) {
  // One process grows from 10 to 16 accounts with the indexes 10..15; three
  // workers that grow by an even split of the 6 give out the same ones.
  auto o = run_of(10, 600);
  config::load_stage up;
  up.duration = std::chrono::seconds(1);
  up.accounts = 16;
  o.stages = {up};
  const auto shares = split_run(o, 3, {});
  std::set<std::uint64_t> all;
  for (const auto& s : shares) {
    auto opts = options_of(s);
    ASSERT_TRUE(opts) << opts.error();
    ASSERT_EQ(opts->stages.size(), 1u);
    const auto grown = *opts->stages[0].accounts;
    for (std::uint64_t j = 0; j < grown; ++j)
      EXPECT_TRUE(all.insert(opts->indexes.at(j)).second) << "index given twice";
  }
  std::set<std::uint64_t> one_process;
  for (std::uint64_t i = 0; i < 16; ++i)
    one_process.insert(i);
  EXPECT_EQ(all, one_process);
}

TEST(options_of, reads_back_what_the_share_says) {
  auto o = run_of(7, 700);
  o.duration = std::chrono::seconds(9);
  o.timeout = std::chrono::milliseconds(1234);
  o.model = config::workload_model::closed;
  const auto shares = split_run(o, 2, {"", "", "", "", "run-x"});
  auto back = options_of(shares[1]);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->accounts, 3u);
  EXPECT_EQ(back->population_accounts, 7u);
  EXPECT_EQ(back->indexes.at(0), 4u);
  EXPECT_EQ(back->name_prefix, "run-x");
  EXPECT_EQ(back->duration, std::chrono::seconds(9));
  EXPECT_EQ(back->timeout, std::chrono::milliseconds(1234));
  EXPECT_EQ(back->model, config::workload_model::closed);
  EXPECT_DOUBLE_EQ(back->rpm, 300);
  EXPECT_FALSE(back->api);
  EXPECT_TRUE(back->populations.empty());
}

TEST(options_of, parses_the_scenario_and_the_profile_again) {
  share_texts texts;
  texts.scenario_text = R"({"populations": [{"name": "r", "behaviour": "reader"}]})";
  texts.scenario_label = "s.json";
  const auto shares = split_run(run_of(2, 60), 1, texts);
  auto back = options_of(shares[0]);
  ASSERT_TRUE(back) << back.error();
  ASSERT_EQ(back->populations.size(), 1u);
  EXPECT_EQ(back->populations[0].behaviour, "reader");

  texts.api_text = "{ not json";
  texts.api_label = "p.json";
  auto bad = options_of(split_run(run_of(2, 60), 1, texts)[0]);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("the coordinator's API profile: p.json"), std::string::npos)
    << bad.error();
}

} // namespace
} // namespace throng::fleet
