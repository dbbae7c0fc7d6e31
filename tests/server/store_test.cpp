// The behaviour every store shares, run over each back end.

#include <atomic>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "server/memory_store.hpp"
#include "server/sqlite_store.hpp"
#include "tests/temp_dir.hpp"

namespace throng::server {
namespace {

using testing::temp_dir;

struct memory_kind {
  std::unique_ptr<store> make(std::size_t shards) {
    return std::make_unique<memory_store>(shards);
  }
};

// Each store gets a database directory of its own.
struct sqlite_kind {
  std::unique_ptr<store> make(std::size_t shards) {
    auto st = sqlite_store::open(dir / std::to_string(made++), shards);
    if (!st)
      throw std::runtime_error(st.error().message);
    return std::move(*st);
  }

  temp_dir dir;
  int made = 0;
};

template <class Kind>
class store_test : public ::testing::Test {
protected:
  // Returns a new empty store that lives as long as the test.
  store& make(std::size_t shards) {
    stores_.push_back(kind_.make(shards));
    return *stores_.back();
  }

private:
  Kind kind_;
  std::vector<std::unique_ptr<store>> stores_; // closed before kind_ goes
};

struct kind_names {
  template <class Kind>
  static std::string GetName(int) {
    return std::is_same_v<Kind, memory_kind> ? "memory" : "sqlite";
  }
};

using store_kinds = ::testing::Types<memory_kind, sqlite_kind>;
TYPED_TEST_SUITE(store_test, store_kinds, kind_names);

bool url_safe(const std::string& s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
          || c == '~'))
      return false;
  return !s.empty();
}

// The id of a new account; a store that refuses it ends the test.
std::string new_account(store& st, const std::string& name,
                        const std::string& secret) {
  auto a = st.create_account(name, secret);
  if (!a)
    throw std::runtime_error("the store refused account " + name);
  return *a;
}

// A new note of `aid`; a store that refuses it ends the test.
protocol::note new_note(store& st, const std::string& aid,
                        const std::string& content) {
  auto n = st.create_note(aid, content);
  if (!n)
    throw std::runtime_error("the store refused note '" + content + "'");
  return *n;
}

TYPED_TEST(store_test, creates_accounts_with_distinct_url_safe_ids) {
  auto& st = this->make(4);
  auto a = new_account(st, "alice", "s1");
  auto b = new_account(st, "bob", "s2");
  EXPECT_NE(a, b);
  EXPECT_TRUE(url_safe(a));
  EXPECT_TRUE(url_safe(b));
  auto info = st.find_account(a);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->id, a);
  EXPECT_EQ(info->name, "alice");
  EXPECT_EQ(info->note_count, 0);
}

TYPED_TEST(store_test, refuses_a_taken_name) {
  auto& st = this->make(2);
  ASSERT_TRUE(st.create_account("alice", "s1"));
  auto again = st.create_account("alice", "s2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), store_error::name_taken);
}

TYPED_TEST(store_test, finds_logins_by_name) {
  auto& st = this->make(2);
  auto a = new_account(st, "alice", "secret");
  auto login = st.find_login("alice");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->account_id, a);
  EXPECT_EQ(login->secret, "secret");
  auto none = st.find_login("nobody");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), store_error::not_found);
}

TYPED_TEST(store_test, unknown_account_is_not_found) {
  auto& st = this->make(2);
  auto info = st.find_account("a1");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error(), store_error::not_found);
  EXPECT_EQ(st.rename_account("a1", "x").error(), store_error::not_found);
  EXPECT_EQ(st.create_note("a1", "x").error(), store_error::not_found);
  EXPECT_EQ(st.list_notes("a1").error(), store_error::not_found);
}

TYPED_TEST(store_test, renames_and_moves_the_login) {
  auto& st = this->make(2);
  auto a = new_account(st, "alice", "secret");
  ASSERT_TRUE(st.create_account("bob", "other"));
  auto taken = st.rename_account(a, "bob");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error(), store_error::name_taken);
  auto same = st.rename_account(a, "alice");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->name, "alice");
  auto renamed = st.rename_account(a, "carol");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->name, "carol");
  EXPECT_FALSE(st.find_login("alice"));
  auto login = st.find_login("carol");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->account_id, a);
  EXPECT_EQ(login->secret, "secret");
  EXPECT_TRUE(st.create_account("alice", "new"));
}

