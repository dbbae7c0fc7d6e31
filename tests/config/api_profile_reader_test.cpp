// Tests of the API profile reader: every rule of the format refused with a
// message naming the field, and a good profile compiled to its mapping.

#include "config/api_profile_reader.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tests/config/api_profile_fixture.hpp"

namespace throng::config {
namespace {

using protocol::operation;
using protocol::template_field;
using namespace profile_testing;

TEST(api_profile_reader, compiles_a_good_profile) {
  auto p = parsed(base());
  EXPECT_EQ(p.name, "cookie-notes");
  EXPECT_EQ(p.style.auth, http::auth_style::cookie);
  EXPECT_EQ(p.style.auth_name, "sid");
  EXPECT_EQ(p.style.session_cookie, "sid");
  EXPECT_EQ(p.style.shard_header, "X-Backend");
  EXPECT_TRUE(p.lists_carry_content);
  EXPECT_EQ(p.paging.kind, model::page_kind::cursor);
  EXPECT_EQ(p.paging.param, "after");
  EXPECT_EQ(p.paging.size_param, "limit");
  EXPECT_EQ(p.paging.size, 25u);
  EXPECT_EQ(p.paging.max_pages, 50u);

  for (auto o : {operation::signup, operation::login, operation::create_note,
                 operation::read_note, operation::delete_note, operation::list_notes})
    EXPECT_TRUE(p.has(o)) << protocol::to_string(o);
  for (auto o : {operation::logout, operation::read_account, operation::update_account,
                 operation::update_note})
    EXPECT_FALSE(p.has(o)) << protocol::to_string(o);

  const auto& signup = p.at(operation::signup);
  EXPECT_EQ(signup.verb, http::method::post);
  EXPECT_EQ(signup.path.render({}), "/users");
  EXPECT_EQ(signup.body.render({.name = "al\"ice", .password = "pw"}),
            R"({"secret":"pw","username":"al\"ice"})");
  EXPECT_EQ(signup.success.codes, (std::vector<int>{201}));
  EXPECT_EQ(signup.conflict.codes, (std::vector<int>{409}));
  ASSERT_TRUE(signup.answer.account_id);
  EXPECT_EQ(signup.answer.account_id->text(), "/id");
  EXPECT_FALSE(signup.answer.token);
}

TEST(api_profile_reader, compiles_defaults_and_templates) {
  auto p = parsed(base());
  const auto& login = p.at(operation::login);
  EXPECT_EQ(login.success.codes, (std::vector<int>{200, 201}));
  EXPECT_EQ(login.not_found.codes, (std::vector<int>{404}));
  EXPECT_EQ(login.unauthorized.codes, (std::vector<int>{401}));

  const auto& create = p.at(operation::create_note);
  EXPECT_EQ(create.path.render({.account_id = "u 1"}), "/users/u%201/notes");
  EXPECT_EQ(create.body.render({.content = "a\nb"}), R"({"note":{"body":"a\nb","tags":["t"]}})");
  EXPECT_TRUE(create.body.uses(template_field::content));

  const auto& read = p.at(operation::read_note);
  EXPECT_EQ(read.verb, http::method::get);
  EXPECT_TRUE(read.body.empty());
  EXPECT_EQ(read.success.codes, (std::vector<int>{200}));
  EXPECT_EQ(read.not_found.codes, (std::vector<int>{404, 410}));
  EXPECT_EQ(read.path.render({.account_id = "u1", .note_id = "n/2"}), "/notes/n%2F2?user=u1");

  const auto& del = p.at(operation::delete_note);
  EXPECT_EQ(del.success.codes, (std::vector<int>{204}));
  EXPECT_TRUE(del.conflict.codes.empty());

  const auto& list = p.at(operation::list_notes);
  ASSERT_TRUE(list.answer.items && list.answer.item_id && list.answer.item_content
              && list.answer.next);
  EXPECT_EQ(list.answer.items->text(), "/items");
  EXPECT_EQ(list.answer.next->text(), "/next");
}

TEST(api_profile_reader, defaults_of_a_bare_profile) {
  auto profile = base();
  profile.erase("auth");
  profile.erase("shard_header");
  profile.erase("lists");
  op(profile, "list_notes")["answer"].erase("next");
  op(profile, "signup")["answer"]["token"] = "/token";
  op(profile, "login")["answer"]["token"] = "/token";
  auto p = parsed(profile);
  EXPECT_EQ(p.style.auth, http::auth_style::bearer);
  EXPECT_EQ(p.style.shard_header, "X-Shard");
  EXPECT_TRUE(p.style.session_cookie.empty());
  EXPECT_EQ(p.paging.kind, model::page_kind::none);
  EXPECT_EQ(p.paging.max_pages, 100u);
  EXPECT_TRUE(p.lists_carry_content);
  EXPECT_EQ(p.at(operation::signup).answer.token->text(), "/token");
}

TEST(api_profile_reader, unknown_keys_suggest_the_closest) {
  auto top = base();
  top["opertions"] = 1;
  expect_error(top, "opertions", "unknown key; did you mean \"operations\"?");
  auto ops = base();
  op(ops, "sign_up") = op(ops, "signup");
  expect_error(ops, "operations.sign_up",
               "unknown operation \"sign_up\"; did you mean \"signup\"?");
  auto key = base();
  op(key, "signup")["methd"] = "POST";
  expect_error(key, "operations.signup.methd", "did you mean \"method\"?");
  auto answer = base();
  op(answer, "create_note")["answer"]["noteid"] = "/id";
  expect_error(answer, "operations.create_note.answer.noteid", "did you mean \"note_id\"?");
  auto auth = base();
  auth["auth"]["nme"] = "x";
  expect_error(auth, "auth.nme", "did you mean \"name\"?");
  auto pages = base();
  pages["lists"]["pages"]["sise"] = 3;
  expect_error(pages, "lists.pages.sise", "did you mean \"size\"?");
  auto lists = base();
  lists["lists"]["content"] = true;
  expect_error(lists, "lists.content", "did you mean \"contents\"?");
}

TEST(api_profile_reader, answer_keys_are_those_the_operation_reads) {
  auto other = base();
  op(other, "signup")["answer"]["note_id"] = "/id";
  expect_error(other, "operations.signup.answer.note_id",
               "unknown key (expected one of: account_id, token)");
  auto none = base();
  op(none, "delete_note")["answer"] = {{"note_id", "/id"}};
  expect_error(none, "operations.delete_note.answer.note_id",
               "throng reads nothing from the answer of delete_note");
}

TEST(api_profile_reader, name_and_top_level) {
  auto missing = base();
  missing.erase("name");
  expect_error(missing, "name", "missing");
  auto empty = base();
  empty["name"] = "";
  expect_error(empty, "name", "must not be empty");
  auto p = parse_api_profile("[1]", "test.json");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error(), "test.json: expected a JSON object at the top level, got [1]");
  auto syntax = parse_api_profile("{\n  \"name\": ,\n}", "test.json");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().substr(0, 15), "test.json:2:11:") << syntax.error();
  auto commented = parse_api_profile("// c\n" + base().dump() + " /* end */", "test.json");
  EXPECT_TRUE(commented) << (commented ? "" : commented.error());
}

