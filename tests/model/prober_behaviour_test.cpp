// Tests of the `prober` behaviour: the reference service refuses every probe,
// and a foreign note served is an isolation_breach.

#include "model/prober_behaviour.hpp"

#include <gtest/gtest.h>

#include "account_driver.hpp"
#include "model/account_directory.hpp"
#include "model/random_behaviour.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::violation_class;
using testing::account_driver;

/// Three ordinary accounts that publish into a directory, and a prober.
struct probing {
  account_directory directory{256};
  account_settings settings = testing::test_settings();
  random_behaviour ordinary{default_weights(), 5};
  prober_behaviour prober;
  account_driver d;

  probing() {
    settings.directory = &directory;
  }

  void populate() {
    for (std::uint32_t i = 0; i < 3; ++i) {
      account a{settings, ordinary, i};
      d.run(a, 50);
    }
    d.steps.clear();
  }

  /// Runs `n` steps of account `a` (a prober), answering each probe with
  /// `status` and `body` instead of the service's refusal.
  void run_answering_probes(account& a, int n, int status, const char* body) {
    d.run(a, n, 0, 0, [&](const planned_request& r) {
      auto answer = d.service.answer(r.req);
      if (!r.probe_account.empty()) {
        answer.status = status;
        answer.body = body;
      }
      return answer;
    });
  }
};

TEST(prober_behaviour, the_reference_service_refuses_every_probe) {
  probing p;
  p.populate();
  ASSERT_TRUE(p.d.violations.empty());
  account prober{p.settings, p.prober, 10};
  p.d.run(prober, 300);
  EXPECT_TRUE(p.d.violations.empty());
  int reads = 0, lists = 0;
  for (auto& s : p.d.steps) {
    if (s.idle || s.request.probe_account.empty())
      continue;
    EXPECT_NE(s.request.probe_account, prober.state().id);
    EXPECT_EQ(s.answer.status, 403) << s.request.req.target;
    reads += s.request.op == operation::read_note;
    lists += s.request.op == operation::list_notes;
  }
  EXPECT_GT(reads, 50);
  EXPECT_GT(lists, 20);
  EXPECT_FALSE(prober.state().token.empty());
}

TEST(prober_behaviour, a_foreign_note_served_is_an_isolation_breach) {
  probing p;
  p.populate();
  account prober{p.settings, p.prober, 11};
  p.run_answering_probes(prober, 100, 200, R"({"id":"x","content":"not yours"})");
  ASSERT_FALSE(p.d.violations.empty());
  for (auto& v : p.d.violations) {
    EXPECT_EQ(v.kind, violation_class::isolation_breach);
    EXPECT_EQ(v.status, 200);
    EXPECT_FALSE(v.note_id.empty()); // names the other account (and note)
  }
}

TEST(prober_behaviour, idles_without_a_directory) {
  prober_behaviour b;
  account_driver d;
  auto& prober = d.open(b, 12);
  d.run(prober, 10);
  EXPECT_EQ(d.ops(), std::vector<operation>{operation::signup});
}

TEST(prober_behaviour, a_server_failure_is_no_violation) {
  probing p;
  p.populate();
  account prober{p.settings, p.prober, 13};
  p.run_answering_probes(prober, 50, 503, R"({"error":"down"})");
  EXPECT_TRUE(p.d.violations.empty());
}

} // namespace
} // namespace throng::model
