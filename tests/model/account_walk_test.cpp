// Tests of account walking a profile's paged note list against the
// reference service (its whole list served in pages by test_profiles.hpp):
// page, offset and cursor walks to the end, walks cut short (the bound, a
// failed or malformed page) that report no note missing, and lists without
// contents that check membership only.

#include "model/account.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "account_driver.hpp"
#include "model/scripted_behaviour.hpp"
#include "protocol/codec.hpp"
#include "test_profiles.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::violation_class;
using testing::account_driver;

/// One account of `script` whose note lists come in pages of `profile`.
struct walking {
  api_profile profile;
  scripted_behaviour script;
  account_driver d;
  account* a = nullptr;
  /// Edits the whole list before it is cut into pages (a wrong service).
  std::function<void(std::vector<protocol::note>&)> edit;
  /// Replaces the answer to page `n` (0 first) of a walk when it returns one.
  std::function<std::optional<http::response>(std::size_t)> page_answer;
  std::size_t page = 0; // of the walk under way
  std::vector<std::string> targets; // of every own list request

  walking(api_profile p, std::vector<operation> ops)
    : profile(std::move(p)), script(std::move(ops)) {
    d.settings.profile = &profile;
    a = &d.open(script, 6);
  }

  http::response answer(const planned_request& p) {
    if (p.op != operation::list_notes || !p.probe_account.empty())
      return d.service.answer(p.req);
    targets.push_back(p.req.target);
    const auto n = page++;
    if (page_answer)
      if (auto r = page_answer(n))
        return *r;
    auto req = p.req;
    req.target = testing::without_query(req.target);
    auto whole = d.service.answer(req);
    if (edit && whole.status == 200) {
      auto l = protocol::decode<protocol::note_list>(whole.body).value();
      edit(l.notes);
      whole.body = protocol::encode(l);
    }
    return testing::page_of(profile, p.req.target, std::move(whole));
  }

  /// Runs `n` steps; a walk's page count restarts with each first page.
  void run(int n) {
    for (int i = 0; i < n; ++i) {
      d.step(*a, i, [this](const planned_request& p) {
        const auto& t = p.req.target;
        auto has = [&t](const char* s) { return t.find(s) != std::string::npos; };
        if (has("page=1&") || has("offset=0&")
            || (!has("page=") && !has("offset=") && !has("after=")))
          page = 0;
        return answer(p);
      });
    }
  }

  std::size_t count(violation_class k) const {
    return static_cast<std::size_t>(std::count_if(
      d.violations.begin(), d.violations.end(), [k](const violation& v) { return v.kind == k; }));
  }
};

std::vector<operation> five_then_list() {
  return {operation::create_note, operation::create_note, operation::create_note,
          operation::create_note, operation::create_note, operation::list_notes};
}

// Steps: sign-up, five creates, then the pages of the list.
constexpr int setup_steps = 6;

TEST(account_walk, page_walk_goes_to_a_short_page_and_checks_one_list) {
  walking w{testing::paged(testing::v1_profile(), page_kind::page, 2), five_then_list()};
  w.run(setup_steps + 3);
  ASSERT_EQ(w.targets.size(), 3u);
  const auto base = "/v1/accounts/" + w.a->state().id.str() + "/notes";
  EXPECT_EQ(w.targets[0], base + "?page=1&limit=2");
  EXPECT_EQ(w.targets[1], base + "?page=2&limit=2");
  EXPECT_EQ(w.targets[2], base + "?page=3&limit=2");
  for (std::size_t i = setup_steps; i < w.d.steps.size(); ++i)
    EXPECT_TRUE(w.d.steps[i].request.chain) << "page " << i - setup_steps;
  EXPECT_TRUE(w.d.violations.empty());
  for (const auto& n : w.a->state().notes)
    EXPECT_TRUE(n.seen);
  // The pages' chain ends with the walk: the next step rests once.
  w.run(1);
  EXPECT_TRUE(w.d.steps.back().idle);
}

TEST(account_walk, offset_walk_ends_on_an_empty_page) {
  walking w{testing::paged(testing::v1_profile(), page_kind::offset, 5), five_then_list()};
  w.run(setup_steps + 2);
  ASSERT_EQ(w.targets.size(), 2u);
  EXPECT_NE(w.targets[0].find("?offset=0&limit=5"), std::string::npos);
  EXPECT_NE(w.targets[1].find("?offset=5&limit=5"), std::string::npos);
  EXPECT_TRUE(w.d.violations.empty());
  w.run(1);
  EXPECT_TRUE(w.d.steps.back().idle);
}

