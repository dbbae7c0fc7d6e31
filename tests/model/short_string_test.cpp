// Tests of short_string: in place up to 15 characters, on the heap beyond,
// copies and moves of both.

#include "model/short_string.hpp"

#include <sstream>
#include <string>
#include <utility>

#include <gtest/gtest.h>

using throng::model::short_string;

TEST(short_string, keeps_up_to_fifteen_characters_in_place) {
  short_string empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.view(), "");
  short_string id{"n1a2b3c4d5e6f"};
  EXPECT_FALSE(id.on_heap());
  EXPECT_EQ(id, "n1a2b3c4d5e6f");
  short_string full{std::string(15, 'x')};
  EXPECT_FALSE(full.on_heap());
  EXPECT_EQ(full.size(), 15u);
  EXPECT_EQ(full, std::string(15, 'x'));
}

TEST(short_string, keeps_longer_ones_on_the_heap) {
  const std::string text(40, 'y');
  short_string s{text};
  EXPECT_TRUE(s.on_heap());
  EXPECT_EQ(s.view(), text);
  EXPECT_EQ(s.str(), text);
  std::string with_nul("a\0b", 3);
  EXPECT_EQ(short_string{with_nul}.view(), with_nul);
}

TEST(short_string, copies_and_moves_both_kinds) {
  const std::string text(20, 'z');
  short_string a{text};
  short_string b{"n9"};
  short_string c = a;
  EXPECT_EQ(c, a);
  EXPECT_NE(c.view().data(), a.view().data());
  c = b;
  EXPECT_EQ(c, "n9");
  short_string d = std::move(a);
  EXPECT_EQ(d, text);
  EXPECT_TRUE(a.empty());
  d = std::move(b);
  EXPECT_EQ(d, "n9");
  d = short_string{text};
  EXPECT_EQ(d, text);
  d = d;
  EXPECT_EQ(d, text);
  d.clear();
  EXPECT_TRUE(d.empty());
  c = std::string{"n7"};
  EXPECT_EQ(c, "n7");
}

TEST(short_string, compares_and_prints_as_its_characters) {
  EXPECT_EQ(short_string{"n1"}, short_string{"n1"});
  EXPECT_NE(short_string{"n1"}, short_string{"n10"});
  EXPECT_FALSE(short_string{"n1"} == std::string_view{"n2"});
  std::ostringstream os;
  os << short_string{"n42"};
  EXPECT_EQ(os.str(), "n42");
}
