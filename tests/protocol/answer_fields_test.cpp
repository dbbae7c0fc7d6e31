// Tests of extract_answer: values at pointers, ids as text, lists, cursors,
// and errors that name the field and its pointer.

#include "protocol/answer_fields.hpp"

#include <string>

#include <gtest/gtest.h>

using namespace throng::protocol;

namespace {

json_pointer ptr(std::string_view text) {
  auto p = json_pointer::parse(text);
  EXPECT_TRUE(p.has_value()) << text;
  return p ? *p : json_pointer{};
}

std::string error_of(std::string_view body, const answer_fields& f, std::size_t max = 10000) {
  auto a = extract_answer(body, f, max);
  EXPECT_FALSE(a.has_value()) << body;
  return a ? std::string{} : a.error();
}

} // namespace

TEST(answer_fields, reads_values_at_pointers) {
  answer_fields f;
  f.account_id = ptr("/id");
  f.token = ptr("/auth/token");
  f.name = ptr("/username");
  auto a = extract_answer(R"({"id":"a1","username":"alice","auth":{"token":"t0"}})", f);
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_EQ(a->account_id, "a1");
  EXPECT_EQ(a->token, "t0");
  EXPECT_EQ(a->name, "alice");
  EXPECT_FALSE(a->content.has_value());
  EXPECT_FALSE(a->next.has_value());
  EXPECT_TRUE(a->items.empty());
}

TEST(answer_fields, integer_ids_come_as_decimal_text) {
  answer_fields f;
  f.account_id = ptr("/a");
  f.note_id = ptr("/n");
  auto a = extract_answer(R"({"a":-42,"n":18446744073709551615})", f);
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_EQ(a->account_id, "-42");
  EXPECT_EQ(a->note_id, "18446744073709551615");
}

TEST(answer_fields, content_is_set_when_read) {
  answer_fields f;
  f.note_id = ptr("/note/id");
  f.content = ptr("/note/body");
  auto a = extract_answer(R"({"note":{"id":7,"body":"caf\u00e9 \"q\""}})", f);
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_EQ(a->note_id, "7");
  ASSERT_TRUE(a->content.has_value());
  EXPECT_EQ(*a->content, "caf\xC3\xA9 \"q\"");
}

TEST(answer_fields, pointers_index_arrays_and_unescape_keys) {
  answer_fields f;
  f.note_id = ptr("/data/1/id");
  f.name = ptr("/a~1b/m~0n");
  auto a = extract_answer(R"({"data":[{"id":"x"},{"id":"y"}],"a/b":{"m~n":"k"}})", f);
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_EQ(a->note_id, "y");
  EXPECT_EQ(a->name, "k");
  for (auto bad : {"/data/01/id", "/data/-/id", "/data/2/id", "/data/+1/id", "/data//id"}) {
    f.note_id = ptr(bad);
    EXPECT_NE(error_of(R"({"data":[{"id":"x"},{"id":"y"}],"a/b":{"m~n":"k"}})", f)
                .find("nothing there"),
              std::string::npos)
      << bad;
  }
}

TEST(answer_fields, lists_with_items_and_contents) {
  answer_fields f;
  f.items = ptr("/items");
  f.item_id = ptr("/id");
  f.item_content = ptr("/body");
  f.next = ptr("/next");
  auto a = extract_answer(
    R"({"items":[{"id":"n1","body":"one"},{"id":2,"body":""}],"next":"c2"})", f);
  ASSERT_TRUE(a.has_value()) << a.error();
  ASSERT_EQ(a->items.size(), 2u);
  EXPECT_EQ(a->items[0].id, "n1");
  EXPECT_EQ(a->items[0].content, "one");
  EXPECT_EQ(a->items[1].id, "2");
  EXPECT_EQ(a->items[1].content, "");
  EXPECT_EQ(a->next, "c2");
}

