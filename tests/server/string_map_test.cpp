// Tests of the string-keyed map that finds by std::string_view.

#include "server/string_map.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace throng::server {
namespace {

TEST(string_map, finds_by_string_view) {
  string_map<int> m;
  m.emplace("a1", 1);
  m.emplace("a2", 2);
  std::string_view key = "xa2x";
  auto i = m.find(key.substr(1, 2));
  ASSERT_NE(i, m.end());
  EXPECT_EQ(i->second, 2);
  EXPECT_EQ(m.find(std::string_view{"a3"}), m.end());
  EXPECT_TRUE(m.contains(std::string_view{"a1"}));
}

TEST(string_map, a_string_and_its_view_hash_the_same) {
  std::string s = "shard-1";
  EXPECT_EQ(string_hash{}(s), string_hash{}(std::string_view{s}));
}

} // namespace
} // namespace throng::server
