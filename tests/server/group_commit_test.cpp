// Tests of the SQLite store's group commit (group_committer): concurrent
// writes share one commit and all survive; a failed commit fails every
// write of its batch and leaves no trace; a read during a commit sees the
// state before its batch.

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/sqlite_store.hpp"
#include "tests/temp_dir.hpp"

namespace throng::server {
namespace {

using testing::temp_dir;

// Batches that commit only when full: how many writes share a commit is
// then up to the test, not to timing.
commit_options full_batches(std::size_t n, std::function<bool()> allow) {
  commit_options o;
  o.max_batch = n;
  o.max_wait = std::chrono::hours{1};
  o.allow_commit = std::move(allow);
  return o;
}

std::unique_ptr<sqlite_store> open_or_fail(const std::string& dir,
                                           const commit_options& o = {}) {
  auto st = sqlite_store::open(dir, 1, o);
  EXPECT_TRUE(st) << st.error().message;
  return st ? std::move(*st) : nullptr;
}

// Runs `write(i)` on `n` threads at once and returns which succeeded.
template <class F>
std::vector<bool> on_threads(int n, F write) {
  std::vector<char> ok(static_cast<std::size_t>(n), 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] { ok[static_cast<std::size_t>(i)] = write(i); });
  for (auto& t : threads)
    t.join();
  return {ok.begin(), ok.end()};
}

// A store in `dir` holding one account with one note "keep"; returns the
// account's and the note's ids.
std::pair<std::string, std::string> seed(const std::string& dir) {
  auto st = open_or_fail(dir);
  auto aid = *st->create_account("owner", "s");
  auto nid = st->create_note(aid, "keep")->id;
  return {aid, nid};
}

TEST(group_commit, concurrent_writes_share_one_commit_and_all_survive) {
  temp_dir dir;
  auto path = dir / "db";
  auto [aid, keep] = seed(path);
  auto commits = std::make_shared<std::atomic<int>>(0);
  std::set<std::string> ids;
  {
    auto st = open_or_fail(path, full_batches(8, [commits] {
      ++*commits;
      return true;
    }));
    std::vector<std::string> made(8);
    auto ok = on_threads(8, [&](int i) {
      auto n = st->create_note(aid, "note " + std::to_string(i));
      if (n)
        made[static_cast<std::size_t>(i)] = n->id;
      return bool(n);
    });
    EXPECT_EQ(ok, std::vector<bool>(8, true));
    EXPECT_EQ(commits->load(), 1);
    ids.insert(made.begin(), made.end());
    EXPECT_EQ(ids.size(), 8u);
  }
  auto reopened = open_or_fail(path);
  auto list = reopened->list_notes(aid);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->notes.size(), 9u);
  for (const auto& n : list->notes)
    EXPECT_TRUE(n.id == keep || ids.count(n.id) == 1) << n.id;
}

TEST(group_commit, a_failed_commit_fails_every_write_of_its_batch_and_leaves_no_trace) {
  temp_dir dir;
  auto path = dir / "db";
  auto [aid, keep] = seed(path);
  auto allow = std::make_shared<std::atomic<bool>>(false);
  {
    auto st = open_or_fail(path, full_batches(4, [allow] { return allow->load(); }));
    auto notes = on_threads(4, [&](int i) {
      switch (i) {
        case 0:
          return bool(st->create_note(aid, "new"));
        case 1:
          return bool(st->update_note(aid, keep, "changed"));
        case 2:
          return bool(st->delete_note(aid, keep));
        default:
          return bool(st->create_note(aid, "newer"));
      }
    });
    EXPECT_EQ(notes, std::vector<bool>(4, false));
    auto accounts = on_threads(4, [&](int i) {
      return bool(st->create_account("user" + std::to_string(i), "s"));
    });
    EXPECT_EQ(accounts, std::vector<bool>(4, false));
    auto list = st->list_notes(aid);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->notes.size(), 1u);
    EXPECT_EQ(list->notes[0].content, "keep");
    EXPECT_EQ(st->find_login("user0").error(), store_error::not_found);
    EXPECT_EQ(st->usage()->at(0).accounts, 1u);

    // Commits work again, and the refused names are free.
    allow->store(true);
    accounts = on_threads(4, [&](int i) {
      return bool(st->create_account("user" + std::to_string(i), "s"));
    });
    EXPECT_EQ(accounts, std::vector<bool>(4, true));
  }
  auto reopened = open_or_fail(path);
  auto list = reopened->list_notes(aid);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->notes.size(), 1u);
  EXPECT_EQ(list->notes[0].content, "keep");
  EXPECT_TRUE(reopened->find_login("user3"));
}

TEST(group_commit, a_read_during_a_commit_sees_the_state_before_its_batch) {
  temp_dir dir;
  auto path = dir / "db";
  auto [aid, keep] = seed(path);
  auto armed = std::make_shared<std::atomic<bool>>(true);
  auto entered = std::make_shared<std::promise<void>>();
  auto release = std::make_shared<std::promise<void>>();
  auto released = release->get_future().share();
  commit_options o;
  o.max_batch = 1;
  o.allow_commit = [=] {
    if (armed->exchange(false)) {
      entered->set_value();
      released.wait();
    }
    return true;
  };
  auto st = open_or_fail(path, o);
  std::thread writer{[&] { EXPECT_TRUE(st->update_note(aid, keep, "new")); }};
  entered->get_future().wait();
  // The writer's batch is committing: reads go on and see the note as it
  // was.
  EXPECT_EQ(st->find_note(aid, keep)->content, "keep");
  EXPECT_EQ(st->list_notes(aid)->notes.at(0).content, "keep");
  release->set_value();
  writer.join();
  EXPECT_EQ(st->find_note(aid, keep)->content, "new");
}

} // namespace
} // namespace throng::server
