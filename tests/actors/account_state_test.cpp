#include "actors/account_state.hpp"

#include <gtest/gtest.h>

namespace throng::actors {
namespace {

using protocol::hash_content;

TEST(account_state, set_content_moves_the_old_one_into_history) {
  account_state s;
  auto& n = s.add_note("n1", hash_content("a"));
  s.set_content(n, hash_content("b"));
  EXPECT_EQ(n.hash, hash_content("b"));
  EXPECT_EQ(n.history, std::vector{hash_content("a")});
}

TEST(account_state, history_is_bounded_and_keeps_the_newest) {
  account_state s;
  auto& n = s.add_note("n1", hash_content("0"));
  for (int i = 1; i <= 20; ++i)
    s.set_content(n, hash_content(std::to_string(i)));
  ASSERT_EQ(n.history.size(), account_state::history_depth);
  EXPECT_EQ(n.history.back(), hash_content("19"));
  EXPECT_EQ(n.history.front(), hash_content("12"));
}

TEST(account_state, removed_notes_are_remembered_as_deleted) {
  account_state s;
  s.add_note("n1", hash_content("a"));
  s.add_note("n2", hash_content("b"));
  s.remove_note("n1");
  EXPECT_EQ(s.find("n1"), nullptr);
  ASSERT_NE(s.find("n2"), nullptr);
  EXPECT_TRUE(s.was_deleted("n1"));
  EXPECT_FALSE(s.was_deleted("n2"));
  for (int i = 0; i < 20; ++i) {
    s.add_note("x" + std::to_string(i), hash_content("c"));
    s.remove_note("x" + std::to_string(i));
  }
  EXPECT_EQ(s.deleted.size(), account_state::deleted_depth);
  EXPECT_FALSE(s.was_deleted("n1"));
}

TEST(account_state, unknown_updates_are_bounded_and_keep_the_newest) {
  account_state s;
  auto& n = s.add_note("n1", hash_content("a"));
  for (int i = 0; i < 20; ++i)
    s.add_unknown_update(n, hash_content(std::to_string(i)));
  ASSERT_EQ(n.unknown_updates.size(), account_state::history_depth);
  EXPECT_EQ(n.unknown_updates.back(), hash_content("19"));
  EXPECT_EQ(n.unknown_updates.front(), hash_content("12"));
}

TEST(account_state, unknown_creates_count_as_possible_notes) {
  account_state s;
  s.add_note("n1", hash_content("a"));
  s.add_unknown_create(hash_content("b"));
  EXPECT_EQ(s.possible_notes(), 2u);
  EXPECT_TRUE(s.take_unknown_create(hash_content("b")));
  EXPECT_FALSE(s.take_unknown_create(hash_content("b")));
  EXPECT_EQ(s.possible_notes(), 1u);
}

} // namespace
} // namespace throng::actors
