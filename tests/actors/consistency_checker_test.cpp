#include "actors/consistency_checker.hpp"

#include <gtest/gtest.h>

namespace throng::actors {
namespace {

using protocol::hash_content;
using protocol::note_list;
using stats::violation_class;

class checker_test : public ::testing::Test {
protected:
  account_state s;
  consistency_checker c;
  std::vector<violation> out;

  void read(std::string_view nid, std::optional<std::string> content) {
    std::optional<protocol::content_hash> h;
    if (content)
      h = hash_content(*content);
    c.check_read(s, protocol::operation::read_note, nid, h, "shard-0", out);
  }

  void list(std::vector<protocol::note> notes) {
    c.check_list(s, note_list{std::move(notes)}, "shard-1", out);
  }

  violation_class only_class() {
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? violation_class::isolation_breach : out.front().kind;
  }
};

TEST_F(checker_test, read_of_last_content_is_fine) {
  c.created(s, "n1", hash_content("a"));
  c.updated(s, "n1", hash_content("b"));
  read("n1", "b");
  EXPECT_TRUE(out.empty());
}

TEST_F(checker_test, read_of_an_earlier_content_is_a_stale_read) {
  c.created(s, "n1", hash_content("a"));
  c.updated(s, "n1", hash_content("b"));
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::stale_read);
  EXPECT_EQ(out[0].note_id, "n1");
  EXPECT_EQ(out[0].expected, std::vector{hash_content("b")});
  EXPECT_EQ(out[0].received, hash_content("a"));
  EXPECT_EQ(out[0].shard, "shard-0");
}

TEST_F(checker_test, earlier_content_after_the_latest_was_seen_is_a_lost_update) {
  c.created(s, "n1", hash_content("a"));
  c.updated(s, "n1", hash_content("b"));
  read("n1", "b");
  EXPECT_TRUE(out.empty());
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::lost_update);
  EXPECT_EQ(out[0].expected, std::vector{hash_content("b")});
}

TEST_F(checker_test, a_new_acknowledged_write_is_unseen_again) {
  c.created(s, "n1", hash_content("a"));
  read("n1", "a");
  c.updated(s, "n1", hash_content("b"));
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::stale_read);
}

TEST_F(checker_test, read_of_a_content_never_written_is_corrupt) {
  c.created(s, "n1", hash_content("a"));
  read("n1", "zzz");
  EXPECT_EQ(only_class(), violation_class::corrupt_content);
}

TEST_F(checker_test, history_keeps_at_least_eight_earlier_contents) {
  c.created(s, "n1", hash_content("v0"));
  for (int i = 1; i <= 9; ++i)
    c.updated(s, "n1", hash_content("v" + std::to_string(i)));
  read("n1", "v1"); // eight back
  EXPECT_EQ(only_class(), violation_class::stale_read);
  EXPECT_EQ(s.notes[0].history.size(), account_state::history_depth);
}

TEST_F(checker_test, known_note_answered_404_is_missing) {
  c.created(s, "n1", hash_content("a"));
  read("n1", std::nullopt);
  EXPECT_EQ(only_class(), violation_class::missing_note);
  EXPECT_EQ(out[0].status, 404);
}

TEST_F(checker_test, deleted_note_that_reads_back_is_resurrected) {
  c.created(s, "n1", hash_content("a"));
  c.deleted(s, "n1");
  read("n1", std::nullopt);
  EXPECT_TRUE(out.empty());
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::resurrected_note);
}

TEST_F(checker_test, unknown_update_accepts_both_contents_until_settled) {
  c.created(s, "n1", hash_content("a"));
  c.update_unknown(s, "n1", hash_content("b"));
  read("n1", "a");
  EXPECT_TRUE(out.empty());
  // The read settled it: the update did not happen, so "b" showing up after
  // "a" was seen is the service going back on what it showed.
  read("n1", "b");
  EXPECT_EQ(only_class(), violation_class::lost_update);
}

TEST_F(checker_test, unknown_update_seen_is_adopted) {
  c.created(s, "n1", hash_content("a"));
  c.update_unknown(s, "n1", hash_content("b"));
  read("n1", "b");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.notes[0].hash, hash_content("b"));
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::lost_update);
}

