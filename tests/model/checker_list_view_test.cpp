// Tests of the consistency checker's lists that show less than a whole list
// with contents (list_view): partial lists and lists without contents, and
// the notes they adopt without a content.

#include "model/consistency_checker.hpp"

#include <gtest/gtest.h>

namespace throng::model {
namespace {

using protocol::hash_content;
using model::violation_class;

class list_view_test : public ::testing::Test {
protected:
  account_state s;
  consistency_checker c;
  findings found;
  std::vector<violation>& out = found.violations;

  void list(std::vector<std::pair<std::string, std::string>> notes, list_view how) {
    std::vector<listed_note> l;
    for (auto& [id, content] : notes)
      l.push_back({id, how.contents ? hash_content(content) : protocol::content_hash{}});
    c.check_list(s, l, "shard-1", found, how);
  }

  void read(std::string_view nid, std::string_view content) {
    c.check_read(s, protocol::operation::read_note, nid, hash_content(content), "shard-0",
                 found);
  }

  static constexpr list_view partial{true, false};
  static constexpr list_view membership{false, true};
};

TEST_F(list_view_test, a_partial_list_reports_no_note_missing) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  list({{"n2", "b"}}, partial);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.notes.size(), 2u);
}

TEST_F(list_view_test, a_partial_list_still_checks_what_it_shows) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  c.deleted(s, "n2");
  list({{"n1", "wrong"}, {"n2", "b"}, {"n9", "x"}}, partial);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, violation_class::corrupt_content);
  EXPECT_EQ(out[1].kind, violation_class::resurrected_note);
  EXPECT_EQ(out[2].kind, violation_class::unexpected_note);
}

TEST_F(list_view_test, a_partial_list_does_not_settle_an_unknown_delete) {
  c.created(s, "n1", hash_content("a"));
  c.delete_unknown(s, "n1");
  list({}, partial);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_TRUE(s.notes[0].delete_pending);
}

TEST_F(list_view_test, membership_does_not_compare_contents) {
  c.created(s, "n1", hash_content("a"));
  list({{"n1", "anything"}}, membership);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(s.notes[0].seen);
}

TEST_F(list_view_test, membership_still_finds_missing_unexpected_resurrected) {
  c.created(s, "n1", hash_content("a"));
  c.created(s, "n2", hash_content("b"));
  c.created(s, "n3", hash_content("c"));
  c.deleted(s, "n3");
  list({{"n2", ""}, {"n3", ""}, {"n9", ""}}, membership);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, violation_class::missing_note);
  EXPECT_EQ(out[0].note_id, "n1");
  EXPECT_EQ(out[1].kind, violation_class::resurrected_note);
  EXPECT_EQ(out[2].kind, violation_class::unexpected_note);
  for (const auto& v : out)
    EXPECT_FALSE(v.received.has_value());
}

TEST_F(list_view_test, membership_adopts_one_unknown_note_per_pending_create) {
  c.create_unknown(s, hash_content("p1"), found);
  list({{"n1", ""}, {"n2", ""}}, membership);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].note_id, "n2");
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_TRUE(s.notes[0].content_unknown);
  // The next list: n1 is known, the pending create is claimed by it.
  out.clear();
  list({{"n1", ""}, {"n3", ""}}, membership);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].note_id, "n3");
}

TEST_F(list_view_test, a_read_tells_the_content_of_a_note_adopted_without_one) {
  c.create_unknown(s, hash_content("p1"), found);
  c.create_unknown(s, hash_content("p2"), found);
  list({{"n1", ""}}, membership);
  read("n1", "p2");
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(s.notes[0].content_unknown);
  EXPECT_EQ(s.notes[0].hash, hash_content("p2"));
  EXPECT_EQ(s.pending_creates.size(), 1u);
  read("n1", "p1"); // now a content it never had
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, violation_class::corrupt_content);
}

TEST_F(list_view_test, a_note_adopted_without_content_shows_no_content_nobody_wrote) {
  c.create_unknown(s, hash_content("p1"), found);
  list({{"n1", ""}}, membership);
  read("n1", "never written");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, violation_class::corrupt_content);
  EXPECT_EQ(out[0].expected, std::vector<protocol::content_hash>{hash_content("p1")});
}

TEST_F(list_view_test, an_update_of_a_note_adopted_without_content_sets_it) {
  c.create_unknown(s, hash_content("p1"), found);
  list({{"n1", ""}}, membership);
  c.updated(s, "n1", hash_content("u"));
  EXPECT_FALSE(s.notes[0].content_unknown);
  EXPECT_TRUE(s.notes[0].history().empty());
  read("n1", "u");
  EXPECT_TRUE(out.empty());
}

TEST_F(list_view_test, a_pending_update_of_such_a_note_may_be_what_a_read_shows) {
  c.create_unknown(s, hash_content("p1"), found);
  list({{"n1", ""}}, membership);
  c.update_unknown(s, "n1", hash_content("u"), found);
  read("n1", "u");
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(s.notes[0].content_unknown);
}

TEST_F(list_view_test, writes_of_unknown_outcome_may_shift_a_walk) {
  c.created(s, "n1", hash_content("a"));
  EXPECT_FALSE(consistency_checker::writes_may_land(s));
  c.update_unknown(s, "n1", hash_content("b"), found);
  EXPECT_TRUE(consistency_checker::writes_may_land(s));
  read("n1", "b");
  EXPECT_FALSE(consistency_checker::writes_may_land(s));
  c.delete_unknown(s, "n1");
  EXPECT_TRUE(consistency_checker::writes_may_land(s));
}

} // namespace
} // namespace throng::model
