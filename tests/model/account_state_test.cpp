// Tests of account_state: bounded content histories, deleted notes, and pending
// writes and renames that overflow into indeterminate ones.

#include "model/account_state.hpp"

#include <gtest/gtest.h>

namespace throng::model {
namespace {

using protocol::fingerprint_of;
using protocol::hash_content;

TEST(account_state, set_content_moves_the_old_one_into_history) {
  account_state s;
  auto& n = s.add_note("n1", hash_content("a"));
  s.set_content(n, hash_content("b"));
  EXPECT_EQ(n.hash, hash_content("b"));
  const auto earlier = n.history();
  EXPECT_EQ(std::vector(earlier.begin(), earlier.end()),
            std::vector{fingerprint_of(hash_content("a"))});
  EXPECT_TRUE(n.was_earlier(hash_content("a")));
  EXPECT_FALSE(n.was_earlier(hash_content("b")));
}

TEST(account_state, history_is_bounded_and_keeps_the_newest) {
  account_state s;
  auto& n = s.add_note("n1", hash_content("0"));
  for (int i = 1; i <= 20; ++i)
    s.set_content(n, hash_content(std::to_string(i)));
  ASSERT_EQ(n.history().size(), account_state::history_depth);
  EXPECT_EQ(n.history().back(), fingerprint_of(hash_content("19")));
  EXPECT_EQ(n.history().front(), fingerprint_of(hash_content("12")));
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

TEST(account_state, pending_updates_overflow_into_an_indeterminate_note) {
  account_state s;
  auto& n = s.add_note("n1", hash_content("a"));
  for (std::size_t i = 0; i < account_state::pending_depth; ++i)
    EXPECT_FALSE(s.add_pending_update(n, hash_content(std::to_string(i))));
  EXPECT_EQ(n.pending().size(), account_state::pending_depth);
  EXPECT_FALSE(n.indeterminate);
  EXPECT_TRUE(s.add_pending_update(n, hash_content("one more")));
  EXPECT_TRUE(n.indeterminate);
  EXPECT_TRUE(n.pending().empty());
  // Counted once: later overflows of the same note are not new.
  EXPECT_FALSE(s.add_pending_update(n, hash_content("and another")));
}

TEST(account_state, pending_creates_count_against_the_cap_until_a_list) {
  account_state s;
  s.add_note("n1", hash_content("a"));
  EXPECT_FALSE(s.add_pending_create(hash_content("b")));
  EXPECT_EQ(s.possible_notes(), 2u);
  EXPECT_TRUE(s.take_pending_create(hash_content("b")));
  EXPECT_FALSE(s.take_pending_create(hash_content("b")));
}

TEST(account_state, pending_creates_overflow_into_an_indeterminate_set) {
  account_state s;
  for (std::size_t i = 0; i < account_state::pending_create_depth; ++i)
    EXPECT_FALSE(s.add_pending_create(hash_content(std::to_string(i))));
  EXPECT_TRUE(s.add_pending_create(hash_content("one more")));
  EXPECT_TRUE(s.creates_indeterminate);
  EXPECT_TRUE(s.pending_creates.empty());
}

TEST(account_state, a_note_id_given_again_is_no_longer_deleted) {
  account_state s;
  s.add_note("n1", hash_content("a"));
  s.remove_note("n1");
  EXPECT_TRUE(s.was_deleted("n1"));
  s.add_note("n1", hash_content("b"));
  EXPECT_FALSE(s.was_deleted("n1"));
}

TEST(account_state, log_ins_try_the_current_name_then_each_pending_rename) {
  account_state s;
  s.name = "a";
  EXPECT_FALSE(s.add_pending_name("b"));
  EXPECT_FALSE(s.add_pending_name("c"));
  std::vector<std::string> tried;
  for (int i = 0; i < 6; ++i, ++s.login_refusals)
    tried.emplace_back(s.login_name());
  EXPECT_EQ(tried, (std::vector<std::string>{"a", "b", "c", "a", "b", "c"}));
}

TEST(account_state, set_name_remembers_the_old_one) {
  account_state s;
  s.name = "a";
  s.name_seen = true;
  s.set_name("b");
  EXPECT_EQ(s.name, "b");
  EXPECT_FALSE(s.name_seen);
  EXPECT_EQ(s.old_names, std::vector{account_state::name_key("a")});
}

TEST(account_state, pending_renames_overflow_into_an_indeterminate_name) {
  account_state s;
  for (std::size_t i = 0; i < account_state::pending_name_depth; ++i)
    EXPECT_FALSE(s.add_pending_name("n" + std::to_string(i)));
  EXPECT_TRUE(s.add_pending_name("one more"));
  EXPECT_TRUE(s.name_indeterminate);
  EXPECT_TRUE(s.pending_names.empty());
}

} // namespace
} // namespace throng::model