TEST_F(checker_test, later_unknown_update_stays_open_when_an_earlier_one_is_seen) {
  c.created(s, "n1", hash_content("a"));
  c.update_unknown(s, "n1", hash_content("b"));
  c.update_unknown(s, "n1", hash_content("c"));
  read("n1", "b");
  read("n1", "c");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.notes[0].hash, hash_content("c"));
}

TEST_F(checker_test, acknowledged_update_supersedes_unknown_ones) {
  c.created(s, "n1", hash_content("a"));
  c.update_unknown(s, "n1", hash_content("b"));
  c.updated(s, "n1", hash_content("c"));
  read("n1", "b");
  EXPECT_EQ(only_class(), violation_class::stale_read);
}

TEST_F(checker_test, unknown_delete_accepts_404_and_forgets_the_note) {
  c.created(s, "n1", hash_content("a"));
  c.delete_unknown(s, "n1");
  read("n1", std::nullopt);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s.notes.empty());
  EXPECT_TRUE(s.was_deleted("n1"));
}

TEST_F(checker_test, unknown_delete_accepts_the_note_still_there) {
  c.created(s, "n1", hash_content("a"));
  c.delete_unknown(s, "n1");
  read("n1", "a");
  EXPECT_TRUE(out.empty());
  // Settled: the note exists, so a later 404 is a loss.
  read("n1", std::nullopt);
  EXPECT_EQ(only_class(), violation_class::missing_note);
}

TEST_F(checker_test, list_with_every_note_is_fine) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  list({{"n1", "a"}, {"n2", "b"}});
  EXPECT_TRUE(out.empty());
}

TEST_F(checker_test, list_without_a_known_note_is_missing_note) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  list({{"n1", "a"}});
  EXPECT_EQ(only_class(), violation_class::missing_note);
  EXPECT_EQ(out[0].note_id, "n2");
  EXPECT_EQ(out[0].op, protocol::operation::list_notes);
}

TEST_F(checker_test, list_with_a_stranger_is_unexpected_note) {
  c.created(s, "n1", hash_content("a"));
  list({{"n1", "a"}, {"x9", "someone else's"}});
  EXPECT_EQ(only_class(), violation_class::unexpected_note);
  EXPECT_EQ(out[0].note_id, "x9");
}

TEST_F(checker_test, list_with_a_deleted_note_is_resurrected_note) {
  c.created(s, "n1", hash_content("a"));
  c.deleted(s, "n1");
  list({{"n1", "a"}});
  EXPECT_EQ(only_class(), violation_class::resurrected_note);
}

TEST_F(checker_test, list_checks_contents_like_a_read) {
  c.created(s, "n1", hash_content("a"));
  c.updated(s, "n1", hash_content("b"));
  c.created(s, "n2", hash_content("c"));
  list({{"n1", "a"}, {"n2", "garbage"}});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, violation_class::stale_read);
  EXPECT_EQ(out[1].kind, violation_class::corrupt_content);
}

TEST_F(checker_test, list_adopts_a_create_of_unknown_outcome) {
  c.create_unknown(s, hash_content("new"));
  EXPECT_EQ(s.possible_notes(), 1u);
  list({{"n7", "new"}});
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0].id, "n7");
  EXPECT_TRUE(s.unknown_creates.empty());
  read("n7", "new");
  EXPECT_TRUE(out.empty());
}

TEST_F(checker_test, list_without_a_create_of_unknown_outcome_settles_it) {
  c.create_unknown(s, hash_content("new"));
  list({});
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s.unknown_creates.empty());
  // Had it shown up later it would be a note nobody wrote, as far as we know.
  list({{"n7", "new"}});
  EXPECT_EQ(only_class(), violation_class::unexpected_note);
}

TEST_F(checker_test, list_settles_unknown_delete_and_unknown_update) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  c.delete_unknown(s, "n1");
  c.update_unknown(s, "n2", hash_content("b2"));
  list({{"n2", "b2"}});
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0].hash, hash_content("b2"));
}

} // namespace
} // namespace throng::actors
