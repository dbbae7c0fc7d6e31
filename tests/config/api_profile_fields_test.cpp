// Tests of the API profile reader's fields: the answer pointers each
// operation needs, statuses, auth, the shard header and list pages, each
// refused with a message naming the field.

#include <string>

#include <gtest/gtest.h>

#include "config/api_profile_reader.hpp"
#include "tests/config/api_profile_fixture.hpp"

namespace throng::config {
namespace {

using protocol::operation;
using namespace profile_testing;

// The base profile with bearer auth, whose sign-up and log-in need tokens.
json bearer() {
  auto p = base();
  p["auth"] = {{"kind", "bearer"}};
  op(p, "signup")["answer"]["token"] = "/token";
  op(p, "login")["answer"]["token"] = "/token";
  return p;
}

TEST(api_profile_fields, answer_pointers_each_operation_needs) {
  struct need {
    const char* op;
    const char* key;
    const char* what;
  };
  const need needs[] = {
    {"signup", "account_id", "signup must tell the account's id"},
    {"login", "account_id", "login must tell the account's id"},
    {"create_note", "note_id", "create_note must tell the new note's id"},
    {"read_note", "content", "read_note must give the note's content"},
    {"list_notes", "items", "list_notes must give the list's array"},
    {"list_notes", "item_id", "list_notes must give each item's id"},
    {"list_notes", "item_content", "lists.contents is true"},
    {"list_notes", "next", "lists.pages.kind is cursor"},
  };
  for (const auto& n : needs) {
    auto p = base();
    op(p, n.op)["answer"].erase(n.key);
    expect_error(p, std::string{"operations."} + n.op + ".answer." + n.key,
                 std::string{"missing; "} + n.what);
  }
  auto no_answer = base();
  op(no_answer, "create_note").erase("answer");
  expect_error(no_answer, "operations.create_note.answer.note_id", "missing");
  auto optional = base();
  op(optional, "read_note")["answer"].erase("note_id");
  op(optional, "create_note")["answer"].erase("content");
  EXPECT_TRUE(parse(optional)) << parse(optional).error();
}

TEST(api_profile_fields, list_pointers_follow_the_lists) {
  auto no_contents = base();
  no_contents["lists"]["contents"] = false;
  expect_error(no_contents, "operations.list_notes.answer.item_content",
               "lists.contents is false: items carry none");
  op(no_contents, "list_notes")["answer"].erase("item_content");
  EXPECT_FALSE(parsed(no_contents).lists_carry_content);

  auto no_pages = base();
  no_pages["lists"].erase("pages");
  expect_error(no_pages, "operations.list_notes.answer.next",
               "only read when lists.pages.kind is cursor");
  auto bad = base();
  bad["lists"]["contents"] = "yes";
  expect_error(bad, "lists.contents", "expected true or false");
}

TEST(api_profile_fields, tokens_follow_the_auth) {
  auto p = bearer();
  EXPECT_EQ(parsed(p).at(operation::login).answer.token->text(), "/token");
  for (auto name : {"signup", "login"}) {
    auto missing = bearer();
    op(missing, name)["answer"].erase("token");
    expect_error(missing, std::string{"operations."} + name + ".answer.token",
                 "must give the session's token");
    auto header = missing;
    header["auth"] = {{"kind", "header"}, {"name", "X-Api-Token"}};
    expect_error(header, std::string{"operations."} + name + ".answer.token", "missing");
  }
  auto cookie = base();
  op(cookie, "login")["answer"]["token"] = "/token";
  expect_error(cookie, "operations.login.answer.token",
               "not read with cookie auth: the session is the cookie \"sid\"");
}

TEST(api_profile_fields, json_pointers_must_parse) {
  auto slash = base();
  op(slash, "create_note")["answer"]["note_id"] = "note/id";
  expect_error(slash, "operations.create_note.answer.note_id",
               "\"note/id\" is no JSON pointer");
  auto tilde = base();
  op(tilde, "list_notes")["answer"]["item_id"] = "/a~2";
  expect_error(tilde, "operations.list_notes.answer.item_id", "must be followed by 0 or 1");
  auto number = base();
  op(number, "signup")["answer"]["account_id"] = 1;
  expect_error(number, "operations.signup.answer.account_id",
               "expected a JSON pointer such as \"/id\", got 1");
  auto whole = base();
  op(whole, "list_notes")["answer"]["items"] = "";
  EXPECT_TRUE(parsed(whole).at(operation::list_notes).answer.items->tokens().empty());
}

TEST(api_profile_fields, statuses_are_integers_100_to_599) {
  const std::pair<json, std::string> bad[] = {
    {json::array({99}), "must be between 100 and 599, got 99"},
    {json::array({600}), "must be between 100 and 599, got 600"},
    {json::array({"200"}), "expected a whole number, got \"200\""},
    {json::array({200.5}), "expected a whole number, got 200.5"},
    {json::array({200, 200}), "status 200 is listed twice"},
  };
  for (const auto& [list, what] : bad) {
    auto p = base();
    op(p, "read_note")["unauthorized"] = list;
    auto field = "operations.read_note.unauthorized[" + std::to_string(list.size() - 1) + "]";
    expect_error(p, field, what);
  }
  auto empty = base();
  op(empty, "read_note")["success"] = json::array();
  expect_error(empty, "operations.read_note.success", "expected at least one status");
  auto scalar = base();
  op(scalar, "read_note")["success"] = 200;
  expect_error(scalar, "operations.read_note.success", "expected a list of HTTP statuses");
}

TEST(api_profile_fields, a_status_is_not_both_success_and_refusal) {
  auto given = base();
  op(given, "read_note")["success"] = {200, 410};
  expect_error(given, "operations.read_note.not_found",
               "status 410 is both a success and not_found of read_note");
  auto by_default = base();
  op(by_default, "signup")["success"] = {201, 409};
  expect_error(by_default, "operations.signup.success",
               "status 409 is both a success and conflict (by default) of signup");
  auto moved = base();
  op(moved, "signup")["success"] = {201, 409};
  op(moved, "signup")["conflict"] = {422};
  EXPECT_EQ(parsed(moved).at(operation::signup).conflict.codes, (std::vector<int>{422}));
}

TEST(api_profile_fields, auth_kinds_and_names) {
  auto header = bearer();
  header["auth"] = {{"kind", "header"}, {"name", "X-Api-Token"}};
  auto p = parsed(header);
  EXPECT_EQ(p.style.auth, http::auth_style::header);
  EXPECT_EQ(p.style.auth_name, "X-Api-Token");
  EXPECT_TRUE(p.style.session_cookie.empty());

  auto typo = base();
  typo["auth"]["kind"] = "cokie";
  expect_error(typo, "auth.kind", "unknown auth kind \"cokie\"; did you mean \"cookie\"?");
  auto nameless = bearer();
  nameless["auth"] = {{"kind", "header"}};
  expect_error(nameless, "auth.name", "missing; header auth needs the header's name");
  auto cookie = base();
  cookie["auth"].erase("name");
  expect_error(cookie, "auth.name", "missing; cookie auth needs the cookie's name");
  auto bearer_name = bearer();
  bearer_name["auth"]["name"] = "X";
  expect_error(bearer_name, "auth.name", "not used with bearer auth");
  auto spaced = bearer();
  spaced["auth"] = {{"kind", "header"}, {"name", "X Api"}};
  expect_error(spaced, "auth.name", "\"X Api\" is no valid header name");
  auto colon = base();
  colon["auth"]["name"] = "sid:";
  expect_error(colon, "auth.name", "\"sid:\" is no valid cookie name");
  auto kind_only = bearer();
  kind_only.erase("auth");
  EXPECT_EQ(parsed(kind_only).style.auth, http::auth_style::bearer);
}

TEST(api_profile_fields, shard_header) {
  auto none = base();
  none["shard_header"] = nullptr;
  EXPECT_TRUE(parsed(none).style.shard_header.empty());
  auto bad = base();
  bad["shard_header"] = "X Shard";
  expect_error(bad, "shard_header", "\"X Shard\" is no valid header name");
  auto empty = base();
  empty["shard_header"] = "";
  expect_error(empty, "shard_header", "\"\" is no valid header name");
  auto number = base();
  number["shard_header"] = 5;
  expect_error(number, "shard_header", "expected a header name, or null for none, got 5");
}

TEST(api_profile_fields, page_and_offset_pages) {
  auto page = base();
  page["lists"]["pages"] = {{"kind", "page"}, {"param", "p"}, {"first_page", 0}};
  op(page, "list_notes")["answer"].erase("next");
  auto p = parsed(page);
  EXPECT_EQ(p.paging.kind, model::page_kind::page);
  EXPECT_EQ(p.paging.param, "p");
  EXPECT_EQ(p.paging.first_page, 0u);
  EXPECT_EQ(p.paging.max_pages, 100u);
  EXPECT_TRUE(p.paging.size_param.empty());

  auto offset = page;
  offset["lists"]["pages"] = {{"kind", "offset"}, {"param", "offset"}, {"size", 10}};
  auto o = parsed(offset);
  EXPECT_EQ(o.paging.kind, model::page_kind::offset);
  EXPECT_EQ(o.paging.first_page, 1u);
  EXPECT_EQ(o.paging.size, 10u);
}

TEST(api_profile_fields, pages_rules) {
  struct bad_case {
    json pages;
    const char* field;
    const char* what;
  };
  const bad_case cases[] = {
    {{{"param", "p"}}, "lists.pages.kind", "missing; one of page, offset, cursor"},
    {{{"kind", "pages"}, {"param", "p"}}, "lists.pages.kind",
     "unknown page kind \"pages\"; did you mean \"page\"?"},
    {{{"kind", "cursor"}}, "lists.pages.param", "missing; the query parameter"},
    {{{"kind", "cursor"}, {"param", "a&b"}}, "lists.pages.param",
     "\"a&b\" cannot name a query parameter"},
    {{{"kind", "cursor"}, {"param", "a"}, {"first_page", 1}}, "lists.pages.first_page",
     "only the page kind numbers its pages"},
    {{{"kind", "cursor"}, {"param", "a"}, {"max_pages", 0}}, "lists.pages.max_pages",
     "must be between 1 and 10000, got 0"},
    {{{"kind", "cursor"}, {"param", "a"}, {"max_pages", 10001}}, "lists.pages.max_pages",
     "must be between 1 and 10000"},
    {{{"kind", "cursor"}, {"param", "a"}, {"size_param", "n"}}, "lists.pages.size",
     "missing; size_param needs the size"},
    {{{"kind", "cursor"}, {"param", "a"}, {"size", 0}}, "lists.pages.size",
     "must be between 1 and 10000"},
  };
  for (const auto& c : cases) {
    auto p = base();
    p["lists"]["pages"] = c.pages;
    expect_error(p, c.field, c.what);
  }
}

} // namespace
} // namespace throng::config
