// shard_names: the limit, "other", the names it refuses, the views it
// returns, and many threads admitting names at once.
#include "stats/shard_names.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace throng::stats {
namespace {

TEST(shard_names, keeps_the_first_limit_names_and_counts_the_rest_as_other) {
  shard_names names{3};
  EXPECT_EQ(names.name_of("shard-0"), "shard-0");
  EXPECT_EQ(names.name_of("shard-1"), "shard-1");
  EXPECT_EQ(names.name_of("shard-0"), "shard-0");
  EXPECT_EQ(names.name_of("shard-2"), "shard-2");
  EXPECT_EQ(names.size(), 3u);
  EXPECT_FALSE(names.overflowed());
  EXPECT_EQ(names.name_of("shard-3"), "other");
  EXPECT_TRUE(names.overflowed());
  EXPECT_EQ(names.name_of("shard-1"), "shard-1");
  EXPECT_EQ(names.size(), 3u);
}

TEST(shard_names, admits_256_names_by_default) {
  shard_names names;
  EXPECT_EQ(names.limit(), 256u);
  for (int i = 0; i < 256; ++i) {
    auto name = "s" + std::to_string(i);
    EXPECT_EQ(names.name_of(name), name);
  }
  EXPECT_FALSE(names.overflowed());
  EXPECT_EQ(names.name_of("s256"), "other");
  EXPECT_EQ(names.size(), 256u);
  EXPECT_TRUE(names.overflowed());
}

TEST(shard_names, a_name_longer_than_64_bytes_is_other) {
  shard_names names;
  const std::string longest(64, 'x');
  EXPECT_EQ(names.name_of(longest), longest);
  EXPECT_FALSE(names.overflowed());
  EXPECT_EQ(names.name_of(longest + "x"), "other");
  EXPECT_TRUE(names.overflowed());
  EXPECT_EQ(names.size(), 1u);
}

TEST(shard_names, a_name_with_a_byte_outside_printable_ascii_is_other) {
  using namespace std::string_literals;
  shard_names names;
  for (const auto& raw : {"shard 0"s, "shard\t0"s, "shard\x7f"s,
                          "caf\xc3\xa9"s, "nul\0byte"s, "\n"s}) {
    EXPECT_EQ(names.name_of(raw), "other") << raw;
  }
  EXPECT_TRUE(names.overflowed());
  EXPECT_EQ(names.size(), 0u);
  // The edges of the range are printable.
  EXPECT_EQ(names.name_of("!~"), "!~");
}

TEST(shard_names, the_empty_name_stays_empty_and_other_takes_no_place) {
  shard_names names{1};
  EXPECT_TRUE(names.name_of("").empty());
  EXPECT_EQ(names.name_of("other"), "other");
  EXPECT_EQ(names.size(), 0u);
  EXPECT_FALSE(names.overflowed());
  EXPECT_EQ(names.name_of("shard-0"), "shard-0");
  EXPECT_EQ(names.name_of("other"), "other");
  EXPECT_FALSE(names.overflowed());
}

TEST(shard_names, a_limit_of_zero_counts_every_name_as_other) {
  shard_names names{0};
  EXPECT_EQ(names.name_of("shard-0"), "other");
  EXPECT_EQ(names.size(), 0u);
  EXPECT_TRUE(names.overflowed());
}

TEST(shard_names, views_stay_valid_and_the_same_as_names_are_added) {
  shard_names names{1000};
  std::string raw = "shard-first";
  const auto first = names.name_of(raw);
  raw.assign(raw.size(), '?'); // the view does not point into the argument
  std::vector<std::string_view> views;
  for (int i = 0; i < 1000 - 1; ++i)
    views.push_back(names.name_of("shard-" + std::to_string(i)));
  EXPECT_EQ(first, "shard-first");
  EXPECT_EQ(names.name_of("shard-first").data(), first.data());
  for (int i = 0; i < 1000 - 1; ++i) {
    auto again = names.name_of("shard-" + std::to_string(i));
    EXPECT_EQ(again, "shard-" + std::to_string(i));
    EXPECT_EQ(again.data(), views[static_cast<std::size_t>(i)].data());
  }
  EXPECT_EQ(names.size(), 1000u);
}

// Four threads, each with 5,000 names of its own and ten names they all
// share, looked up between their own. Whichever names win the 256 places,
// every call is answered with the name or "other", a shared name gets the
// same answer in every thread, and a name once admitted stays admitted.
TEST(shard_names, threads_admit_at_most_limit_names_and_agree_on_each) {
  constexpr int threads = 4;
  constexpr int own = 5000;
  constexpr int shared = 10;
  shard_names names;
  struct answer {
    std::string raw;
    std::string_view name;
  };
  std::vector<std::vector<answer>> answers(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&names, &out = answers[static_cast<std::size_t>(t)], t] {
      for (int i = 0; i < own; ++i) {
        auto raw = i % (own / shared) == 0
                     ? "shared-" + std::to_string(i / (own / shared))
                     : "t" + std::to_string(t) + "-" + std::to_string(i);
        auto name = names.name_of(raw);
        out.push_back({std::move(raw), name});
      }
    });
  }
  for (auto& w : workers)
    w.join();
  EXPECT_EQ(names.size(), shard_names::default_limit);
  EXPECT_TRUE(names.overflowed());
  std::set<std::string> admitted;
  for (const auto& per_thread : answers) {
    ASSERT_EQ(per_thread.size(), static_cast<std::size_t>(own));
    for (const auto& a : per_thread) {
      ASSERT_TRUE(a.name == a.raw || a.name == "other") << a.raw;
      // The registry is full now: every answer is final.
      EXPECT_EQ(names.name_of(a.raw).data(), a.name.data()) << a.raw;
      if (a.name == a.raw)
        admitted.insert(a.raw);
    }
  }
  EXPECT_EQ(admitted.size(), shard_names::default_limit);
}

} // namespace
} // namespace throng::stats
