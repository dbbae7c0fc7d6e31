// Tests of the consistency checker, a case per rule: reads, lists, names, and
// writes of unknown outcome that may land late.

#include "model/consistency_checker.hpp"

#include <gtest/gtest.h>

namespace throng::model {
namespace {

using protocol::hash_content;
using model::violation_class;

class checker_test : public ::testing::Test {
protected:
  account_state s;
  consistency_checker c;
  findings found;
  std::vector<violation>& out = found.violations;

  void read(std::string_view nid, std::optional<std::string> content) {
    std::optional<protocol::content_hash> h;
    if (content)
      h = hash_content(*content);
    c.check_read(s, protocol::operation::read_note, nid, h, "shard-0", found);
  }

  void list(std::vector<std::pair<std::string, std::string>> notes) {
    std::vector<listed_note> l;
    for (auto& [id, content] : notes)
      l.push_back({id, hash_content(content)});
    c.check_list(s, l, "shard-1", found);
  }

  void update_unknown(std::string_view nid, std::string_view content) {
    c.update_unknown(s, nid, hash_content(content), found);
  }

  void name_shown(std::string_view name) {
    c.check_name(s, protocol::operation::read_account, name, "shard-0", found);
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
  EXPECT_EQ(s.notes[0].history().size(), account_state::history_depth);
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

TEST_F(checker_test, unknown_update_may_land_after_a_read_of_the_old_content) {
  c.created(s, "n1", hash_content("a"));
  update_unknown("n1", "b");
  read("n1", "a");
  EXPECT_TRUE(out.empty());
  // Still pending: it lands now.
  read("n1", "b");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.notes[0].hash, hash_content("b"));
  EXPECT_TRUE(s.notes[0].pending().empty());
  // Once it landed, the content it overwrote cannot come back.
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::lost_update);
}

TEST_F(checker_test, unknown_update_that_lands_after_a_later_acknowledged_one_is_legal) {
  // Worked example (docs/design.md): b timed out, c was acknowledged, and b
  // landed after c.
  c.created(s, "n1", hash_content("a"));
  update_unknown("n1", "b");
  c.updated(s, "n1", hash_content("c"));
  read("n1", "c");
  read("n1", "b");
  EXPECT_TRUE(out.empty());
  // c was overwritten by b: showing c again is going back.
  read("n1", "c");
  EXPECT_EQ(only_class(), violation_class::lost_update);
}

TEST_F(checker_test, content_before_an_acknowledged_update_stays_stale_with_updates_pending) {
  c.created(s, "n1", hash_content("a"));
  update_unknown("n1", "b");
  c.updated(s, "n1", hash_content("c"));
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::stale_read);
  EXPECT_EQ(out[0].expected, (std::vector{hash_content("c"), hash_content("b")}));
}

TEST_F(checker_test, later_unknown_update_stays_open_when_an_earlier_one_is_seen) {
  c.created(s, "n1", hash_content("a"));
  update_unknown("n1", "b");
  update_unknown("n1", "c");
  read("n1", "b");
  read("n1", "c");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.notes[0].hash, hash_content("c"));
}

TEST_F(checker_test, unknown_updates_land_in_any_order) {
  c.created(s, "n1", hash_content("a"));
  update_unknown("n1", "b");
  update_unknown("n1", "c");
  read("n1", "c");
  read("n1", "b");
  EXPECT_TRUE(out.empty());
  read("n1", "c");
  EXPECT_EQ(only_class(), violation_class::lost_update);
}

TEST_F(checker_test, unknown_delete_accepts_404_and_forgets_the_note) {
  c.created(s, "n1", hash_content("a"));
  c.delete_unknown(s, "n1");
  read("n1", std::nullopt);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s.notes.empty());
  EXPECT_TRUE(s.was_deleted("n1"));
  // It landed: the note cannot come back.
  read("n1", "a");
  EXPECT_EQ(only_class(), violation_class::resurrected_note);
}

TEST_F(checker_test, unknown_delete_may_land_after_the_note_was_read) {
  // Worked example (docs/design.md): a timed-out delete, a read that still
  // shows the note, then a 404.
  c.created(s, "n1", hash_content("a"));
  c.delete_unknown(s, "n1");
  read("n1", "a");
  EXPECT_TRUE(out.empty());
  read("n1", std::nullopt);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s.notes.empty());
}

TEST_F(checker_test, unknown_delete_may_land_after_an_acknowledged_update) {
  c.created(s, "n1", hash_content("a"));
  c.delete_unknown(s, "n1");
  c.updated(s, "n1", hash_content("b"));
  list({});
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s.notes.empty());
}

TEST_F(checker_test, a_note_past_its_pending_cap_accepts_what_it_shows) {
  c.created(s, "n1", hash_content("a"));
  for (std::size_t i = 0; i <= account_state::pending_depth; ++i)
    update_unknown("n1", "u" + std::to_string(i));
  EXPECT_EQ(found.indeterminate, 1u);
  EXPECT_TRUE(s.notes[0].indeterminate);
  read("n1", "u0");
  read("n1", "a");
  read("n1", "anything");
  EXPECT_TRUE(out.empty());
  read("n1", std::nullopt);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(s.notes.empty());
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
  c.create_unknown(s, hash_content("new"), found);
  EXPECT_EQ(s.possible_notes(), 1u);
  list({{"n7", "new"}});
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0].id, "n7");
  EXPECT_TRUE(s.pending_creates.empty());
  read("n7", "new");
  EXPECT_TRUE(out.empty());
}