TEST(answer_fields, list_without_contents_and_whole_body_array) {
  answer_fields f;
  f.items = ptr("");
  f.item_id = ptr("/id");
  auto a = extract_answer(R"([{"id":"n1","body":"ignored"},{"id":"n2"}])", f);
  ASSERT_TRUE(a.has_value()) << a.error();
  ASSERT_EQ(a->items.size(), 2u);
  EXPECT_EQ(a->items[1].id, "n2");
  EXPECT_FALSE(a->items[0].content.has_value());

  auto empty = extract_answer("[]", f);
  ASSERT_TRUE(empty.has_value()) << empty.error();
  EXPECT_TRUE(empty->items.empty());
}

TEST(answer_fields, cursor_ends_when_absent_null_or_empty) {
  answer_fields f;
  f.next = ptr("/page/next");
  for (auto body : {R"({})", R"({"page":{}})", R"({"page":{"next":null}})",
                    R"({"page":{"next":""}})"}) {
    auto a = extract_answer(body, f);
    ASSERT_TRUE(a.has_value()) << body << ": " << a.error();
    EXPECT_FALSE(a->next.has_value()) << body;
  }
  auto numeric = extract_answer(R"({"page":{"next":50}})", f);
  ASSERT_TRUE(numeric.has_value()) << numeric.error();
  EXPECT_EQ(numeric->next, "50");
  EXPECT_NE(error_of(R"({"page":{"next":true}})", f).find("next \"/page/next\""),
            std::string::npos);
}

TEST(answer_fields, nothing_to_read_reads_no_body) {
  auto a = extract_answer("", answer_fields{});
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_TRUE(a->account_id.empty());
  EXPECT_TRUE(extract_answer("not json", answer_fields{}).has_value());
}

TEST(answer_fields, errors_name_field_and_pointer) {
  answer_fields f;
  f.note_id = ptr("/note/id");
  EXPECT_EQ(error_of(R"({"note":{}})", f), R"(note_id "/note/id": nothing there)");
  EXPECT_EQ(error_of(R"({"note":{"id":1.5}})", f),
            R"(note_id "/note/id": expected a string or an integer, got 1.5)");
  EXPECT_EQ(error_of(R"({"note":"x"})", f), R"(note_id "/note/id": nothing there)");

  answer_fields t;
  t.token = ptr("/token");
  EXPECT_EQ(error_of(R"({"token":12})", t), R"(token "/token": expected a string, got 12)");
  answer_fields c;
  c.content = ptr("/c");
  EXPECT_EQ(error_of(R"({"c":null})", c), R"(content "/c": expected a string, got null)");
}

TEST(answer_fields, item_errors_name_the_item) {
  answer_fields f;
  f.items = ptr("/items");
  f.item_id = ptr("/id");
  f.item_content = ptr("/body");
  EXPECT_EQ(error_of(R"({"items":[{"id":"a","body":"x"},{"id":"b"}]})", f),
            R"(item 1 of "/items": item_content "/body": nothing there)");
  EXPECT_EQ(error_of(R"({"items":{"id":"a"}})", f),
            R"(items "/items": expected an array, got {"id":"a"})");
  EXPECT_EQ(error_of(R"({"items":[{"id":"a","body":"x"},{"id":"b","body":"y"}]})", f, 1),
            R"(items "/items": more than 1 items)");
  EXPECT_EQ(error_of(R"({})", f), R"(items "/items": nothing there)");
}

TEST(answer_fields, bad_bodies_are_errors_not_exceptions) {
  answer_fields f;
  f.account_id = ptr("/id");
  EXPECT_NE(error_of("", f).find("answer is not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(R"({"id":)", f).find("answer is not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("{\"id\":\"\xFF\"}", f).find("answer is not valid JSON"),
            std::string::npos);
  std::string deep(100, '[');
  EXPECT_NE(error_of(deep, f).find("nested deeper than 64"), std::string::npos);
  auto long_value = error_of(R"({"id":[1111111111,2222222222,3333333333,4444444444]})", f);
  EXPECT_NE(long_value.find("got [1111111111,2222222222,3333333333,444..."), std::string::npos)
    << long_value;
}