TYPED_TEST(store_test, tokens_live_until_revoked) {
  auto& st = this->make(2);
  auto a = new_account(st, "alice", "s");
  ASSERT_TRUE(st.add_token("t1", a));
  ASSERT_TRUE(st.add_token("t2", a));
  EXPECT_EQ(*st.token_account("t1"), a);
  auto revoked = st.revoke_token("t1");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(*revoked, a);
  EXPECT_EQ(st.token_account("t1").error(), store_error::not_found);
  EXPECT_EQ(st.revoke_token("t1").error(), store_error::not_found);
  EXPECT_EQ(*st.token_account("t2"), a);
  EXPECT_EQ(st.token_account("never").error(), store_error::not_found);
}

TYPED_TEST(store_test, notes_round_trip) {
  auto& st = this->make(2);
  auto a = new_account(st, "alice", "s");
  auto n = new_note(st, a, "hello");
  EXPECT_TRUE(url_safe(n.id));
  EXPECT_EQ(n.content, "hello");
  EXPECT_EQ(st.find_note(a, n.id)->content, "hello");
  auto updated = st.update_note(a, n.id, "bye");
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->id, n.id);
  EXPECT_EQ(updated->content, "bye");
  EXPECT_EQ(st.find_note(a, n.id)->content, "bye");
  EXPECT_EQ(st.find_account(a)->note_count, 1);
  EXPECT_TRUE(st.delete_note(a, n.id));
  EXPECT_EQ(st.find_note(a, n.id).error(), store_error::not_found);
  EXPECT_EQ(st.delete_note(a, n.id).error(), store_error::not_found);
  EXPECT_EQ(st.update_note(a, n.id, "x").error(), store_error::not_found);
  EXPECT_EQ(st.find_account(a)->note_count, 0);
}

TYPED_TEST(store_test, notes_belong_to_one_account) {
  auto& st = this->make(2);
  auto a = new_account(st, "alice", "s");
  auto b = new_account(st, "bob", "s");
  auto n = new_note(st, a, "mine");
  EXPECT_EQ(st.find_note(b, n.id).error(), store_error::not_found);
  EXPECT_EQ(st.update_note(b, n.id, "x").error(), store_error::not_found);
  EXPECT_EQ(st.delete_note(b, n.id).error(), store_error::not_found);
  EXPECT_EQ(st.find_note(a, n.id)->content, "mine");
}

TYPED_TEST(store_test, malformed_note_ids_are_not_found) {
  auto& st = this->make(1);
  auto a = new_account(st, "alice", "s");
  auto n = new_note(st, a, "x");
  ASSERT_EQ(n.id, "n1");
  for (auto nid : {"n01", "n", "1", "N1", "n1x!", "nzzzzzzzzzzzzzzzz", ""})
    EXPECT_EQ(st.find_note(a, nid).error(), store_error::not_found) << nid;
}

TYPED_TEST(store_test, lists_notes_in_creation_order) {
  auto& st = this->make(3);
  auto a = new_account(st, "alice", "s");
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i)
    ids.push_back(new_note(st, a, "note " + std::to_string(i)).id);
  ASSERT_TRUE(st.delete_note(a, ids[10]));
  ASSERT_TRUE(st.update_note(a, ids[3], "changed"));
  ids.erase(ids.begin() + 10);
  auto list = st.list_notes(a);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->notes.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(list->notes[i].id, ids[i]);
  EXPECT_EQ(list->notes[3].content, "changed");
}

TYPED_TEST(store_test, shard_names_are_stable_and_in_range) {
  auto& st = this->make(3);
  auto& other = this->make(3);
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto a = st.create_account("user" + std::to_string(i), "s");
    ASSERT_TRUE(a);
    auto shard = st.shard_of(*a);
    EXPECT_EQ(shard, st.shard_of(*a));
    EXPECT_EQ(shard, other.shard_of(*a));
    seen.insert(shard);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"shard-0", "shard-1", "shard-2"}));
  EXPECT_EQ(this->make(1).shard_of("anything"), "shard-0");
}

TYPED_TEST(store_test, concurrent_writers_lose_nothing) {
  auto& st = this->make(4);
  constexpr int threads = 4;
  constexpr int per_thread = 200;
  std::vector<std::string> accounts;
  for (int t = 0; t < threads; ++t)
    accounts.push_back(*st.create_account("user" + std::to_string(t), "s"));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&st, &accounts, t] {
      for (int i = 0; i < per_thread; ++i) {
        // Every thread writes to every account, so shards are shared.
        auto& aid = accounts[static_cast<std::size_t>((t + i) % threads)];
        auto n = st.create_note(aid, "x");
        if (n && i % 2 == 0)
          st.delete_note(aid, n->id);
        st.add_token("t" + std::to_string(t) + "-" + std::to_string(i), aid);
      }
    });
  for (auto& w : workers)
    w.join();
  std::int64_t total = 0;
  for (auto& aid : accounts)
    total += st.find_account(aid)->note_count;
  EXPECT_EQ(total, threads * per_thread / 2);
  EXPECT_TRUE(st.token_account("t3-199"));
}


