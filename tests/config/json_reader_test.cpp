// Tests of json_reader: the paths its messages name, its type and range
// errors, unknown keys with "did you mean", and its first-problem-wins rule.

#include "config/json_reader.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace throng::config {
namespace {

json_reader parsed(std::string_view text) {
  auto r = json_reader::parse(text, "f.json", 16);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(r).value();
}

// The message of the first problem reported, or "" when none was.
std::string message(const json_reader& r) {
  auto e = r.error();
  return e ? e->message : "";
}

TEST(json_reader, paths_name_members_and_elements) {
  auto root = parsed(R"({"populations": [{"think": {}}, {"think": {"mean": 5}}]})");
  EXPECT_EQ(root.path(), "");
  auto mean = root.member("populations").element(1).member("think").member("mean");
  EXPECT_EQ(mean.path(), "populations[1].think.mean");
  EXPECT_TRUE(mean.present());
  EXPECT_EQ(mean.whole(0, 10), 5u);
  EXPECT_FALSE(root.failed());
}

TEST(json_reader, a_problem_names_the_label_and_the_path) {
  auto root = parsed(R"({"populations": [{}, {"think_time": "soon"}]})");
  auto v = root.member("populations").element(1).member("think_time");
  EXPECT_EQ(v.whole(1, 5), std::nullopt);
  auto e = root.error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "populations[1].think_time");
  EXPECT_EQ(e->message,
            "f.json: populations[1].think_time: expected a whole number, got \"soon\"");
}

TEST(json_reader, a_problem_at_the_root_has_no_path) {
  auto root = parsed("[1]");
  EXPECT_FALSE(root.object("settings"));
  EXPECT_EQ(message(root), "f.json: expected settings (a JSON object), got [1]");
  EXPECT_EQ(root.error()->field, "");
}

TEST(json_reader, missing_values_are_absent_but_keep_their_path) {
  auto root = parsed(R"({"a": [1]})");
  auto missing = root.member("b").member("c");
  EXPECT_FALSE(missing.present());
  EXPECT_FALSE(root.member("a").element(3).present());
  EXPECT_FALSE(root.member("a").member("x").present()); // an array has no members
  missing.fail("missing; needed");
  EXPECT_EQ(message(root), "f.json: b.c: missing; needed");
}

TEST(json_reader, null_is_told_apart_and_the_raw_value_is_the_parsed_one) {
  auto root = parsed(R"({"a": null, "b": "null", "c": {"x": [1, "y"]}})");
  EXPECT_TRUE(root.member("a").is_null());
  EXPECT_FALSE(root.member("b").is_null());
  EXPECT_FALSE(root.member("missing").is_null());
  EXPECT_EQ(root.member("missing").raw(), nullptr);
  ASSERT_NE(root.member("c").raw(), nullptr);
  EXPECT_EQ(root.member("c").raw()->dump(), R"({"x":[1,"y"]})");
}

TEST(json_reader, the_first_problem_wins) {
  auto root = parsed(R"({"a": "x", "b": true})");
  EXPECT_FALSE(root.member("a").flag());
  EXPECT_FALSE(root.member("b").text());
  EXPECT_TRUE(root.failed());
  EXPECT_EQ(message(root), "f.json: a: expected true or false, got \"x\"");
}

TEST(json_reader, type_errors_say_what_was_expected_and_what_came) {
  auto first = [&](auto read) {
    auto r = parsed(R"({"n": "3", "s": 3, "e": "", "b": null, "o": [], "l": {}, "x": []})");
    read(r);
    return message(r);
  };
  EXPECT_EQ(first([](auto& r) { r.member("n").number_from(0); }),
            "f.json: n: expected a number, got \"3\"");
  EXPECT_EQ(first([](auto& r) { r.member("s").text(); }),
            "f.json: s: expected a string, got 3");
  EXPECT_EQ(first([](auto& r) { r.member("e").text(); }), "f.json: e: must not be empty");
  EXPECT_EQ(first([](auto& r) { r.member("s").string("a name"); }),
            "f.json: s: expected a name, got 3");
  EXPECT_EQ(first([](auto& r) { r.member("b").flag(); }),
            "f.json: b: expected true or false, got null");
  EXPECT_EQ(first([](auto& r) { r.member("o").object("a stage"); }),
            "f.json: o: expected a stage (a JSON object), got []");
  EXPECT_EQ(first([](auto& r) { r.member("l").array("stages"); }),
            "f.json: l: expected stages (a JSON array), got {}");
  EXPECT_EQ(first([](auto& r) { r.member("x").array("stages"); }),
            "f.json: x: expected stages, got an empty array");
  EXPECT_EQ(first([](auto& r) { r.member("absent").flag(); }),
            "f.json: absent: expected true or false, got nothing");
}

TEST(json_reader, whole_numbers_are_checked_against_their_range) {
  auto check = [](std::string_view value, std::size_t lo, std::size_t hi) {
    auto r = parsed(std::string{R"({"n": )"} + std::string{value} + "}");
    auto n = r.member("n").whole(lo, hi);
    return n ? std::to_string(*n) : message(r);
  };
  EXPECT_EQ(check("7", 1, 10), "7");
  EXPECT_EQ(check("1", 1, 10), "1");
  EXPECT_EQ(check("10", 1, 10), "10");
  EXPECT_EQ(check("11", 1, 10), "f.json: n: must be between 1 and 10, got 11");
  EXPECT_EQ(check("-1", 0, 10), "f.json: n: must be between 0 and 10, got -1");
  EXPECT_EQ(check("0", 1, json_reader::no_limit), "f.json: n: must be at least 1, got 0");
  EXPECT_EQ(check("2.5", 1, 10), "f.json: n: expected a whole number, got 2.5");
}

