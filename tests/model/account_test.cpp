// Tests of account against the reference service, without sockets: sign-up,
// determinism, writes of unknown outcome, and the violations it finds.

#include "model/account.hpp"

#include <gtest/gtest.h>

#include "account_driver.hpp"
#include "model/random_behaviour.hpp"
#include "model/scripted_behaviour.hpp"
#include "protocol/codec.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::violation_class;
using testing::service_loop;

struct driver {
  account_settings settings = testing::test_settings();
  random_behaviour behaviour{default_weights(), 5};
  service_loop service;
  std::vector<violation> violations;
  std::vector<operation> ops;
  int protocol_errors = 0;

  /// Runs `n` steps of `a`; `answer` may replace the service's answer.
  void run(account& a, int n,
           const std::function<http::response(const planned_request&)>& answer = {}) {
    for (int i = 0; i < n; ++i) {
      auto p = *a.plan(0);
      ops.push_back(p.op);
      auto r = read_answer(p.kind(), answer ? answer(p) : service.answer(p.req));
      auto out = a.apply(p, r);
      violations.insert(violations.end(), out.violations.begin(), out.violations.end());
      protocol_errors += r.error == model::error_kind::malformed;
    }
  }

  /// Runs `n` steps of `a`, passing each note list the service serves
  /// through `edit` first.
  void run_editing_lists(account& a, int n,
                         const std::function<void(protocol::note_list&)>& edit) {
    run(a, n, [&](const planned_request& p) {
      auto r = service.answer(p.req);
      if (p.op == operation::list_notes && r.status == 200) {
        auto l = protocol::decode<protocol::note_list>(r.body);
        edit(*l);
        r.body = protocol::encode(*l);
      }
      return r;
    });
  }
};

TEST(account, signs_up_first_then_works_without_violations) {
  driver d;
  account a{d.settings, d.behaviour, 3};
  d.run(a, 2000);
  EXPECT_EQ(d.ops.front(), operation::signup);
  EXPECT_TRUE(d.violations.empty());
  EXPECT_EQ(d.protocol_errors, 0);
  EXPECT_TRUE(a.state().has_account());
  EXPECT_LE(a.state().notes.size(), 5u);
  EXPECT_GT(a.state().notes.size(), 0u);
  for (auto op : {operation::create_note, operation::read_note, operation::update_note,
                  operation::delete_note, operation::list_notes,
                  operation::read_account, operation::update_account})
    EXPECT_NE(std::find(d.ops.begin(), d.ops.end(), op), d.ops.end())
      << protocol::to_string(op);
}

TEST(account, same_seed_and_index_give_the_same_operations) {
  driver d1, d2;
  account a1{d1.settings, d1.behaviour, 11};
  account a2{d2.settings, d2.behaviour, 11};
  d1.run(a1, 500);
  d2.run(a2, 500);
  EXPECT_EQ(d1.ops, d2.ops);
  driver d3;
  account a3{d3.settings, d3.behaviour, 12};
  d3.run(a3, 500);
  EXPECT_NE(d1.ops, d3.ops);
}

TEST(account, ambiguous_failures_of_a_correct_service_are_no_violations) {
  driver d;
  account a{d.settings, d.behaviour, 1};
  rng faults{99};
  int ambiguous = 0;
  d.run(a, 5000, [&](const planned_request& p) {
    auto roll = faults.below(10);
    if (protocol::is_write(p.op) && roll < 2) {
      ++ambiguous;
      // Applied, but the answer is lost or is a 5xx.
      d.service.answer(p.req);
      http::response r;
      r.sent_ns = 1;
      if (roll == 0)
        r.error = http::failure::reset;
      else
        r.status = 503;
      return r;
    }
    if (protocol::is_write(p.op) && roll == 2) {
      ++ambiguous;
      http::response r; // not applied at all: never sent, or refused with a 5xx
      r.error = faults.below(2) == 0 ? http::failure::connect : http::failure::none;
      r.status = r.error == http::failure::none ? 503 : 0;
      return r;
    }
    return d.service.answer(p.req);
  });
  EXPECT_GT(ambiguous, 500);
  EXPECT_TRUE(d.violations.empty()) << d.violations.size() << " violations, first "
                                    << model::to_string(d.violations[0].kind);
}

