// Tests of the `scripted` behaviour: the script repeated exactly, and the
// scripts it rejects.

#include "model/scripted_behaviour.hpp"

#include <gtest/gtest.h>

#include "account_driver.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

TEST(scripted_behaviour, repeats_its_script_exactly) {
  population_spec spec;
  spec.script = {operation::create_note, operation::read_note, operation::update_note,
                 operation::list_notes, operation::read_account};
  auto b = scripted_behaviour::create(spec);
  ASSERT_TRUE(b);
  std::vector<operation> first;
  for (std::uint64_t seed : {1, 2}) {
    account_driver d;
    d.settings.seed = seed;
    auto& a = d.open(**b, 3);
    d.run(a, 16);
    EXPECT_TRUE(d.violations.empty());
    std::vector<operation> expected{operation::signup};
    for (int i = 0; i < 3; ++i)
      expected.insert(expected.end(), spec.script.begin(), spec.script.end());
    EXPECT_EQ(d.ops(), expected);
    if (first.empty())
      first = d.ops();
    EXPECT_EQ(d.ops(), first); // the seed does not matter
  }
}

TEST(scripted_behaviour, a_logout_in_the_script_does_not_shift_it) {
  population_spec spec;
  spec.script = {operation::list_notes, operation::logout};
  auto b = scripted_behaviour::create(spec);
  ASSERT_TRUE(b);
  account_driver d;
  auto& a = d.open(**b, 4);
  d.run(a, 7);
  std::vector<operation> expected{operation::signup,     operation::list_notes,
                                  operation::logout,     operation::login,
                                  operation::list_notes, operation::logout,
                                  operation::login};
  EXPECT_EQ(d.ops(), expected);
  EXPECT_TRUE(d.violations.empty());
}

TEST(scripted_behaviour, rejects_an_empty_script_and_a_signup) {
  population_spec spec;
  EXPECT_FALSE(scripted_behaviour::create(spec));
  spec.script = {operation::read_note, operation::signup};
  auto b = scripted_behaviour::create(spec);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().what, behaviour_error::kind::bad_parameters);
  EXPECT_EQ(b.error().name, "scripted");
}

} // namespace
} // namespace throng::model
