// Tests of account_directory: empty until something is published, keeps only
// the latest entries, takes publishers and samplers on many threads.

#include "model/account_directory.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace throng::model {
namespace {

TEST(account_directory, is_empty_until_something_is_published) {
  account_directory d{64};
  rng r{1};
  EXPECT_EQ(d.size(), 0u);
  EXPECT_FALSE(d.sample(r));
  d.publish("a1", "");
  d.publish("a1", "n1");
  EXPECT_EQ(d.size(), 2u);
  std::set<std::string> notes;
  for (int i = 0; i < 100; ++i) {
    auto e = d.sample(r);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->account_id, "a1");
    notes.insert(e->note_id);
  }
  EXPECT_EQ(notes, (std::set<std::string>{"", "n1"}));
}

TEST(account_directory, keeps_only_the_latest_entries) {
  account_directory d{128};
  EXPECT_EQ(d.capacity(), 128u);
  for (int i = 0; i < 10'000; ++i)
    d.publish("a" + std::to_string(i), "");
  EXPECT_EQ(d.size(), 128u);
  rng r{2};
  std::set<std::string> seen;
  for (int i = 0; i < 5'000; ++i) {
    auto e = d.sample(r);
    ASSERT_TRUE(e);
    EXPECT_GE(std::stoi(e->account_id.substr(1)), 10'000 - 128);
    seen.insert(e->account_id);
  }
  EXPECT_EQ(seen.size(), 128u);
}

TEST(account_directory, publishers_and_samplers_run_concurrently) {
  account_directory d{256};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&d, t] {
      rng r{static_cast<std::uint64_t>(t)};
      for (int i = 0; i < 20'000; ++i) {
        d.publish("a" + std::to_string(t), "n" + std::to_string(i));
        if (auto e = d.sample(r)) {
          EXPECT_EQ(e->account_id[0], 'a');
        }
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(d.size(), 256u);
}

} // namespace
} // namespace throng::model
