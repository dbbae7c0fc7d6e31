// Tests of the JSON codecs: round trips, the documented JSON, and the bodies
// decoding rejects (not JSON, bad UTF-8, missing fields, deep nesting).

#include "protocol/codec.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace throng::protocol;

namespace {

template <class T>
T round_trip(const T& x) {
  auto decoded = decode<T>(encode(x));
  EXPECT_TRUE(decoded.has_value()) << decoded.error().message;
  return decoded ? decoded.value() : T{};
}

template <class T>
std::string decode_failure(std::string_view body) {
  auto decoded = decode<T>(body);
  EXPECT_FALSE(decoded.has_value()) << "decoded: " << body;
  return decoded ? std::string{} : decoded.error().message;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// Text with quotes, escapes, control characters and multi-byte UTF-8.
const std::string tricky = "a \"quoted\" \\ line\nnext\ttab \x01 "
                           "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";

} // namespace

TEST(codec, round_trip_credentials) {
  auto x = round_trip(credentials{"alice", tricky});
  EXPECT_EQ(x.name, "alice");
  EXPECT_EQ(x.password, tricky);
}

TEST(codec, round_trip_account_created) {
  auto x = round_trip(account_created{"a1", "alice", "t0k"});
  EXPECT_EQ(x.id, "a1");
  EXPECT_EQ(x.name, "alice");
  EXPECT_EQ(x.token, "t0k");
}

TEST(codec, round_trip_session_created) {
  auto x = round_trip(session_created{"a1", "t1"});
  EXPECT_EQ(x.account_id, "a1");
  EXPECT_EQ(x.token, "t1");
}

TEST(codec, round_trip_account_info) {
  auto x = round_trip(account_info{"a1", "alice", 42});
  EXPECT_EQ(x.id, "a1");
  EXPECT_EQ(x.name, "alice");
  EXPECT_EQ(x.note_count, 42);
  EXPECT_EQ(round_trip(account_info{"a", "b", INT64_MAX}).note_count,
            INT64_MAX);
}

TEST(codec, round_trip_account_update) {
  EXPECT_EQ(round_trip(account_update{tricky}).name, tricky);
}

TEST(codec, round_trip_note_content) {
  EXPECT_EQ(round_trip(note_content{tricky}).content, tricky);
  EXPECT_EQ(round_trip(note_content{""}).content, "");
  std::string big(max_content_bytes, 'z');
  EXPECT_EQ(round_trip(note_content{big}).content, big);
}

TEST(codec, round_trip_note) {
  auto x = round_trip(note{"n1", tricky});
  EXPECT_EQ(x.id, "n1");
  EXPECT_EQ(x.content, tricky);
}

TEST(codec, round_trip_note_list) {
  note_list list{{{"n1", "one"}, {"n2", tricky}, {"n3", ""}}};
  auto x = round_trip(list);
  ASSERT_EQ(x.notes.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(x.notes[i].id, list.notes[i].id);
    EXPECT_EQ(x.notes[i].content, list.notes[i].content);
  }
  EXPECT_TRUE(round_trip(note_list{}).notes.empty());
}

TEST(codec, round_trip_error_body) {
  EXPECT_EQ(round_trip(error_body{"no such note"}).error, "no such note");
}

TEST(codec, encode_produces_the_documented_json) {
  auto j = nlohmann::json::parse(encode(account_info{"a1", "alice", 3}));
  EXPECT_EQ(j, (nlohmann::json{{"id", "a1"}, {"name", "alice"},
                                {"note_count", 3}}));
  j = nlohmann::json::parse(encode(note_list{{{"n1", "x"}}}));
  EXPECT_EQ(j, nlohmann::json::parse(R"({"notes":[{"id":"n1","content":"x"}]})"));
  j = nlohmann::json::parse(encode(note_list{}));
  EXPECT_EQ(j, nlohmann::json::parse(R"({"notes":[]})"));
}

TEST(codec, encode_replaces_invalid_utf8_instead_of_throwing) {
  std::string body;
  EXPECT_NO_THROW(body = encode(note_content{"ok \xff\xfe end"}));
  auto x = decode<note_content>(body);
  ASSERT_TRUE(x.has_value()) << x.error().message;
  EXPECT_EQ(x->content, "ok \xef\xbf\xbd\xef\xbf\xbd end");
}

TEST(codec, unknown_fields_are_ignored) {
  auto x = decode<note>(R"({"id":"n1","extra":[1,{"a":null}],"content":"c"})");
  ASSERT_TRUE(x.has_value()) << x.error().message;
  EXPECT_EQ(x->id, "n1");
  EXPECT_EQ(x->content, "c");
}

TEST(codec, whitespace_around_the_document_is_allowed) {
  auto x = decode<note_content>(" \r\n\t{ \"content\" : \"c\" }\n");
  ASSERT_TRUE(x.has_value()) << x.error().message;
  EXPECT_EQ(x->content, "c");
}

TEST(codec, rejects_bodies_that_are_not_json) {
  EXPECT_TRUE(contains(decode_failure<note_content>(""), "not valid JSON"));
  EXPECT_TRUE(contains(decode_failure<note_content>("   "), "not valid JSON"));
  EXPECT_TRUE(
    contains(decode_failure<note_content>("content=x"), "not valid JSON"));
  EXPECT_TRUE(contains(decode_failure<note_content>(R"({"content":"x")"),
                       "not valid JSON"));
  EXPECT_TRUE(contains(decode_failure<note_content>(R"({"content":"x)"),
                       "not valid JSON"));
  EXPECT_TRUE(contains(decode_failure<note_content>(R"({"content":"x"} {})"),
                       "not valid JSON"));
  EXPECT_TRUE(contains(decode_failure<note_content>(R"({'content':'x'})"),
                       "not valid JSON"));
  EXPECT_TRUE(contains(
    decode_failure<note_content>("{\"content\":\"x\"} // comment"),
    "not valid JSON"));
}

TEST(codec, parse_errors_drop_the_library_tag) {
  auto msg = decode_failure<note_content>("{");
  EXPECT_EQ(msg.rfind("not valid JSON: ", 0), 0u) << msg;
  EXPECT_FALSE(contains(msg, "json.exception")) << msg;
}

TEST(codec, rejects_invalid_utf8) {
  EXPECT_TRUE(contains(decode_failure<note_content>("{\"content\":\"\xff\"}"),
                       "not valid JSON"));
  // An overlong encoding of '/', and a lone continuation byte.
  EXPECT_TRUE(contains(
    decode_failure<note_content>("{\"content\":\"\xc0\xaf\"}"),
    "not valid JSON"));
  EXPECT_TRUE(contains(
    decode_failure<note_content>("{\"content\":\"a\x80\"}"), "not valid JSON"));
  // A truncated multi-byte sequence.
  EXPECT_TRUE(contains(
    decode_failure<note_content>("{\"content\":\"\xe2\x82\"}"),
    "not valid JSON"));
}

TEST(codec, rejects_documents_that_are_not_objects) {
  for (auto body : {R"([{"content":"x"}])", "null", "\"content\"", "42",
                    "true"})
    EXPECT_EQ(decode_failure<note_content>(body), "expected a JSON object")
      << body;
}

TEST(codec, names_a_missing_field) {
  EXPECT_EQ(decode_failure<note_content>("{}"), "field 'content': missing");
  EXPECT_EQ(decode_failure<credentials>(R"({"name":"a"})"),
            "field 'password': missing");
  EXPECT_EQ(decode_failure<account_info>(R"({"id":"a","name":"b"})"),
            "field 'note_count': missing");
  EXPECT_EQ(decode_failure<note_list>(R"({"note":[]})"),
            "field 'notes': missing");
  EXPECT_EQ(decode_failure<session_created>(R"({"token":"t"})"),
            "field 'account_id': missing");
  EXPECT_EQ(decode_failure<account_created>(R"({"id":"a","name":"b"})"),
            "field 'token': missing");
  EXPECT_EQ(decode_failure<error_body>(R"({"message":"x"})"),
            "field 'error': missing");
  EXPECT_EQ(decode_failure<account_update>(R"({"Name":"x"})"),
            "field 'name': missing");
  EXPECT_EQ(decode_failure<note>(R"({"content":"x"})"), "field 'id': missing");
}

TEST(codec, names_a_mistyped_field) {
  EXPECT_EQ(decode_failure<note_content>(R"({"content":1})"),
            "field 'content': expected a string");
  EXPECT_EQ(decode_failure<note_content>(R"({"content":null})"),
            "field 'content': expected a string");
  EXPECT_EQ(decode_failure<note_content>(R"({"content":["x"]})"),
            "field 'content': expected a string");
  EXPECT_EQ(decode_failure<credentials>(R"({"name":"a","password":false})"),
            "field 'password': expected a string");
  EXPECT_EQ(decode_failure<account_info>(
              R"({"id":"a","name":"b","note_count":"3"})"),
            "field 'note_count': expected an integer");
  EXPECT_EQ(decode_failure<account_info>(
              R"({"id":"a","name":"b","note_count":1.5})"),
            "field 'note_count': expected an integer");
  EXPECT_EQ(decode_failure<account_info>(
              R"({"id":"a","name":"b","note_count":null})"),
            "field 'note_count': expected an integer");
  EXPECT_EQ(decode_failure<account_info>(
              R"({"id":"a","name":"b","note_count":9223372036854775808})"),
            "field 'note_count': integer out of range");
}

TEST(codec, first_problem_wins) {
  EXPECT_EQ(decode_failure<credentials>(R"({"name":1})"),
            "field 'name': expected a string");
}

TEST(codec, negative_note_count_decodes) {
  auto x = decode<account_info>(R"({"id":"a","name":"b","note_count":-1})");
  ASSERT_TRUE(x.has_value()) << x.error().message;
  EXPECT_EQ(x->note_count, -1);
}

TEST(codec, checks_every_listed_note) {
  EXPECT_EQ(decode_failure<note_list>(R"({"notes":{}})"),
            "field 'notes': expected an array");
  EXPECT_EQ(decode_failure<note_list>(R"({"notes":null})"),
            "field 'notes': expected an array");
  EXPECT_EQ(decode_failure<note_list>(
              R"({"notes":[{"id":"n1","content":"x"},"n2"]})"),
            "field 'notes': element 1: expected a JSON object");
  EXPECT_EQ(decode_failure<note_list>(
              R"({"notes":[{"id":"n1","content":"x"},{"id":"n2"}]})"),
            "field 'notes[1].content': missing");
  EXPECT_EQ(decode_failure<note_list>(R"({"notes":[{"id":7,"content":"x"}]})"),
            "field 'notes[0].id': expected a string");
}

TEST(codec, rejects_deep_nesting_before_parsing) {
  std::string deep = R"({"content":"x","extra":)";
  deep += std::string(100000, '[');
  deep += std::string(100000, ']');
  deep += "}";
  EXPECT_TRUE(
    contains(decode_failure<note_content>(deep), "nested deeper than 64"));
  // Unbalanced hostile input is rejected too, and quickly.
  EXPECT_FALSE(decode<note_content>(std::string(1 << 20, '{')).has_value());
}

TEST(codec, brackets_inside_strings_do_not_count_as_nesting) {
  std::string content(1000, '[');
  content += "\\\"{{{{";
  auto x = decode<note_content>("{\"content\":\"" + content + "\"}");
  ASSERT_TRUE(x.has_value()) << x.error().message;
  EXPECT_EQ(x->content, std::string(1000, '[') + "\"{{{{");
}

TEST(codec, moderate_nesting_in_unknown_fields_is_fine) {
  std::string body = R"({"content":"x","extra":)";
  body += std::string(60, '[');
  body += std::string(60, ']');
  body += "}";
  auto x = decode<note_content>(body);
  ASSERT_TRUE(x.has_value()) << x.error().message;
  EXPECT_EQ(x->content, "x");
}
