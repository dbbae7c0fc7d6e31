// Live migration between shards: correct moves, refusals, and both bugs.

#include "server/migrator.hpp"

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/memory_store.hpp"
#include "server/notes_service.hpp"

namespace throng::server {
namespace {

using namespace std::chrono_literals;

// Waits (bounded: 30 s) for migration `id` to stop running.
migration_status wait_for(const migrator& m, const std::string& id) {
  for (int i = 0; i < 3000; ++i) {
    auto s = m.status(id);
    if (!s || s->now != migration_status::state::running)
      return s.value_or(migration_status{});
    std::this_thread::sleep_for(10ms);
  }
  return *m.status(id);
}

// Waits (bounded: 10 s) until migration `id` has moved an account; true
// when it has.
bool wait_moved(const migrator& m, const std::string& id) {
  for (int i = 0; i < 10000; ++i) {
    if (m.status(id)->moved > 0)
      return true;
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

// An account "victim" in a two-shard store, with the note "before".
struct victim {
  memory_store st{2};
  std::string aid = *st.create_account("victim", "s");
  unsigned from = st.shard_of(aid) == "shard-0" ? 0u : 1u;
  std::string nid = st.create_note(aid, "before")->id;
};

std::vector<std::string> accounts(memory_store& st, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    auto aid = *st.create_account("user" + std::to_string(i), "s");
    st.create_note(aid, "note of " + aid);
    ids.push_back(aid);
  }
  return ids;
}

TEST(migrator, moves_every_account_and_closes_the_source) {
  memory_store st{2};
  auto ids = accounts(st, 40);
  auto on_zero = (*st.usage())[0].accounts;
  ASSERT_GT(on_zero, 0u);
  migrator m{st, migration_bug::none, {}};
  auto started = m.start({0, 1, std::nullopt, 1000});
  ASSERT_TRUE(started);
  EXPECT_EQ(started->id, "m1");
  EXPECT_EQ(started->remaining, on_zero);
  auto done = wait_for(m, "m1");
  EXPECT_EQ(done.now, migration_status::state::done);
  EXPECT_EQ(done.moved, on_zero);
  EXPECT_EQ(done.remaining, 0u);
  auto usage = *st.usage();
  EXPECT_EQ(usage[0].accounts, 0u);
  EXPECT_EQ(usage[0].notes, 0u);
  EXPECT_EQ(usage[1].accounts, 40u);
  EXPECT_EQ(usage[1].notes, 40u);
  for (const auto& aid : ids)
    EXPECT_EQ(st.list_notes(aid)->notes.at(0).content, "note of " + aid);
  // A drained shard takes no new account.
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(st.shard_of(*st.create_account("new" + std::to_string(i), "s")),
              "shard-1");
}

TEST(migrator, moves_a_number_of_accounts_and_reopens_the_source) {
  memory_store st{2};
  accounts(st, 40);
  auto before = *st.usage();
  migrator m{st, migration_bug::none, {}};
  ASSERT_TRUE(m.start({0, 1, 3, 1000}));
  auto done = wait_for(m, "m1");
  EXPECT_EQ(done.now, migration_status::state::done);
  EXPECT_EQ(done.moved, 3u);
  auto after = *st.usage();
  EXPECT_EQ(after[0].accounts, before[0].accounts - 3);
  EXPECT_EQ(after[1].accounts, before[1].accounts + 3);
  std::set<std::string> seen;
  for (int i = 0; i < 40; ++i)
    seen.insert(st.shard_of(*st.create_account("new" + std::to_string(i), "s")));
  EXPECT_EQ(seen.count("shard-0"), 1u);
}

TEST(migrator, refuses_what_cannot_be_done) {
  memory_store st{2};
  accounts(st, 20);
  migrator m{st, migration_bug::none, {}};
  auto refused = [&](migration_request r) {
    auto s = m.start(r);
    EXPECT_FALSE(s);
    return s ? migrator::refusal{} : s.error();
  };
  EXPECT_NE(refused({0, 0, std::nullopt, 10}).message.find("same shard"),
            std::string::npos);
  EXPECT_NE(refused({0, 5, std::nullopt, 10}).message.find("no such shard"),
            std::string::npos);
  EXPECT_NE(refused({0, 1, 0, 10}).message.find("'accounts'"),
            std::string::npos);
  EXPECT_NE(refused({0, 1, std::nullopt, -1}).message.find("'rate'"),
            std::string::npos);
  ASSERT_TRUE(m.start({0, 1, std::nullopt, 1}));
  auto busy = refused({1, 0, std::nullopt, 10});
  EXPECT_EQ(busy.status, 409);
  m.stop();
  auto stopped = *m.status("m1");
  EXPECT_EQ(stopped.now, migration_status::state::failed);
  EXPECT_EQ(stopped.error, "stopped");
}

TEST(migrator, lose_writes_during_copy_loses_a_write_made_in_the_window) {
  victim v;
  auto& [st, aid, from, nid] = v;
  migrator m{st, migration_bug::lose_writes_during_copy, {1500ms, 0ms}};
  ASSERT_TRUE(m.start({from, 1 - from, std::nullopt, 1000}));
  // The copy is taken when the account counts as moved; the window stays
  // open for 1.5 s after it.
  ASSERT_TRUE(wait_moved(m, "m1"));
  ASSERT_EQ(m.status("m1")->moved, 1u);
  ASSERT_TRUE(st.update_note(aid, nid, "during"));
  auto extra = st.create_note(aid, "created during")->id;
  EXPECT_EQ(wait_for(m, "m1").now, migration_status::state::done);
  EXPECT_EQ(st.shard_of(aid), "shard-" + std::to_string(1 - from));
  EXPECT_EQ(st.find_note(aid, nid)->content, "before");
  EXPECT_FALSE(st.find_note(aid, extra));
}

TEST(migrator, the_bug_switches_for_the_moves_that_follow) {
  victim v;
  auto& [st, aid, from, nid] = v;
  migrator m{st, migration_bug::none, {1500ms, 0ms}};
  EXPECT_EQ(m.bug(), migration_bug::none);
  m.set_bug(migration_bug::lose_writes_during_copy);
  EXPECT_EQ(m.bug(), migration_bug::lose_writes_during_copy);
  ASSERT_TRUE(m.start({from, 1 - from, std::nullopt, 1000}));
  ASSERT_TRUE(wait_moved(m, "m1"));
  ASSERT_TRUE(st.update_note(aid, nid, "during"));
  EXPECT_EQ(wait_for(m, "m1").now, migration_status::state::done);
  EXPECT_EQ(st.find_note(aid, nid)->content, "before"); // lost, as the bug does
  m.set_bug(migration_bug::none);
  ASSERT_TRUE(m.start({1 - from, from, std::nullopt, 1000}));
  ASSERT_TRUE(wait_moved(m, "m2"));
  ASSERT_TRUE(st.update_note(aid, nid, "after"));
  EXPECT_EQ(wait_for(m, "m2").now, migration_status::state::done);
  EXPECT_EQ(st.find_note(aid, nid)->content, "after"); // a correct move again
}

// The account "reader" (token "tok") with its note "old", and a migrator
// with `bug` to move it off its shard.
struct moved_reader {
  moved_reader(migration_bug bug, migrator::windows w) : m{st, bug, w} {
    st.add_token("tok", aid);
  }

  // Moves the account, then updates the note to "new" and reads it through
  // the service into `read`.
  void move_and_read() {
    ASSERT_TRUE(m.start({from, 1 - from, std::nullopt, 1000}));
    EXPECT_EQ(wait_for(m, "m1").now, migration_status::state::done);
    ASSERT_TRUE(st.update_note(aid, nid, "new"));
    read = service.handle({"GET", "/v1/accounts/" + aid + "/notes/" + nid,
                           "Bearer tok", {}});
  }

  memory_store st{2};
  std::string aid = *st.create_account("reader", "s");
  unsigned from = st.shard_of(aid) == "shard-0" ? 0u : 1u;
  std::string nid = st.create_note(aid, "old")->id;
  migrator m;
  notes_service service{st, nullptr, &m};
  http::server_response read;
};

TEST(migrator, stale_after_cutover_serves_the_old_copy_for_a_while) {
  moved_reader mr{migration_bug::stale_after_cutover, {0ms, 60s}};
  ASSERT_NO_FATAL_FAILURE(mr.move_and_read());
  ASSERT_EQ(mr.read.status, 200);
  EXPECT_EQ(nlohmann::json::parse(mr.read.body).at("content"), "old");
  EXPECT_EQ(mr.read.shard, "shard-" + std::to_string(mr.from));
  auto stale = mr.m.stale_view(mr.aid);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->notes.notes.size(), 1u);
}

TEST(migrator, a_correct_move_serves_the_new_shard_at_once) {
  moved_reader mr{migration_bug::none, {}};
  ASSERT_NO_FATAL_FAILURE(mr.move_and_read());
  EXPECT_EQ(nlohmann::json::parse(mr.read.body).at("content"), "new");
  EXPECT_EQ(mr.read.shard, "shard-" + std::to_string(1 - mr.from));
  EXPECT_FALSE(mr.m.stale_view(mr.aid));
}

TEST(migration_bug, parses_its_names) {
  EXPECT_EQ(*parse_migration_bug("lose-writes-during-copy"),
            migration_bug::lose_writes_during_copy);
  EXPECT_EQ(*parse_migration_bug("stale-after-cutover"),
            migration_bug::stale_after_cutover);
  EXPECT_EQ(*parse_migration_bug("none"), migration_bug::none);
  auto bad = parse_migration_bug("oops");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("stale-after-cutover"), std::string::npos);
}

} // namespace
} // namespace throng::server
