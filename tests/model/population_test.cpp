// Tests of population_sizes and population_of: how a run's accounts are shared
// among its populations.

#include "model/population.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace throng::model {
namespace {

population_spec counted(const char* name, std::size_t n) {
  population_spec p;
  p.name = name;
  p.count = n;
  return p;
}

population_spec shared(const char* name, double s) {
  population_spec p;
  p.name = name;
  p.share = s;
  return p;
}

population_spec rest(const char* name) {
  population_spec p;
  p.name = name;
  return p;
}

TEST(population, counts_and_shares_are_taken_in_order_and_the_rest_goes_to_the_open_one) {
  std::vector<population_spec> ps{shared("a", 0.25), rest("b"), counted("c", 10)};
  EXPECT_EQ(population_sizes(ps, 100), (std::vector<std::size_t>{25, 65, 10}));
}

TEST(population, sizes_never_exceed_the_accounts) {
  std::vector<population_spec> ps{counted("a", 8), counted("b", 8)};
  EXPECT_EQ(population_sizes(ps, 10), (std::vector<std::size_t>{8, 2}));
}

TEST(population, leftover_accounts_go_to_the_last_population) {
  std::vector<population_spec> ps{counted("a", 3), shared("b", 0.5)};
  EXPECT_EQ(population_sizes(ps, 10), (std::vector<std::size_t>{3, 7}));
}

TEST(population, indexes_are_contiguous_ranges_in_population_order) {
  std::vector<population_spec> ps{counted("a", 2), rest("b"), shared("c", 0.3)};
  // Sizes 2, 5, 3 of 10.
  std::vector<std::size_t> got;
  for (std::uint64_t i = 0; i < 10; ++i)
    got.push_back(population_of(ps, 10, i));
  EXPECT_EQ(got, (std::vector<std::size_t>{0, 0, 1, 1, 1, 1, 1, 2, 2, 2}));
}

TEST(population, accounts_beyond_the_run_size_repeat_the_pattern) {
  std::vector<population_spec> ps{counted("a", 1), rest("b")};
  EXPECT_EQ(population_of(ps, 4, 4), 0u);
  EXPECT_EQ(population_of(ps, 4, 5), 1u);
  EXPECT_EQ(population_of(ps, 4, 8), 0u);
}

TEST(population, a_single_population_takes_every_account) {
  std::vector<population_spec> ps{rest("only")};
  EXPECT_EQ(population_sizes(ps, 7), (std::vector<std::size_t>{7}));
  EXPECT_EQ(population_of(ps, 7, 123), 0u);
}

} // namespace
} // namespace throng::model
