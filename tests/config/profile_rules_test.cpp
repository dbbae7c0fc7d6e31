// Tests of the document-free rules of API profiles: placeholder scopes,
// default statuses, answer keys, tokens and body templates.

#include "config/profile_rules.hpp"

#include <gtest/gtest.h>

namespace throng::config {
namespace {

using protocol::operation;
using protocol::template_field;

bool fills(operation op, template_field f, bool body) {
  return unfillable(op, f, body).empty();
}

TEST(profile_rules, placeholder_scopes) {
  for (auto op : protocol::all_operations) {
    const bool note = op == operation::read_note || op == operation::update_note
                      || op == operation::delete_note;
    const bool content = op == operation::create_note || op == operation::update_note;
    const bool credentials = op == operation::signup || op == operation::login;
    const bool named = credentials || op == operation::update_account;
    auto name = protocol::to_string(op);
    for (bool body : {false, true}) {
      EXPECT_EQ(fills(op, template_field::note_id, body), note) << name;
      EXPECT_EQ(fills(op, template_field::content, body), content && body) << name;
      EXPECT_EQ(fills(op, template_field::password, body), credentials && body) << name;
      EXPECT_EQ(fills(op, template_field::name, body), named) << name;
      EXPECT_EQ(fills(op, template_field::account_id, body), !credentials) << name;
    }
    EXPECT_EQ(names_a_note(op), note) << name;
  }
}

TEST(profile_rules, default_success_by_method) {
  EXPECT_EQ(default_success(http::method::post).codes, (std::vector<int>{200, 201}));
  EXPECT_EQ(default_success(http::method::del).codes, (std::vector<int>{200, 204}));
  for (auto m : {http::method::get, http::method::put, http::method::patch})
    EXPECT_EQ(default_success(m).codes, (std::vector<int>{200}));
}

TEST(profile_rules, answer_keys_and_slots) {
  protocol::answer_fields f;
  auto keys = answer_keys(operation::list_notes);
  EXPECT_EQ(answer_slot(f, keys, "item_content"), &f.item_content);
  EXPECT_EQ(answer_slot(f, keys, "next"), &f.next);
  EXPECT_EQ(answer_slot(f, keys, "note_id"), nullptr);
  auto signup = answer_keys(operation::signup);
  EXPECT_EQ(answer_slot(f, signup, "token"), &f.token);
  EXPECT_EQ(answer_slot(f, signup, "account_id"), &f.account_id);
  EXPECT_EQ(answer_slot(f, answer_keys(operation::read_account), "name"), &f.name);
  EXPECT_TRUE(answer_keys(operation::logout).empty());
  EXPECT_TRUE(answer_keys(operation::delete_note).empty());
}

TEST(profile_rules, body_template_text_doubles_json_braces_only) {
  EXPECT_EQ(body_template_text(R"({"a":"{name}","b":[{}]})"),
            R"({{"a":"{name}","b":[{{}}]}})");
  EXPECT_EQ(body_template_text(R"({"q\"{":"\\"})"), R"({{"q\"{":"\\"}})");
  EXPECT_EQ(body_template_text(R"("{content}")"), R"("{content}")");
  EXPECT_EQ(body_template_text("[1,null]"), "[1,null]");
}

} // namespace
} // namespace throng::config
