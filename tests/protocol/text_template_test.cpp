// Tests of text_template: compiling, braces, escaping, what a template uses.

#include "protocol/text_template.hpp"

#include <gtest/gtest.h>

using namespace throng::protocol;

namespace {

text_template compiled(std::string_view text, template_escape e) {
  auto t = text_template::compile(text, e);
  EXPECT_TRUE(t.has_value()) << text << ": " << (t ? "" : t.error());
  return t ? *t : text_template{};
}

std::string compile_error(std::string_view text) {
  auto t = text_template::compile(text, template_escape::url);
  EXPECT_FALSE(t.has_value()) << text;
  return t ? std::string{} : t.error();
}

} // namespace

TEST(text_template, renders_literals_and_placeholders) {
  auto t = compiled("/v1/accounts/{account_id}/notes/{note_id}", template_escape::url);
  EXPECT_EQ(t.render({.account_id = "a1", .note_id = "n2"}), "/v1/accounts/a1/notes/n2");
  EXPECT_TRUE(t.uses(template_field::account_id));
  EXPECT_TRUE(t.uses(template_field::note_id));
  EXPECT_FALSE(t.uses(template_field::name));
  EXPECT_FALSE(t.empty());
}

TEST(text_template, every_field_fills_in) {
  auto t = compiled("{name}|{password}|{content}|{account_id}|{note_id}", template_escape::json);
  EXPECT_EQ(t.render({"n", "p", "c", "a", "i"}), "n|p|c|a|i");
  for (auto f : {template_field::name, template_field::password, template_field::content,
                 template_field::account_id, template_field::note_id})
    EXPECT_TRUE(t.uses(f)) << to_string(f);
}

TEST(text_template, field_names) {
  EXPECT_EQ(to_string(template_field::name), "name");
  EXPECT_EQ(to_string(template_field::password), "password");
  EXPECT_EQ(to_string(template_field::content), "content");
  EXPECT_EQ(to_string(template_field::account_id), "account_id");
  EXPECT_EQ(to_string(template_field::note_id), "note_id");
}

TEST(text_template, doubled_braces_are_literal) {
  auto t = compiled("{{\"a\":\"{name}\"}}", template_escape::json);
  EXPECT_EQ(t.render({.name = "alice"}), "{\"a\":\"alice\"}");
  auto literal = compiled("{{name}}", template_escape::url);
  EXPECT_EQ(literal.render({.name = "alice"}), "{name}");
  EXPECT_FALSE(literal.uses(template_field::name));
}

TEST(text_template, empty_template_renders_nothing) {
  auto t = compiled("", template_escape::url);
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.render({.name = "x"}), "");
  EXPECT_TRUE(text_template{}.empty());
}

TEST(text_template, render_to_appends) {
  auto t = compiled("/notes/{note_id}", template_escape::url);
  std::string out = "GET ";
  t.render_to(out, {.note_id = "n 1"});
  EXPECT_EQ(out, "GET /notes/n%201");
}

TEST(text_template, url_escape_keeps_only_unreserved) {
  auto t = compiled("/a/{account_id}", template_escape::url);
  EXPECT_EQ(t.render({.account_id = "A-z_0.9~"}), "/a/A-z_0.9~");
  EXPECT_EQ(t.render({.account_id = "a/b?c&d=e f%"}), "/a/a%2Fb%3Fc%26d%3De%20f%25");
  EXPECT_EQ(t.render({.account_id = "\xC3\xA9\x01"}), "/a/%C3%A9%01");
  EXPECT_EQ(t.render({.account_id = "{x}"}), "/a/%7Bx%7D");
}

TEST(text_template, json_escape_keeps_the_string_valid) {
  auto t = compiled("{{\"c\":\"{content}\"}}", template_escape::json);
  EXPECT_EQ(t.render({.content = "say \"hi\"\\"}), R"({"c":"say \"hi\"\\"})");
  EXPECT_EQ(t.render({.content = "a\nb\tc\rd\be\ff"}), R"({"c":"a\nb\tc\rd\be\ff"})");
  EXPECT_EQ(t.render({.content = std::string_view{"\x01\x1f\0", 3}}),
            R"({"c":"\u0001\u001f\u0000"})");
  // Valid UTF-8 passes, '/' is not escaped.
  EXPECT_EQ(t.render({.content = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 a/b"}),
            "{\"c\":\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 a/b\"}");
}

TEST(text_template, json_escape_replaces_invalid_utf8) {
  auto t = compiled("{content}", template_escape::json);
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(t.render({.content = "a\xFF" "b"}), "a" + fffd + "b");
  EXPECT_EQ(t.render({.content = "\xC3"}), fffd);               // cut short
  EXPECT_EQ(t.render({.content = "\xC0\xAF"}), fffd + fffd);    // overlong
  EXPECT_EQ(t.render({.content = "\xED\xA0\x80"}), fffd + fffd + fffd); // surrogate
  EXPECT_EQ(t.render({.content = "\xF4\x90\x80\x80"}), fffd + fffd + fffd + fffd);
}

TEST(text_template, placeholder_in_json_escape_fills_in_names) {
  auto t = compiled("{{\"username\":\"{name}\",\"secret\":\"{password}\"}}",
                    template_escape::json);
  EXPECT_EQ(t.render({.name = "al\"ice", .password = "p\\w"}),
            R"({"username":"al\"ice","secret":"p\\w"})");
}

TEST(text_template, errors_name_the_problem) {
  EXPECT_NE(compile_error("/a/{nope}").find("unknown placeholder \"{nope}\""),
            std::string::npos);
  EXPECT_NE(compile_error("/a/{}").find("unknown placeholder \"{}\""), std::string::npos);
  EXPECT_NE(compile_error("/a/{name").find("unmatched '{'"), std::string::npos);
  EXPECT_NE(compile_error("/a/{na{me}").find("unmatched '{'"), std::string::npos);
  EXPECT_NE(compile_error("/a/name}").find("unmatched '}'"), std::string::npos);
  EXPECT_NE(compile_error("{name}}").find("unmatched '}' at offset 6"), std::string::npos);
}

TEST(text_template, copies_render_alike) {
  auto t = compiled("/x/{note_id}", template_escape::url);
  text_template copy = t;
  EXPECT_EQ(copy.render({.note_id = "7"}), t.render({.note_id = "7"}));
}
