// Tests of json_pointer: RFC 6901 parsing, unescaping and its errors.

#include "protocol/json_pointer.hpp"

#include <gtest/gtest.h>

using namespace throng::protocol;

namespace {

std::vector<std::string> tokens_of(std::string_view text) {
  auto p = json_pointer::parse(text);
  EXPECT_TRUE(p.has_value()) << text << ": " << (p ? "" : p.error());
  return p ? p->tokens() : std::vector<std::string>{};
}

} // namespace

TEST(json_pointer, whole_document) {
  auto p = json_pointer::parse("");
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->tokens().empty());
  EXPECT_EQ(p->text(), "");
  EXPECT_TRUE(json_pointer{}.tokens().empty());
}

TEST(json_pointer, tokens_outermost_first) {
  EXPECT_EQ(tokens_of("/note/id"), (std::vector<std::string>{"note", "id"}));
  EXPECT_EQ(tokens_of("/items/0"), (std::vector<std::string>{"items", "0"}));
  auto p = json_pointer::parse("/note/id");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->text(), "/note/id");
}

TEST(json_pointer, empty_tokens) {
  EXPECT_EQ(tokens_of("/"), (std::vector<std::string>{""}));
  EXPECT_EQ(tokens_of("//a/"), (std::vector<std::string>{"", "a", ""}));
}

TEST(json_pointer, unescapes_tilde_and_slash) {
  EXPECT_EQ(tokens_of("/a~1b/m~0n"), (std::vector<std::string>{"a/b", "m~n"}));
  // ~01 is "~1", not "/": ~0 is unescaped once.
  EXPECT_EQ(tokens_of("/~01"), (std::vector<std::string>{"~1"}));
  EXPECT_EQ(tokens_of("/ a%20\"b\\"), (std::vector<std::string>{" a%20\"b\\"}));
}

TEST(json_pointer, errors_say_what_is_wrong) {
  auto no_slash = json_pointer::parse("note/id");
  ASSERT_FALSE(no_slash.has_value());
  EXPECT_NE(no_slash.error().find("\"note/id\""), std::string::npos);
  EXPECT_NE(no_slash.error().find("start with '/'"), std::string::npos);

  for (auto bad : {"/a~", "/a~2", "/~x/b"}) {
    auto p = json_pointer::parse(bad);
    ASSERT_FALSE(p.has_value()) << bad;
    EXPECT_NE(p.error().find("'~'"), std::string::npos) << p.error();
    EXPECT_NE(p.error().find(bad), std::string::npos) << p.error();
  }
}
