// Tests of stats::view_order: tuples holding strings ordered as their
// views, and a map of them searched with views.

#include "stats/view_order.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include <gtest/gtest.h>

using throng::stats::view_order;

TEST(view_order, orders_strings_and_views_alike) {
  const view_order less;
  const std::tuple<int, std::string> a{1, "a"}, b{1, "b"};
  const std::tuple<int, std::string_view> av{1, "a"}, bv{1, "b"};
  EXPECT_TRUE(less(a, b));
  EXPECT_FALSE(less(b, a));
  EXPECT_TRUE(less(av, b));
  EXPECT_TRUE(less(a, bv));
  EXPECT_FALSE(less(a, av));
  EXPECT_FALSE(less(av, a));
  EXPECT_TRUE(less(std::tuple<int, std::string>{0, "z"}, av)) << "the first element first";
}

TEST(view_order, a_map_is_searched_with_views) {
  std::map<std::tuple<std::uint8_t, std::string, std::string>, int, view_order> m;
  m.emplace(std::tuple<std::uint8_t, std::string, std::string>{2, "2xx", "s1"}, 7);
  m.emplace(std::tuple<std::uint8_t, std::string, std::string>{2, "5xx", "s1"}, 9);
  const std::string_view cls = "5xx", shard = "s1";
  auto i = m.find(std::tuple{std::uint8_t{2}, cls, shard});
  ASSERT_NE(i, m.end());
  EXPECT_EQ(i->second, 9);
  EXPECT_EQ(m.find(std::tuple{std::uint8_t{2}, cls, std::string_view{"s2"}}), m.end());
}