TEST(api_profile_reader, required_operations) {
  for (auto name : {"signup", "login", "create_note", "read_note", "list_notes"}) {
    auto missing = base();
    missing["operations"].erase(name);
    expect_error(missing, std::string{"operations."} + name, "missing; every profile maps");
    auto null = base();
    op(null, name) = nullptr;
    expect_error(null, std::string{"operations."} + name, "may not be null");
  }
  auto none = base();
  none.erase("operations");
  expect_error(none, "operations", "expected the operations (a JSON object), got nothing");
  auto bad = base();
  op(bad, "update_note") = 3;
  expect_error(bad, "operations.update_note", "expected an operation (or null");
}

TEST(api_profile_reader, method_and_path) {
  auto lower = base();
  op(lower, "read_note")["method"] = "get";
  expect_error(lower, "operations.read_note.method", "unknown method \"get\"");
  auto no_method = base();
  op(no_method, "read_note").erase("method");
  expect_error(no_method, "operations.read_note.method", "missing");
  auto no_path = base();
  op(no_path, "signup").erase("path");
  expect_error(no_path, "operations.signup.path", "missing");
  auto relative = base();
  op(relative, "signup")["path"] = "users";
  expect_error(relative, "operations.signup.path", "must start with '/'");
  auto spaced = base();
  op(spaced, "signup")["path"] = "/new users";
  expect_error(spaced, "operations.signup.path", "must not hold spaces");
  auto patch = base();
  op(patch, "update_note") = {{"method", "PATCH"}, {"path", "/notes/{note_id}"},
                              {"body", {{"body", "{content}"}}}};
  auto p = parsed(patch);
  EXPECT_EQ(p.at(operation::update_note).verb, http::method::patch);
  EXPECT_EQ(p.at(operation::update_note).success.codes, (std::vector<int>{200}));
}