TEST(account, signup_of_unknown_outcome_logs_in_or_signs_up_again) {
  driver d;
  account a{d.settings, d.behaviour, 5};
  auto p = *a.plan(0);
  ASSERT_EQ(p.op, operation::signup);
  d.service.answer(p.req); // applied, answer lost
  a.apply(p, read_answer(p.kind(), {http::failure::timeout, 0, "", "", 1, 2, ""}));
  p = *a.plan(0);
  ASSERT_EQ(p.op, operation::login);
  a.apply(p, read_answer(p.kind(), d.service.answer(p.req)));
  EXPECT_TRUE(a.state().has_account());
  EXPECT_FALSE(a.state().token.empty());

  account b{d.settings, d.behaviour, 6};
  p = *b.plan(0);
  b.apply(p, read_answer(p.kind(), {http::failure::reset, 0, "", "", 1, 2, ""})); // not applied
  p = *b.plan(0);
  ASSERT_EQ(p.op, operation::login);
  b.apply(p, read_answer(p.kind(), d.service.answer(p.req))); // 401: no such account
  p = *b.plan(0);
  EXPECT_EQ(p.op, operation::signup);
}

TEST(account, a_request_that_was_never_sent_did_not_happen) {
  driver d;
  account a{d.settings, d.behaviour, 13};
  // Until the account holds a note, then until it plans an update.
  std::optional<planned_request> update;
  for (int i = 0; i < 500 && !update; ++i) {
    auto p = *a.plan(0);
    if (p.op == operation::update_note)
      update = p;
    else
      a.apply(p, read_answer(p.kind(), d.service.answer(p.req)));
  }
  ASSERT_TRUE(update);
  http::response refused; // no connection: never written
  refused.error = http::failure::connect;
  a.apply(*update, read_answer(update->kind(), refused));
  const auto* n = a.state().find(update->note_id);
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(n->pending().empty());
  // Its content showing up now is a content the note never had.
  http::response shown;
  shown.status = 200;
  shown.sent_ns = 1;
  shown.body = protocol::encode(protocol::note{
    update->note_id, protocol::decode<protocol::note_content>(update->req.body)->content});
  planned_request read = *update;
  read.op = operation::read_note;
  auto out = a.apply(read, read_answer(read.kind(), shown));
  ASSERT_EQ(out.violations.size(), 1u);
  EXPECT_EQ(out.violations[0].kind, violation_class::corrupt_content);
}

// Issue #11 finding 7: a rename whose answer was lost, a read of the
// account that still shows the old name, then the rename lands. The next
// log-in under the old name is refused; the account tries the pending name
// and is no lost account.
TEST(account, a_rename_that_lands_late_is_found_at_the_next_log_in) {
  driver d;
  scripted_behaviour script{{operation::create_note, operation::update_account,
                             operation::read_account, operation::logout,
                             operation::list_notes}};
  account a{d.settings, script, 14};
  auto answer = [&](const planned_request& p) {
    return a.apply(p, read_answer(p.kind(), d.service.answer(p.req)));
  };
  std::vector<violation> found;
  auto keep = [&](findings f) {
    found.insert(found.end(), f.violations.begin(), f.violations.end());
  };
  keep(answer(*a.plan(0))); // signup
  keep(answer(*a.plan(0))); // create_note
  auto rename = *a.plan(0);
  ASSERT_EQ(rename.op, operation::update_account);
  keep(a.apply(rename, read_answer(rename.kind(), {http::failure::timeout, 0, "", "", 1, 2, ""})));
  auto read = *a.plan(0);
  ASSERT_EQ(read.op, operation::read_account);
  keep(answer(read));             // still the old name
  d.service.answer(rename.req);   // the rename lands now
  keep(answer(*a.plan(0)));       // logout
  for (int i = 0; i < 3; ++i)     // two log-ins, then the list
    keep(answer(*a.plan(0)));
  EXPECT_TRUE(found.empty()) << model::to_string(found[0].kind);
  EXPECT_EQ(a.state().name, rename.new_name);
  EXPECT_EQ(a.state().notes.size(), 1u);
  EXPECT_FALSE(a.state().token.empty());
}

// Issue #11 finding 7: requests that never got a connection are not writes
// of unknown outcome, so they cannot crowd out one that is.
TEST(account, connect_failures_do_not_push_out_a_real_unknown_update) {
  driver d;
  std::vector<operation> ops{operation::create_note};
  for (std::size_t i = 0; i <= account_state::pending_depth; ++i)
    ops.push_back(operation::update_note);
  ops.push_back(operation::read_note);
  scripted_behaviour script{ops};
  account a{d.settings, script, 15};
  std::vector<violation> found;
  auto keep = [&](findings f) {
    found.insert(found.end(), f.violations.begin(), f.violations.end());
  };
  for (int i = 0; i < 2; ++i) {
    auto p = *a.plan(0);
    keep(a.apply(p, read_answer(p.kind(), d.service.answer(p.req))));
  }
  auto lost = *a.plan(0); // applied, its answer lost
  d.service.answer(lost.req);
  keep(a.apply(lost, read_answer(lost.kind(), {http::failure::timeout, 0, "", "", 1, 2, ""})));
  for (std::size_t i = 0; i < account_state::pending_depth; ++i) { // never sent
    auto p = *a.plan(0);
    keep(a.apply(p, read_answer(p.kind(), {http::failure::connect, 0, "", "", 0, 2, ""})));
  }
  EXPECT_EQ(a.state().notes[0].pending().size(), 1u);
  auto read = *a.plan(0);
  ASSERT_EQ(read.op, operation::read_note);
  keep(a.apply(read, read_answer(read.kind(), d.service.answer(read.req))));
  EXPECT_TRUE(found.empty()) << model::to_string(found[0].kind);
  EXPECT_FALSE(a.state().notes[0].indeterminate);
}

