// Tests of the SQLite store's database and query (sqlite_database.hpp,
// sqlite_query.hpp): opening, binding, stepping and reading back.

#include "server/sqlite_query.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <mutex>

#include "tests/temp_dir.hpp"

namespace throng::server {
namespace {

using testing::temp_dir;

constexpr const char* schema
  = "CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT NOT NULL);";

// Each test starts with t.db opened on `schema` in a folder of its own.
class sqlite_query : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = sqlite_store::database::open(dir.path() / "t.db", schema);
    ASSERT_TRUE(opened) << opened.error().message;
    db = std::move(*opened);
  }

  temp_dir dir;
  std::unique_ptr<sqlite_store::database> db;
};

TEST_F(sqlite_query, open_switches_to_wal_and_runs_the_schema) {
  std::lock_guard lock{db->mutex};
  query mode{*db, "PRAGMA journal_mode;"};
  ASSERT_EQ(mode.step(), step_result::row);
  EXPECT_EQ(mode.text(0), "wal");
  EXPECT_EQ((query{*db, "SELECT count(*) FROM t;"}.step()), step_result::row);
}

TEST_F(sqlite_query, a_missing_folder_is_named) {
  auto missing = sqlite_store::database::open(dir.path() / "no" / "t.db", schema);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("t.db"), std::string::npos)
    << missing.error().message;
}

TEST_F(sqlite_query, binds_in_order_and_reads_rows_back) {
  auto& d = *db;
  std::lock_guard lock{d.mutex};
  const char* insert = "INSERT INTO t (k, v) VALUES (?, ?);";
  EXPECT_EQ((query{d, insert}.bind(std::uint64_t{2}).bind("two").run()), step_result::done);
  EXPECT_EQ((query{d, insert}.bind(std::uint64_t{1}).bind("").run()), step_result::done);
  EXPECT_EQ((query{d, insert}.bind(std::uint64_t{1}).bind("again").run()),
            step_result::constraint);
  query select{d, "SELECT k, v FROM t ORDER BY k;"};
  ASSERT_EQ(select.step(), step_result::row);
  EXPECT_EQ(select.integer(0), 1u);
  EXPECT_EQ(select.text(1), "");
  ASSERT_EQ(select.step(), step_result::row);
  EXPECT_EQ(select.integer(0), 2u);
  EXPECT_EQ(select.text(1), "two");
  EXPECT_EQ(select.step(), step_result::done);
}

TEST_F(sqlite_query, a_statement_that_does_not_prepare_fails_and_a_row_fails_run) {
  auto& d = *db;
  std::lock_guard lock{d.mutex};
  EXPECT_EQ((query{d, "SELEKT nothing;"}.bind("x").step()), step_result::failed);
  EXPECT_EQ((query{d, "SELECT 1;"}.run()), step_result::failed);
}

} // namespace
} // namespace throng::server