TEST_F(checker_test, a_create_of_unknown_outcome_may_land_after_a_list_without_it) {
  c.create_unknown(s, hash_content("new"), found);
  list({});
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.possible_notes(), 0u);
  EXPECT_EQ(s.pending_creates.size(), 1u);
  list({{"n7", "new"}});
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(s.notes.size(), 1u);
  // Landed once: a second note with that content is nobody's.
  list({{"n7", "new"}, {"n8", "new"}});
  EXPECT_EQ(only_class(), violation_class::unexpected_note);
  EXPECT_EQ(out[0].note_id, "n8");
}

TEST_F(checker_test, a_landing_create_may_take_the_id_of_a_deleted_note) {
  c.created(s, "n1", hash_content("a"));
  c.deleted(s, "n1");
  c.create_unknown(s, hash_content("new"), found);
  read("n1", "new");
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0].id, "n1");
}

TEST_F(checker_test, past_the_create_cap_an_unknown_listed_note_is_adopted) {
  for (std::size_t i = 0; i <= account_state::pending_create_depth; ++i)
    c.create_unknown(s, hash_content("c" + std::to_string(i)), found);
  EXPECT_EQ(found.indeterminate, 1u);
  list({{"n1", "c0"}, {"n2", "not ours, or forgotten"}});
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.notes.size(), 2u);
}

TEST_F(checker_test, list_settles_unknown_delete_and_unknown_update) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  c.delete_unknown(s, "n1");
  update_unknown("n2", "b2");
  list({{"n2", "b2"}});
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0].hash, hash_content("b2"));
}

TEST_F(checker_test, the_name_shown_must_be_current_or_pending) {
  s.name = "a";
  name_shown("a");
  EXPECT_TRUE(out.empty());
  c.rename_unknown(s, "b", found);
  name_shown("a");
  name_shown("b");
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.name, "b");
  name_shown("a");
  EXPECT_EQ(only_class(), violation_class::lost_update);
  EXPECT_EQ(out[0].note_id, "");
  EXPECT_EQ(out[0].op, protocol::operation::read_account);
}

TEST_F(checker_test, an_earlier_name_before_the_new_one_was_shown_is_stale) {
  s.name = "a";
  c.renamed(s, "b");
  name_shown("a");
  EXPECT_EQ(only_class(), violation_class::stale_read);
  out.clear();
  name_shown("nobody's");
  EXPECT_EQ(only_class(), violation_class::corrupt_content);
}

TEST_F(checker_test, a_rename_of_unknown_outcome_may_land_after_an_acknowledged_one) {
  s.name = "a";
  c.rename_unknown(s, "b", found);
  c.renamed(s, "c");
  name_shown("c");
  name_shown("b");
  EXPECT_TRUE(out.empty());
}

TEST_F(checker_test, log_ins_try_every_name_before_the_account_is_lost) {
  s.name = "a";
  s.id = "acc";
  c.created(s, "n1", hash_content("x"));
  c.rename_unknown(s, "b", found);
  c.rename_unknown(s, "c", found);
  // Three names: a correct service cannot refuse three rounds of three.
  int refusals = 0;
  while (!c.login_refused(s))
    ++refusals;
  EXPECT_EQ(refusals + 1, 9);
  c.account_lost(s, "shard-0", found);
  EXPECT_EQ(only_class(), violation_class::missing_note);
  EXPECT_FALSE(s.has_account());
}

TEST_F(checker_test, a_log_in_under_a_pending_name_makes_it_current) {
  s.name = "a";
  c.rename_unknown(s, "b", found);
  c.rename_unknown(s, "c", found);
  EXPECT_FALSE(c.login_refused(s)); // "a" refused
  EXPECT_FALSE(c.login_refused(s)); // "b" refused
  EXPECT_EQ(s.login_name(), "c");
  c.logged_in(s);
  EXPECT_EQ(s.name, "c");
  EXPECT_EQ(s.pending_names, std::vector<std::string>{"b"});
  EXPECT_EQ(s.login_refusals, 0u);
  EXPECT_EQ(s.login_name(), "c");
}

TEST_F(checker_test, a_lost_account_does_not_report_notes_that_may_be_deleted) {
  s.id = "acc";
  c.created(s, "n1", hash_content("x"));
  c.created(s, "n2", hash_content("y"));
  c.delete_unknown(s, "n2");
  EXPECT_TRUE(c.login_refused(s));
  c.account_lost(s, "shard-0", found);
  EXPECT_EQ(only_class(), violation_class::missing_note);
  EXPECT_EQ(out[0].note_id, "n1");
}

} // namespace
} // namespace throng::model
