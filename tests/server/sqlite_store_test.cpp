// What the SQLite store adds to the shared behaviour (store_test.cpp): its
// state survives closing and reopening its directory, and its set-up errors
// are values.

#include "server/sqlite_store.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "server/make_store.hpp"
#include "server/memory_store.hpp"
#include "server/notes_server.hpp"
#include "tests/temp_dir.hpp"

namespace throng::server {
namespace {

using testing::temp_dir;

std::unique_ptr<sqlite_store> open_or_fail(const std::string& dir,
                                           std::size_t shards) {
  auto st = sqlite_store::open(dir, shards);
  EXPECT_TRUE(st) << st.error().message;
  return st ? std::move(*st) : nullptr;
}

TEST(sqlite_store, keeps_accounts_tokens_and_notes_across_reopen) {
  temp_dir dir;
  auto path = dir / "db";
  std::string a;
  std::string b;
  std::string kept;
  std::string deleted;
  std::string last;
  {
    auto st = open_or_fail(path, 3);
    ASSERT_TRUE(st);
    a = *st->create_account("alice", "secret-a");
    b = *st->create_account("bob", "secret-b");
    ASSERT_TRUE(st->add_token("t-a", a));
    ASSERT_TRUE(st->add_token("t-b", b));
    ASSERT_TRUE(st->revoke_token("t-b"));
    kept = st->create_note(a, "one")->id;
    deleted = st->create_note(a, "two")->id;
    ASSERT_TRUE(st->create_note(b, "three"));
    last = st->create_note(a, "four")->id;
    ASSERT_TRUE(st->update_note(a, kept, "uno"));
    ASSERT_TRUE(st->delete_note(a, deleted));
    // The newest note goes too: its id must still not come back.
    ASSERT_TRUE(st->delete_note(a, last));
    ASSERT_TRUE(st->rename_account(b, "bobby"));
  }
  auto st = open_or_fail(path, 3);
  ASSERT_TRUE(st);
  auto login = st->find_login("alice");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->account_id, a);
  EXPECT_EQ(login->secret, "secret-a");
  EXPECT_EQ(st->find_login("bob").error(), store_error::not_found);
  EXPECT_EQ(st->find_login("bobby")->account_id, b);
  EXPECT_EQ(*st->token_account("t-a"), a);
  EXPECT_EQ(st->token_account("t-b").error(), store_error::not_found);
  auto list = st->list_notes(a);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->notes.size(), 1u);
  EXPECT_EQ(list->notes[0].id, kept);
  EXPECT_EQ(list->notes[0].content, "uno");
  EXPECT_EQ(st->find_account(b)->note_count, 1);
  EXPECT_EQ(st->shard_of(a), memory_store{3}.shard_of(a));
  EXPECT_EQ(st->create_account("alice", "x").error(), store_error::name_taken);

  // Counting goes on from the highest ids ever handed out.
  auto c = st->create_account("carol", "s");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, "a3");
  auto n = st->create_note(*c, "five");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->id, "n5");
  EXPECT_EQ(st->find_note(a, last).error(), store_error::not_found);
}

TEST(sqlite_store, keeps_recorded_shards_when_reopened_with_more) {
  temp_dir dir;
  auto path = dir / "db";
  std::vector<std::string> ids;
  std::vector<std::string> shards;
  {
    auto st = open_or_fail(path, 2);
    ASSERT_TRUE(st);
    for (int i = 0; i < 20; ++i) {
      auto a = st->create_account("user" + std::to_string(i), "s");
      ASSERT_TRUE(a);
      ASSERT_TRUE(st->create_note(*a, "note of " + *a));
      ids.push_back(*a);
      shards.push_back(st->shard_of(*a));
    }
  }
  auto st = open_or_fail(path, 5);
  ASSERT_TRUE(st);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(st->shard_of(ids[i]), shards[i]);
    auto list = st->list_notes(ids[i]);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->notes.size(), 1u);
    EXPECT_EQ(list->notes[0].content, "note of " + ids[i]);
  }
}

