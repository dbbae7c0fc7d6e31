// Tests of make_populations: the default population, names, and a behaviour
// that cannot be made.

#include "actors/population_slot.hpp"

#include <gtest/gtest.h>

#include "tests/actors/crowd_parts.hpp"

namespace throng::actors {
namespace {

TEST(population_slot, a_run_without_populations_has_one_random_population) {
  run_options o;
  o.notes_per_account = 7;
  auto ps = make_populations(o);
  ASSERT_TRUE(ps) << ps.error().message;
  ASSERT_EQ(ps->size(), 1u);
  const auto& p = ps->front();
  EXPECT_EQ(p.spec.name, "random");
  EXPECT_EQ(p.spec.behaviour, "random");
  EXPECT_EQ(p.spec.notes_per_account, 7u);
  EXPECT_NE(p.policy, nullptr);
}

TEST(population_slot, populations_keep_their_order_and_a_nameless_one_takes_its_behaviour) {
  run_options o;
  o.populations = {test::population("readers", "reader"), test::population("", "prober")};
  auto ps = make_populations(o);
  ASSERT_TRUE(ps) << ps.error().message;
  ASSERT_EQ(ps->size(), 2u);
  EXPECT_EQ((*ps)[0].spec.name, "readers");
  EXPECT_EQ((*ps)[1].spec.name, "prober");
  EXPECT_EQ((*ps)[1].spec.behaviour, "prober");
}

TEST(population_slot, a_behaviour_that_cannot_be_made_fails_with_exit_code_2) {
  run_options o;
  o.populations = {test::population("dancers", "dancer")};
  auto ps = make_populations(o);
  ASSERT_FALSE(ps);
  EXPECT_EQ(ps.error().exit_code, 2);
  EXPECT_EQ(ps.error().message.rfind("population 'dancers': ", 0), 0u) << ps.error().message;
  EXPECT_NE(ps.error().message.find("dancer"), std::string::npos);
}

} // namespace
} // namespace throng::actors
