// Tests of the `random` behaviour: it follows its weights and leaves out the
// operations it cannot do.

#include "model/random_behaviour.hpp"

#include <gtest/gtest.h>

#include <map>

namespace throng::model {
namespace {

using protocol::operation;

account_state with_notes(std::size_t n) {
  account_state s;
  s.id = "a1";
  s.token = "t";
  for (std::size_t i = 0; i < n; ++i)
    s.add_note("n" + std::to_string(i), protocol::hash_content(std::to_string(i)));
  return s;
}

std::map<operation, int> draw(const random_behaviour& b, const account_state& s, int n) {
  rng r{1};
  std::map<operation, int> counts;
  for (int i = 0; i < n; ++i)
    ++counts[b.draw(s, r)];
  return counts;
}

TEST(random_behaviour, follows_the_weights) {
  random_behaviour b{default_weights(), 100};
  auto counts = draw(b, with_notes(3), 130'000);
  // Weights 2:5:2:1:1:1:1 over 13: each share within 2% of its weight.
  EXPECT_NEAR(counts[operation::read_note] / 130'000.0, 5.0 / 13, 0.02);
  EXPECT_NEAR(counts[operation::create_note] / 130'000.0, 2.0 / 13, 0.02);
  EXPECT_NEAR(counts[operation::list_notes] / 130'000.0, 1.0 / 13, 0.02);
  EXPECT_EQ(counts[operation::signup] + counts[operation::login]
              + counts[operation::logout], 0);
}

TEST(random_behaviour, does_not_create_at_the_cap) {
  random_behaviour b{default_weights(), 3};
  auto counts = draw(b, with_notes(3), 10'000);
  EXPECT_EQ(counts[operation::create_note], 0);
  auto s = with_notes(2);
  s.add_pending_create(protocol::hash_content("maybe"));
  EXPECT_EQ(draw(b, s, 10'000)[operation::create_note], 0);
}

TEST(random_behaviour, does_not_touch_notes_it_does_not_have) {
  random_behaviour b{default_weights(), 3};
  auto counts = draw(b, with_notes(0), 10'000);
  EXPECT_EQ(counts[operation::read_note] + counts[operation::update_note]
              + counts[operation::delete_note], 0);
  EXPECT_GT(counts[operation::create_note], 0);
}

TEST(random_behaviour, zero_weights_fall_back_to_a_read) {
  random_behaviour b{operation_weights{}, 3};
  rng r{1};
  EXPECT_EQ(b.draw(with_notes(0), r), operation::list_notes);
  EXPECT_EQ(b.draw(with_notes(2), r), operation::read_note);
}

} // namespace
} // namespace throng::model