TEST(account, revoked_token_leads_to_a_new_login) {
  driver d;
  account a{d.settings, d.behaviour, 2};
  d.run(a, 3);
  auto p = *a.plan(0);
  http::response r;
  r.status = 401;
  r.body = R"({"error":"revoked"})";
  a.apply(p, read_answer(p.kind(), r));
  EXPECT_TRUE(a.state().token.empty());
  EXPECT_EQ(a.plan(0)->op, operation::login);
}

TEST(account, malformed_success_answers_are_protocol_errors_not_crashes) {
  driver d;
  account a{d.settings, d.behaviour, 4};
  d.run(a, 200, [&](const planned_request& p) {
    auto r = d.service.answer(p.req);
    if (p.op != operation::signup && p.op != operation::login && r.status < 300
        && !r.body.empty())
      r.body = R"({"id": 12, "content": null, "notes": "x"})";
    return r;
  });
  EXPECT_GT(d.protocol_errors, 50);
}

TEST(account, stale_content_from_the_service_is_a_stale_read) {
  driver d;
  account a{d.settings, d.behaviour, 8};
  // Each note's contents in the order written; reads serve the one before
  // the last, as a lagging replica would.
  std::map<std::string, std::vector<std::string>> written;
  d.run(a, 3000, [&](const planned_request& p) {
    auto r = d.service.answer(p.req);
    if ((p.op == operation::create_note && r.status == 201)
        || (p.op == operation::update_note && r.status == 200)) {
      auto n = protocol::decode<protocol::note>(r.body);
      written[n->id].push_back(n->content);
    }
    if (p.op == operation::read_note && r.status == 200) {
      auto n = protocol::decode<protocol::note>(r.body);
      auto& w = written[n->id];
      if (w.size() >= 2)
        n->content = w[w.size() - 2];
      r.body = protocol::encode(*n);
    }
    return r;
  });
  ASSERT_FALSE(d.violations.empty());
  // Once a list has shown the latest content, the older one is a lost update.
  int stale = 0;
  for (auto& v : d.violations) {
    EXPECT_TRUE(v.kind == violation_class::stale_read
                || v.kind == violation_class::lost_update)
      << model::to_string(v.kind);
    stale += v.kind == violation_class::stale_read;
  }
  EXPECT_GT(stale, 0);
}

TEST(account, a_dropped_note_is_missing) {
  driver d;
  account a{d.settings, d.behaviour, 9};
  d.run_editing_lists(a, 3000, [](protocol::note_list& l) {
    if (!l.notes.empty())
      l.notes.erase(l.notes.begin());
  });
  ASSERT_FALSE(d.violations.empty());
  for (auto& v : d.violations)
    EXPECT_EQ(v.kind, violation_class::missing_note);
}

TEST(account, a_stranger_in_the_list_is_unexpected) {
  driver d;
  account a{d.settings, d.behaviour, 10};
  d.run_editing_lists(a, 1000, [](protocol::note_list& l) {
    l.notes.push_back({"stranger1", "not yours"});
  });
  ASSERT_FALSE(d.violations.empty());
  for (auto& v : d.violations) {
    EXPECT_EQ(v.kind, violation_class::unexpected_note);
    EXPECT_EQ(v.note_id, "stranger1");
  }
}

TEST(account, creates_its_seed_notes_before_its_mix) {
  driver d;
  d.settings.seed_notes = 4;
  account a{d.settings, d.behaviour, 12};
  d.run(a, 5);
  std::vector<operation> expected{operation::signup, operation::create_note,
                                  operation::create_note, operation::create_note,
                                  operation::create_note};
  EXPECT_EQ(d.ops, expected);
  EXPECT_EQ(a.state().notes.size(), 4u);
  d.run(a, 200);
  EXPECT_TRUE(d.violations.empty());
}

} // namespace
} // namespace throng::model