TYPED_TEST(store_test, moves_an_account_with_its_notes_and_ids) {
  auto& st = this->make(2);
  auto aid = *st.create_account("mover", "s");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(st.create_note(aid, "c" + std::to_string(i))->id);
  auto from = st.shard_of(aid);
  std::size_t to = from == "shard-0" ? 1 : 0;
  ASSERT_TRUE(st.move_account(aid, to));
  EXPECT_EQ(st.shard_of(aid), "shard-" + std::to_string(to));
  auto list = st.list_notes(aid);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->notes.size(), 5u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(list->notes[i].id, ids[i]);
    EXPECT_EQ(list->notes[i].content, "c" + std::to_string(i));
  }
  // The account keeps working where it is now.
  auto n = st.create_note(aid, "after");
  ASSERT_TRUE(n);
  EXPECT_EQ(st.find_note(aid, n->id)->content, "after");
  EXPECT_EQ(st.find_account(aid)->note_count, 6);
  auto usage = st.usage();
  ASSERT_TRUE(usage);
  ASSERT_EQ(usage->size(), 2u);
  EXPECT_EQ((*usage)[to].accounts, 1u);
  EXPECT_EQ((*usage)[to].notes, 6u);
  EXPECT_EQ((*usage)[1 - to].accounts, 0u);
  EXPECT_EQ((*usage)[1 - to].notes, 0u);
  EXPECT_EQ(*st.accounts_on(to, 10), std::vector<std::string>{aid});
  EXPECT_TRUE(st.accounts_on(1 - to, 10)->empty());
}

TYPED_TEST(store_test, moving_to_its_own_shard_or_an_unknown_account) {
  auto& st = this->make(2);
  auto aid = *st.create_account("stay", "s");
  auto here = st.shard_of(aid) == "shard-0" ? 0u : 1u;
  st.create_note(aid, "x");
  EXPECT_TRUE(st.move_account(aid, here));
  EXPECT_EQ(st.list_notes(aid)->notes.size(), 1u);
  EXPECT_EQ(st.move_account("a999", 0).error(), store_error::not_found);
  EXPECT_EQ(st.move_account(aid, 7).error(), store_error::not_found);
}

TYPED_TEST(store_test, a_closed_shard_takes_no_new_account) {
  auto& st = this->make(3);
  st.set_accepting(0, false);
  std::set<std::string> seen;
  for (int i = 0; i < 60; ++i)
    seen.insert(st.shard_of(*st.create_account("c" + std::to_string(i), "s")));
  EXPECT_EQ(seen, (std::set<std::string>{"shard-1", "shard-2"}));
  st.set_accepting(0, true);
  for (int i = 0; i < 60; ++i)
    seen.insert(st.shard_of(*st.create_account("o" + std::to_string(i), "s")));
  EXPECT_EQ(seen.count("shard-0"), 1u);
}

TYPED_TEST(store_test, replace_notes_installs_an_earlier_copy) {
  auto& st = this->make(2);
  auto aid = *st.create_account("r", "s");
  auto a = *st.create_note(aid, "a");
  auto copy = *st.list_notes(aid);
  st.update_note(aid, a.id, "a2");
  auto b = *st.create_note(aid, "b");
  ASSERT_TRUE(st.replace_notes(aid, copy));
  auto list = *st.list_notes(aid);
  ASSERT_EQ(list.notes.size(), 1u);
  EXPECT_EQ(list.notes[0].content, "a");
  EXPECT_FALSE(st.find_note(aid, b.id));
}

// Requests on an account that moves back and forth between shards always
// find it, with its latest content.
TYPED_TEST(store_test, requests_during_moves_see_every_write) {
  auto& st = this->make(2);
  auto aid = *st.create_account("busy", "s");
  auto nid = st.create_note(aid, "v0")->id;
  std::atomic<bool> done{false};
  std::thread mover{[&] {
    for (int i = 0; i < 200 && !done.load(); ++i)
      st.move_account(aid, static_cast<std::size_t>(i % 2));
  }};
  int wrong = 0;
  for (int i = 1; i <= 300; ++i) {
    auto content = "v" + std::to_string(i);
    if (!st.update_note(aid, nid, content))
      ++wrong;
    auto read = st.find_note(aid, nid);
    if (!read || read->content != content)
      ++wrong;
  }
  done = true;
  mover.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(st.list_notes(aid)->notes.size(), 1u);
}
} // namespace
} // namespace throng::server