TEST(api_profile_reader, template_errors_name_the_string) {
  auto unknown = base();
  op(unknown, "signup")["body"]["username"] = "{nme}";
  expect_error(unknown, "operations.signup.body.username", "unknown placeholder \"{nme}\"");
  auto brace = base();
  op(brace, "create_note")["body"]["note"]["tags"][0] = "{content";
  expect_error(brace, "operations.create_note.body.note.tags[0]", "unmatched '{'");
  auto path = base();
  op(path, "signup")["path"] = "/users/{id}";
  expect_error(path, "operations.signup.path", "unknown placeholder \"{id}\"");
  auto literal = base();
  op(literal, "signup")["body"]["username"] = "{{{name}}}";
  auto p = parsed(literal);
  EXPECT_EQ(p.at(operation::signup).body.render({.name = "a", .password = "p"}),
            R"({"secret":"p","username":"{a}"})");
  auto null_body = base();
  op(null_body, "create_note")["body"] = nullptr;
  EXPECT_TRUE(parsed(null_body).at(operation::create_note).body.empty());
}

TEST(api_profile_reader, placeholders_an_operation_cannot_fill) {
  struct bad_case {
    const char* op;
    const char* key;
    const char* value;
    const char* field;
    const char* what;
  };
  const bad_case cases[] = {
    {"create_note", "path", "/notes/{note_id}", "operations.create_note.path",
     "{note_id} cannot be filled in the path of create_note"},
    {"create_note", "path", "/notes/{content}", "operations.create_note.path",
     "{content} cannot be filled in the path of create_note"},
    {"signup", "path", "/users/{account_id}", "operations.signup.path",
     "{account_id} cannot be filled in the path of signup"},
    {"login", "path", "/sessions/{password}", "operations.login.path",
     "{password} cannot be filled in the path of login"},
    {"read_note", "path", "/notes/{note_id}/{name}", "operations.read_note.path",
     "{name} cannot be filled in the path of read_note"},
  };
  for (const auto& c : cases) {
    auto profile = base();
    op(profile, c.op)[c.key] = c.value;
    expect_error(profile, c.field, c.what);
  }
  auto body = base();
  op(body, "create_note")["body"]["note"]["secret"] = "{password}";
  expect_error(body, "operations.create_note.body.note.secret",
               "{password} cannot be filled in the body of create_note");
  auto login = base();
  op(login, "login")["body"]["id"] = "{account_id}";
  expect_error(login, "operations.login.body.id", "{account_id} cannot be filled");
  auto content = base();
  op(content, "list_notes")["body"] = {{"q", "{content}"}};
  expect_error(content, "operations.list_notes.body.q", "{content} cannot be filled");
  auto key = base();
  op(key, "signup")["body"]["{note_id}"] = "x";
  expect_error(key, "operations.signup.body.{note_id}", "{note_id} cannot be filled");
  auto rename = base();
  op(rename, "update_account") = {{"method", "PUT"}, {"path", "/users/{account_id}/{name}"},
                                  {"body", {{"n", "{name}"}}}};
  EXPECT_TRUE(parsed(rename).at(operation::update_account).path.uses(template_field::name));
}

TEST(api_profile_reader, note_paths_need_the_note_id) {
  for (auto name : {"read_note", "update_note", "delete_note"}) {
    auto profile = base();
    op(profile, name) = {{"method", "GET"}, {"path", "/notes"}};
    if (std::string{name} == "read_note")
      op(profile, name)["answer"] = {{"content", "/c"}};
    expect_error(profile, std::string{"operations."} + name + ".path", "must contain {note_id}");
  }
}

} // namespace
} // namespace throng::config