TEST(sqlite_store, a_move_survives_reopen_and_a_crash_leftover_is_dropped) {
  temp_dir dir;
  auto path = dir / "db";
  std::string aid;
  std::size_t to = 0;
  {
    auto st = open_or_fail(path, 2);
    ASSERT_TRUE(st);
    aid = *st->create_account("mover", "s");
    ASSERT_TRUE(st->create_note(aid, "kept"));
    to = st->shard_of(aid) == "shard-0" ? 1 : 0;
    ASSERT_TRUE(st->move_account(aid, to));
  }
  // A crash after the copy and before the switch leaves rows on the shard
  // the directory does not name: write such a row by hand.
  {
    sqlite3* db = nullptr;
    auto stray = std::filesystem::path{path}
                 / ("shard-" + std::to_string(1 - to) + ".db");
    ASSERT_EQ(sqlite3_open(stray.c_str(), &db), SQLITE_OK);
    auto sql = "INSERT INTO notes (seq, account_id, content) VALUES (999, '"
               + aid + "', 'stray');";
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto st = open_or_fail(path, 2);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->shard_of(aid), "shard-" + std::to_string(to));
  auto list = st->list_notes(aid);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->notes.size(), 1u);
  EXPECT_EQ(list->notes[0].content, "kept");
  auto usage = st->usage();
  ASSERT_TRUE(usage);
  EXPECT_EQ((*usage)[to].notes, 1u);
  EXPECT_EQ((*usage)[1 - to].notes, 0u);
}

TEST(sqlite_store, refuses_fewer_shards_than_its_accounts_use) {
  temp_dir dir;
  auto path = dir / "db";
  {
    auto st = open_or_fail(path, 4);
    ASSERT_TRUE(st);
    for (int i = 0; i < 20; ++i)
      ASSERT_TRUE(st->create_account("user" + std::to_string(i), "s"));
  }
  auto st = sqlite_store::open(path, 1);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("directory.db"), std::string::npos)
    << st.error().message;
}

TEST(sqlite_store, one_directory_opens_once_at_a_time) {
  temp_dir dir;
  auto path = dir / "db";
  auto first = open_or_fail(path, 2);
  ASSERT_TRUE(first);
  auto second = sqlite_store::open(path, 2);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find(path), std::string::npos)
    << second.error().message;
  first.reset();
  EXPECT_TRUE(open_or_fail(path, 2));
}

TEST(sqlite_store, an_unusable_directory_is_an_error_naming_it) {
  temp_dir dir;
  auto file = dir / "file";
  std::ofstream{file} << "not a directory";
  auto under_file = file + "/db";
  auto st = sqlite_store::open(under_file, 2);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find(under_file), std::string::npos)
    << st.error().message;
  auto not_a_db = dir / "garbage";
  std::filesystem::create_directories(not_a_db);
  std::ofstream{not_a_db + "/directory.db"}
    << std::string(4096, 'x'); // not an SQLite file
  auto garbage = sqlite_store::open(not_a_db, 2);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("directory.db"), std::string::npos)
    << garbage.error().message;
}

TEST(make_store, checks_the_spec) {
  for (auto spec : {"memory", "sqlite:/var/lib/throng"})
    EXPECT_EQ(store_spec_error(spec), "") << spec;
  for (auto spec : {"sqlite:", "redis", ""})
    EXPECT_NE(store_spec_error(spec), "") << spec;
  auto bad = make_store("redis", 2);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("redis"), std::string::npos);
  auto mem = make_store("memory", 2);
  ASSERT_TRUE(mem);
  EXPECT_NE(dynamic_cast<memory_store*>(mem->get()), nullptr);
  temp_dir dir;
  auto sql = make_store("sqlite:" + (dir / "db"), 2);
  ASSERT_TRUE(sql) << sql.error().message;
  EXPECT_NE(dynamic_cast<sqlite_store*>(sql->get()), nullptr);
}

TEST(make_store, notes_server_start_names_a_bad_store) {
  auto bad = notes_server::start(service_options{.store = "redis"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("redis"), std::string::npos);
  temp_dir dir;
  auto file = dir / "file";
  std::ofstream{file} << "x";
  auto unopenable = notes_server::start(
    service_options{.store = "sqlite:" + file + "/db"});
  ASSERT_FALSE(unopenable);
  EXPECT_NE(unopenable.error().message.find(file), std::string::npos)
    << unopenable.error().message;
}

} // namespace
} // namespace throng::server
