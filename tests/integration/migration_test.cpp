// A live migration under a real crowd: a correct one loses nothing on
// either store; each --migration-bug is caught with its violation classes.

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "crowd_run.hpp"
#include "tests/server/temp_dir.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using server::migration_status;
using server::temp_dir;
using stats::violation_class;

// Starts moving every account from shard-0 to shard-1 a second into the
// run and waits (bounded) for it to finish; returns its last status.
migration_status migrate_during_run(server::notes_server& srv, double rate) {
  std::this_thread::sleep_for(1s);
  auto started = srv.migrations().start({0, 1, std::nullopt, rate});
  EXPECT_TRUE(started);
  if (!started)
    return {};
  for (int i = 0; i < 2000; ++i) {
    auto s = srv.migrations().status(started->id);
    if (s->now != migration_status::state::running)
      return *s;
    std::this_thread::sleep_for(10ms);
  }
  return *srv.migrations().status(started->id);
}

struct outcome {
  actors::run_result run;
  migration_status migration;
};

outcome migrate_under_load(const server::service_options& service,
                           std::size_t accounts, double rpm, double rate,
                           const std::string& violations_log = {}) {
  auto srv = start_service(service);
  if (!srv)
    return {};
  auto o = crowd(*srv, accounts, rpm, 4s);
  o.violations_log = violations_log;
  outcome out;
  out.run = run_crowd(o, [&] { out.migration = migrate_during_run(*srv, rate); });
  return out;
}

void expect_clean_move(const outcome& out) {
  const auto& s = out.run.stats;
  EXPECT_EQ(out.migration.now, migration_status::state::done)
    << out.migration.error;
  EXPECT_GT(out.migration.moved, 10u);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_GT(s.total, 1000u);
  // Traffic moved: both shards served requests during the run.
  EXPECT_EQ(s.shards.count("shard-0") + s.shards.count("shard-1"), 2u);
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
  const auto& s = out.run.stats;
  EXPECT_EQ(out.migration.now, migration_status::state::done);
  EXPECT_GT(s.violation_total(), 0u);
  // Lost writes show as older contents, lost notes and deleted notes back.
  EXPECT_EQ(violations_of(s, violation_class::stale_read)
              + violations_of(s, violation_class::lost_update)
              + violations_of(s, violation_class::missing_note)
              + violations_of(s, violation_class::resurrected_note),
            s.violation_total());
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

} // namespace
} // namespace throng::testing