TEST(json_reader, numbers_are_checked_against_open_or_closed_bounds) {
  auto above = [](std::string_view value) {
    auto r = parsed(std::string{R"({"x": )"} + std::string{value} + "}");
    auto x = r.member("x").number_above(0, 1);
    return x ? std::to_string(*x) : message(r);
  };
  EXPECT_EQ(above("0.5"), std::to_string(0.5));
  EXPECT_EQ(above("1"), std::to_string(1.0));
  EXPECT_EQ(above("0"), "f.json: x: must be more than 0, got 0");
  EXPECT_EQ(above("1.5"), "f.json: x: must be at most 1, got 1.5");
  auto r = parsed(R"({"zero": 0, "neg": -0.25})");
  EXPECT_EQ(r.member("zero").number_from(0), 0.0);
  EXPECT_EQ(r.member("neg").number_from(0), std::nullopt);
  EXPECT_EQ(message(r), "f.json: neg: must be at least 0, got -0.25");
}

TEST(json_reader, long_values_are_cut_in_messages) {
  auto r = parsed(R"({"s": ["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"]})");
  EXPECT_EQ(r.member("s").describe(), R"(["aaaaaaaaaa","bbbbbbbbbb","ccccccccc...)");
  EXPECT_EQ(r.member("s").describe().size(), 40u);
}

TEST(json_reader, read_members_reads_known_keys_and_suggests_for_a_typo) {
  auto r = parsed(R"({"name": "a", "rpn": 5})");
  std::string name;
  std::vector<json_field> fields{
    {"name", [&](const json_reader& v) { name = v.text().value_or(""); }},
    {"rpm", [](const json_reader&) {}},
  };
  r.read_members(fields);
  EXPECT_EQ(name, "a");
  EXPECT_EQ(r.error()->field, "rpn");
  EXPECT_EQ(message(r), "f.json: rpn: unknown key; did you mean \"rpm\"?");
}

TEST(json_reader, an_unknown_key_far_from_all_lists_the_known_ones) {
  auto r = parsed(R"({"stage": {"colour": 1}})");
  const std::vector<std::string_view> known{"duration", "accounts", "rpm"};
  r.member("stage").check_keys(known);
  EXPECT_EQ(message(r),
            "f.json: stage.colour: unknown key (expected one of: duration, accounts, rpm)");
}

TEST(json_reader, members_come_in_key_order_and_problems_in_that_order) {
  auto r = parsed(R"({"zz": 1, "b": "x", "a": 2})");
  std::vector<std::string> seen;
  r.for_each_member([&](std::string_view key, const json_reader&) { seen.emplace_back(key); });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "zz"}));
  r.read_members({{"a", [](const json_reader&) {}},
                  {"b", [](const json_reader& v) { v.flag(); }}});
  EXPECT_EQ(message(r), "f.json: b: expected true or false, got \"x\"");
}

TEST(json_reader, elements_are_read_with_their_index) {
  auto r = parsed(R"({"ops": ["read", "rea", 3]})");
  std::vector<std::string> paths;
  r.member("ops").for_each_element([&](const json_reader& e) { paths.push_back(e.path()); });
  EXPECT_EQ(paths, (std::vector<std::string>{"ops[0]", "ops[1]", "ops[2]"}));
  const std::vector<std::string_view> ops{"read", "write"};
  r.member("ops").element(1).fail_unknown("operation", "rea", ops);
  EXPECT_EQ(message(r), "f.json: ops[1]: unknown operation \"rea\"; did you mean \"read\"?");
}

TEST(json_reader, suggestions_pick_the_closest_name_or_list_them_all) {
  const std::vector<std::string_view> names{"constant", "uniform", "exponential"};
  EXPECT_EQ(json_reader::suggestion("unifrom", names), "; did you mean \"uniform\"?");
  EXPECT_EQ(json_reader::suggestion("exponental", names), "; did you mean \"exponential\"?");
  EXPECT_EQ(json_reader::suggestion("zzz", names),
            " (expected one of: constant, uniform, exponential)");
}

TEST(json_reader, comments_are_allowed) {
  auto r = parsed("// a scenario\n{\"a\": /* inline */ true}");
  EXPECT_EQ(r.member("a").flag(), true);
}

TEST(json_reader, a_syntax_error_gives_its_line_and_column) {
  auto r = json_reader::parse("{\n  \"a\": 1,\n  \"b\" 2\n}", "f.json", 16);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 3u);
  EXPECT_EQ(r.error().column, 7u);
  EXPECT_EQ(r.error().message.substr(0, 25), "f.json:3:7: not valid JSO");
}

TEST(json_reader, deep_nesting_is_refused_before_parsing) {
  auto r = json_reader::parse("[[[[1]]]]", "f.json", 3);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "f.json: nested deeper than 3 levels");
  EXPECT_TRUE(json_reader::parse("[[[1]]]", "f.json", 3));
}

} // namespace
} // namespace throng::config