TEST(account_walk, cursor_walk_follows_next_until_null) {
  walking w{testing::paged(testing::v1_profile(), page_kind::cursor, 2), five_then_list()};
  w.run(setup_steps + 3);
  ASSERT_EQ(w.targets.size(), 3u);
  const auto& notes = w.a->state().notes;
  EXPECT_EQ(w.targets[0].substr(w.targets[0].find('?')), "?limit=2");
  EXPECT_EQ(w.targets[1].substr(w.targets[1].find('?')), "?after=" + notes[1].id.str() + "&limit=2");
  EXPECT_EQ(w.targets[2].substr(w.targets[2].find('?')), "?after=" + notes[3].id.str() + "&limit=2");
  EXPECT_TRUE(w.d.violations.empty());
}

TEST(account_walk, a_complete_walk_misses_no_note_and_finds_a_strange_one) {
  for (auto k : {page_kind::page, page_kind::offset, page_kind::cursor}) {
    walking w{testing::paged(testing::v1_profile(), k, 2), five_then_list()};
    w.edit = [](std::vector<protocol::note>& l) {
      l.erase(l.begin() + 3);
      l.push_back({"phantom", "nobody wrote this"});
    };
    w.run(setup_steps + 3);
    EXPECT_EQ(w.count(violation_class::missing_note), 1u) << static_cast<int>(k);
    EXPECT_EQ(w.count(violation_class::unexpected_note), 1u) << static_cast<int>(k);
  }
}

TEST(account_walk, a_walk_cut_by_its_bound_reports_no_note_missing) {
  walking w{testing::paged(testing::v1_profile(), page_kind::page, 2, 2), five_then_list()};
  w.edit = [](std::vector<protocol::note>& l) {
    l.erase(l.begin()); // seen missing by page 1, but the walk is partial
    l.insert(l.begin() + 1, {"phantom", "nobody wrote this"});
  };
  w.run(setup_steps + 2);
  EXPECT_EQ(w.targets.size(), 2u);
  EXPECT_EQ(w.count(violation_class::missing_note), 0u);
  EXPECT_EQ(w.count(violation_class::unexpected_note), 1u);
  // The walk is over after its bound: a rest, then the script goes on.
  w.run(2);
  EXPECT_TRUE(w.d.steps[w.d.steps.size() - 2].idle);
  EXPECT_EQ(w.d.steps.back().request.op, operation::create_note);
  EXPECT_EQ(w.targets.size(), 2u);
}

TEST(account_walk, a_failed_or_malformed_page_makes_a_partial_walk) {
  for (int malformed = 0; malformed < 2; ++malformed) {
    walking w{testing::paged(testing::v1_profile(), page_kind::offset, 2), five_then_list()};
    w.edit = [](std::vector<protocol::note>& l) { l.erase(l.begin()); };
    w.page_answer = [malformed](std::size_t n) -> std::optional<http::response> {
      if (n != 1)
        return std::nullopt;
      http::response r;
      r.sent_ns = 1;
      r.status = malformed ? 200 : 503;
      r.body = malformed ? "not json" : "";
      return r;
    };
    w.run(setup_steps + 2);
    EXPECT_TRUE(w.d.violations.empty()) << malformed;
    // A failed page ends the walk: the next plan is the script's, at once.
    w.run(1);
    EXPECT_FALSE(w.d.steps.back().idle);
    EXPECT_EQ(w.d.steps.back().request.op, operation::create_note);
  }
}

TEST(account_walk, a_write_that_may_land_makes_the_walk_partial) {
  walking w{testing::paged(testing::v1_profile(), page_kind::offset, 2),
            {operation::create_note, operation::create_note, operation::create_note,
             operation::delete_note, operation::list_notes}};
  w.run(4); // sign-up, three creates
  // The delete's answer is lost and it has not (yet) taken effect.
  w.d.step(*w.a, 4, [](const planned_request&) {
    return http::response{http::failure::timeout, 0, "", "", 1, 2, ""};
  });
  ASSERT_EQ(w.d.steps.back().request.op, operation::delete_note);
  const auto target = w.d.steps.back().request.note_id;
  // A landing delete shifts the offsets: a walk may skip another note.
  w.edit = [&target](std::vector<protocol::note>& l) {
    auto i = std::find_if(l.begin(), l.end(), [&](const auto& n) { return n.id != target; });
    l.erase(i);
  };
  w.run(2);
  EXPECT_EQ(w.count(violation_class::missing_note), 0u);
}

TEST(account_walk, a_note_a_shifted_page_shows_twice_is_one_note) {
  walking w{testing::paged(testing::v1_profile(), page_kind::offset, 2), five_then_list()};
  // Pages 0-1, 1-2 (shifted back by one, as after an insert before them),
  // 3-4, then none.
  const std::vector<std::vector<std::size_t>> pages{{0, 1}, {1, 2}, {3, 4}, {}};
  w.page_answer = [&w, &pages](std::size_t n) -> std::optional<http::response> {
    http::request all{http::method::get,
                      "/v1/accounts/" + w.a->state().id.str() + "/notes", "",
                      w.a->state().token.str()};
    auto r = w.d.service.answer(all);
    auto l = protocol::decode<protocol::note_list>(r.body).value();
    protocol::note_list page;
    for (auto i : pages.at(n))
      page.notes.push_back(l.notes[i]);
    r.body = protocol::encode(page);
    return r;
  };
  w.run(setup_steps + 4);
  EXPECT_EQ(w.targets.size(), 4u);
  EXPECT_TRUE(w.d.violations.empty());
  for (const auto& n : w.a->state().notes)
    EXPECT_TRUE(n.seen);
}

