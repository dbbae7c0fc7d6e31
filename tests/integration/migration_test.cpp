// A live migration under a real crowd: a correct one loses nothing on
// either store; each --migration-bug is caught with its violation classes;
// both hold through an API profile, against the cookie shape.

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "crowd_run.hpp"
#include "tests/temp_dir.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using server::migration_status;
using model::violation_class;

struct outcome {
  actors::run_result run;
  migration_status migration;
  std::uint64_t shard0_accounts_before = 0; // what the migration had to move
  std::uint64_t shard0_accounts_after = 0;
};

std::uint64_t accounts_on_shard0(server::notes_server& srv) {
  auto usage = srv.usage();
  EXPECT_TRUE(usage);
  return usage && !usage->empty() ? usage->front().accounts : 0;
}

// Runs a crowd and moves every account from shard-0 to shard-1 while it
// goes. The run is paced by its own progress, not by a clock, so that a
// slow machine or a slow disk stretches it instead of failing it: the move
// starts once each account has made about five requests, and the run stops
// once each has made about ten more after the move ended (or after 60 s,
// if something is stuck; the assertions then say what).
outcome migrate_under_load(const server::service_options& service,
                           std::size_t accounts, double rpm, double rate,
                           const std::string& violations_log = {},
                           std::shared_ptr<const model::api_profile> api = nullptr) {
  auto srv = start_service(service);
  if (!srv)
    return {};
  auto o = crowd(*srv, accounts, rpm, 120s);
  o.violations_log = violations_log;
  o.api = std::move(api);
  enum class phase { warm_up, moving, after } at = phase::warm_up;
  outcome out;
  std::string id;
  std::uint64_t requests_when_done = 0;
  int steps = 0;
  o.on_step = [&](control::run_controller& c) {
    const auto s = c.status();
    if (++steps > 600) {
      c.stop();
      return;
    }
    switch (at) {
      case phase::warm_up:
        if (s.requests >= 5 * accounts) {
          out.shard0_accounts_before = accounts_on_shard0(*srv);
          auto started = srv->migrations().start({0, 1, std::nullopt, rate});
          ASSERT_TRUE(started);
          id = started->id;
          at = phase::moving;
        }
        break;
      case phase::moving:
        out.migration = *srv->migrations().status(id);
        if (out.migration.now != migration_status::state::running) {
          requests_when_done = s.requests;
          at = phase::after;
        }
        break;
      case phase::after:
        if (s.requests >= requests_when_done + 10 * accounts)
          c.stop();
        break;
    }
  };
  out.run = run_crowd(o);
  out.shard0_accounts_after = accounts_on_shard0(*srv);
  EXPECT_EQ(at, phase::after) << "the run ended before the move did";
  return out;
}

void expect_clean_move(const outcome& out) {
  const auto& s = out.run.stats;
  EXPECT_EQ(out.migration.now, migration_status::state::done)
    << out.migration.error;
  EXPECT_GT(out.shard0_accounts_before, 10u);
  EXPECT_EQ(out.migration.moved, out.shard0_accounts_before);
  EXPECT_EQ(out.shard0_accounts_after, 0u);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_EQ(s.failed, 0u);
  // Traffic moved: both shards served requests during the run.
  EXPECT_EQ(s.shards.count("shard-0") + s.shards.count("shard-1"), 2u);
}

// Lost writes show as older contents, lost notes and deleted notes back.
void expect_lost_writes_caught(const outcome& out) {
  const auto& s = out.run.stats;
  EXPECT_EQ(out.migration.now, migration_status::state::done);
  EXPECT_GT(s.violation_total(), 0u);
  EXPECT_EQ(violations_of(s, violation_class::stale_read)
              + violations_of(s, violation_class::lost_update)
              + violations_of(s, violation_class::missing_note)
              + violations_of(s, violation_class::resurrected_note),
            s.violation_total());
}

TEST(migration, a_correct_migration_loses_nothing_on_the_memory_store) {
  server::service_options service;
  auto out = migrate_under_load(service, 100, 60'000, 50);
  expect_clean_move(out);
}

TEST(migration, a_correct_migration_loses_nothing_on_the_sqlite_store) {
  temp_dir dir;
  server::service_options service;
  service.store = "sqlite:" + (dir / "db");
  auto out = migrate_under_load(service, 60, 24'000, 40);
  expect_clean_move(out);
}

TEST(migration, lose_writes_during_copy_is_caught_with_accounts_and_notes) {
  temp_dir dir;
  auto log = (dir / "violations.jsonl");
  server::service_options service;
  service.bug = server::migration_bug::lose_writes_during_copy;
  auto out = migrate_under_load(service, 100, 60'000, 100, log);
  expect_lost_writes_caught(out);
  std::ifstream in{log};
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_NE(line.find("\"account_id\":"), std::string::npos) << line;
  EXPECT_NE(line.find("\"note\":"), std::string::npos) << line;
}

TEST(migration, stale_after_cutover_is_caught_as_stale_reads) {
  server::service_options service;
  service.bug = server::migration_bug::stale_after_cutover;
  auto out = migrate_under_load(service, 100, 60'000, 100);
  const auto& s = out.run.stats;
  EXPECT_EQ(out.migration.now, migration_status::state::done);
  EXPECT_GT(violations_of(s, violation_class::stale_read), 0u);
  EXPECT_EQ(violations_of(s, violation_class::corrupt_content), 0u);
  EXPECT_EQ(violations_of(s, violation_class::unexpected_note), 0u);
}

// The cookie shape driven through profiles/example-cookie.json: the same
// move, seen through cookie sessions, X-Backend and ids-only list pages.
TEST(migration, through_the_cookie_profile_a_correct_migration_loses_nothing) {
  server::service_options service;
  service.shape = server::service_shape::cookie;
  auto out =
    migrate_under_load(service, 100, 60'000, 50, {}, repository_profile("example-cookie.json"));
  expect_clean_move(out);
}

TEST(migration, through_the_cookie_profile_lost_writes_are_caught) {
  server::service_options service;
  service.shape = server::service_shape::cookie;
  service.bug = server::migration_bug::lose_writes_during_copy;
  auto out =
    migrate_under_load(service, 100, 60'000, 100, {}, repository_profile("example-cookie.json"));
  expect_lost_writes_caught(out);
}

} // namespace
} // namespace throng::testing
