// Tests of the behaviour registry: the built-in names, and its errors for an
// unknown name and bad parameters.

#include "model/behaviour_registry.hpp"

#include <gtest/gtest.h>

#include <string>

namespace throng::model {
namespace {

using protocol::operation;

TEST(behaviour_registry, lists_the_built_in_behaviours) {
  std::vector<std::string_view> expected{"batch-writer", "lifecycle", "prober",
                                         "random",       "reader",    "scripted",
                                         "stream-writer"};
  EXPECT_EQ(behaviour_names(), expected);
}

TEST(behaviour_registry, makes_every_behaviour_by_name) {
  for (auto name : behaviour_names()) {
    population_spec p;
    p.behaviour = std::string{name};
    p.script = {operation::read_note};
    auto b = make_behaviour(p);
    EXPECT_TRUE(b) << name << ": " << (b ? "" : b.error().message);
  }
}

TEST(behaviour_registry, an_unknown_name_is_an_error_listing_the_known_ones) {
  population_spec p;
  p.behaviour = "lurker";
  auto b = make_behaviour(p);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().what, behaviour_error::kind::unknown_name);
  EXPECT_EQ(b.error().name, "lurker");
  EXPECT_NE(b.error().message.find("'lurker'"), std::string::npos);
  for (auto name : behaviour_names())
    EXPECT_NE(b.error().message.find(name), std::string::npos) << name;
}

TEST(behaviour_registry, bad_parameters_are_an_error_naming_the_behaviour) {
  population_spec p;
  p.behaviour = "random";
  p.weights = std::vector<double>{1, 2, 3};
  auto b = make_behaviour(p);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().what, behaviour_error::kind::bad_parameters);
  EXPECT_EQ(b.error().name, "random");
  p.weights = std::vector<double>(protocol::operation_count, 0.0);
  EXPECT_FALSE(make_behaviour(p));
  (*p.weights)[static_cast<std::size_t>(operation::list_notes)] = 1;
  EXPECT_TRUE(make_behaviour(p));
  p.behaviour = "scripted";
  p.script.clear();
  EXPECT_FALSE(make_behaviour(p));
}

} // namespace
} // namespace throng::model