api_profile membership(page_kind k) {
  return testing::paged(testing::v1_profile(), k, 2, 100, false);
}

TEST(account_walk, lists_without_contents_check_membership) {
  for (auto k : {page_kind::none, page_kind::cursor}) {
    walking w{membership(k), {operation::create_note, operation::create_note,
                              operation::create_note, operation::delete_note,
                              operation::list_notes}};
    w.run(5); // sign-up, three creates, a delete
    const auto deleted = w.d.steps.back().request.note_id;
    ASSERT_FALSE(deleted.empty());
    const auto kept = w.a->state().notes.front().id.str();
    w.edit = [&](std::vector<protocol::note>& l) {
      l.erase(l.begin()); // a known note gone
      l.push_back({"phantom", "x"});
      l.push_back({deleted, "back"});
    };
    w.run(k == page_kind::none ? 1 : 3);
    EXPECT_EQ(w.count(violation_class::missing_note), 1u);
    EXPECT_EQ(w.count(violation_class::unexpected_note), 1u);
    EXPECT_EQ(w.count(violation_class::resurrected_note), 1u);
    for (const auto& v : w.d.violations)
      EXPECT_FALSE(v.received.has_value());
    EXPECT_EQ(w.d.violations.front().note_id, kept);
  }
}

TEST(account_walk, lists_without_contents_do_not_compare_contents_but_reads_do) {
  walking w{membership(page_kind::page),
            {operation::create_note, operation::list_notes, operation::read_note}};
  w.run(2);
  w.edit = [](std::vector<protocol::note>& l) { l.front().content = "changed"; };
  w.run(2); // the pages of the list
  EXPECT_TRUE(w.d.violations.empty());
  // The read sees the real content: a corrupt one is caught.
  w.d.step(*w.a, 9, [&w](const planned_request& p) {
    auto r = w.d.service.answer(p.req);
    auto n = protocol::decode<protocol::note>(r.body).value();
    n.content = "changed";
    r.body = protocol::encode(n);
    return r;
  });
  ASSERT_EQ(w.d.steps.back().request.op, operation::read_note);
  EXPECT_EQ(w.count(violation_class::corrupt_content), 1u);
}

TEST(account_walk, a_landing_create_is_adopted_without_content_then_read) {
  walking w{membership(page_kind::none),
            {operation::create_note, operation::create_note, operation::list_notes,
             operation::read_note}};
  w.run(2); // sign-up, a create
  // The second create takes effect; its answer is lost.
  w.d.step(*w.a, 2, [&w](const planned_request& p) {
    w.d.service.answer(p.req);
    return http::response{http::failure::reset, 0, "", "", 1, 2, ""};
  });
  ASSERT_EQ(w.a->state().pending_creates.size(), 1u);
  w.run(1); // the list shows it: adopted, its content unknown
  ASSERT_EQ(w.a->state().notes.size(), 2u);
  EXPECT_TRUE(w.a->state().notes[1].content_unknown);
  // Reads of both notes tell: no violation, the content known.
  for (int i = 0; i < 40 && w.a->state().notes[1].content_unknown; ++i)
    w.d.step(*w.a, 10 + i, [&w](const planned_request& p) { return w.answer(p); });
  EXPECT_FALSE(w.a->state().notes[1].content_unknown);
  EXPECT_TRUE(w.a->state().pending_creates.empty());
  EXPECT_TRUE(w.d.violations.empty());
}

TEST(account_walk, a_note_no_pending_create_explains_is_unexpected) {
  walking w{membership(page_kind::none),
            {operation::create_note, operation::create_note, operation::list_notes}};
  w.run(2); // sign-up, a create
  w.d.step(*w.a, 2, [&w](const planned_request& p) {
    w.d.service.answer(p.req);
    return http::response{http::failure::reset, 0, "", "", 1, 2, ""};
  });
  ASSERT_EQ(w.d.steps.back().request.op, operation::create_note);
  // One create of unknown outcome explains one unknown note, not two.
  w.edit = [](std::vector<protocol::note>& l) { l.push_back({"phantom", "x"}); };
  w.run(1);
  ASSERT_EQ(w.d.steps.back().request.op, operation::list_notes);
  EXPECT_EQ(w.count(violation_class::unexpected_note), 1u);
  EXPECT_EQ(w.d.violations.front().note_id, "phantom");
  EXPECT_EQ(w.a->state().notes.size(), 2u);
}

} // namespace
} // namespace throng::model
