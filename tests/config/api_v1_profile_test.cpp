// Tests of profiles/api-v1.json, the built-in contract as a profile: it
// reads, and its requests and answers are those of the built-in mapping
// (routes.hpp, the codecs).

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "config/api_profile_reader.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"
#include "tests/build_paths.hpp"

namespace throng::config {
namespace {

using protocol::operation;

std::filesystem::path api_v1_path() {
  return std::filesystem::path{throng::testing::profiles_dir()} / "api-v1.json";
}

class api_v1_profile : public ::testing::Test {
protected:
  void SetUp() override {
    auto p = read_api_profile(api_v1_path());
    ASSERT_TRUE(p) << p.error();
    profile_ = *p;
  }

  const model::operation_mapping& at(operation op) const { return profile_.at(op); }

  std::string path(operation op) const {
    return at(op).path.render({.account_id = "a1", .note_id = "n2"});
  }

  model::api_profile profile_;
};

// Text that JSON must escape: quotes, backslashes, controls, non-ASCII.
constexpr std::string_view awkward = "say \"hi\"\\ \n\t\x01 caf\xC3\xA9 {x} /";

TEST_F(api_v1_profile, reads_with_the_contract_style) {
  EXPECT_EQ(profile_.name, "api-v1");
  EXPECT_EQ(profile_.style.auth, http::auth_style::bearer);
  EXPECT_EQ(profile_.style.shard_header, "X-Shard");
  EXPECT_TRUE(profile_.style.session_cookie.empty());
  EXPECT_EQ(profile_.paging.kind, model::page_kind::none);
  EXPECT_TRUE(profile_.lists_carry_content);
  for (auto op : protocol::all_operations)
    EXPECT_TRUE(profile_.has(op)) << protocol::to_string(op);
}

TEST_F(api_v1_profile, methods_and_paths_are_the_routes) {
  const struct {
    operation op;
    http::method verb;
    std::string path;
  } routes[] = {
    {operation::signup, http::method::post, protocol::accounts_path()},
    {operation::login, http::method::post, protocol::sessions_path()},
    {operation::logout, http::method::del, protocol::current_session_path()},
    {operation::read_account, http::method::get, protocol::account_path("a1")},
    {operation::update_account, http::method::put, protocol::account_path("a1")},
    {operation::create_note, http::method::post, protocol::notes_path("a1")},
    {operation::read_note, http::method::get, protocol::note_path("a1", "n2")},
    {operation::update_note, http::method::put, protocol::note_path("a1", "n2")},
    {operation::delete_note, http::method::del, protocol::note_path("a1", "n2")},
    {operation::list_notes, http::method::get, protocol::notes_path("a1")},
  };
  for (const auto& r : routes) {
    EXPECT_EQ(at(r.op).verb, r.verb) << protocol::to_string(r.op);
    EXPECT_EQ(path(r.op), r.path) << protocol::to_string(r.op);
  }
}

TEST_F(api_v1_profile, bodies_are_the_codecs_bytes) {
  const std::string name{awkward}, password = "p\"w";
  for (auto op : {operation::signup, operation::login})
    EXPECT_EQ(at(op).body.render({.name = name, .password = password}),
              protocol::encode(protocol::credentials{name, password}));
  EXPECT_EQ(at(operation::update_account).body.render({.name = name}),
            protocol::encode(protocol::account_update{name}));
  for (auto op : {operation::create_note, operation::update_note})
    EXPECT_EQ(at(op).body.render({.content = awkward}),
              protocol::encode(protocol::note_content{std::string{awkward}}));
  for (auto op : {operation::logout, operation::read_account, operation::read_note,
                  operation::delete_note, operation::list_notes})
    EXPECT_TRUE(at(op).body.empty()) << protocol::to_string(op);
}

TEST_F(api_v1_profile, exact_statuses) {
  EXPECT_EQ(at(operation::signup).success.codes, (std::vector<int>{201}));
  EXPECT_EQ(at(operation::login).success.codes, (std::vector<int>{201}));
  EXPECT_EQ(at(operation::create_note).success.codes, (std::vector<int>{201}));
  EXPECT_EQ(at(operation::logout).success.codes, (std::vector<int>{204}));
  EXPECT_EQ(at(operation::delete_note).success.codes, (std::vector<int>{204}));
  for (auto op : {operation::read_account, operation::update_account, operation::read_note,
                  operation::update_note, operation::list_notes})
    EXPECT_EQ(at(op).success.codes, (std::vector<int>{200})) << protocol::to_string(op);
  for (auto op : protocol::all_operations) {
    EXPECT_EQ(at(op).not_found.codes, (std::vector<int>{404}));
    EXPECT_EQ(at(op).unauthorized.codes, (std::vector<int>{401}));
    EXPECT_EQ(at(op).conflict.codes, (std::vector<int>{409}));
  }
}

TEST_F(api_v1_profile, extracts_the_contracts_answers) {
  auto signup = protocol::extract_answer(
    protocol::encode(protocol::account_created{"a1", "alice", "t1"}),
    at(operation::signup).answer);
  ASSERT_TRUE(signup) << signup.error();
  EXPECT_EQ(signup->account_id, "a1");
  EXPECT_EQ(signup->token, "t1");

  auto login = protocol::extract_answer(
    protocol::encode(protocol::session_created{"a1", "t2"}), at(operation::login).answer);
  ASSERT_TRUE(login) << login.error();
  EXPECT_EQ(login->account_id, "a1");
  EXPECT_EQ(login->token, "t2");

  auto account = protocol::extract_answer(
    protocol::encode(protocol::account_info{"a1", "bob", 3}),
    at(operation::update_account).answer);
  ASSERT_TRUE(account) << account.error();
  EXPECT_EQ(account->name, "bob");

  auto note = protocol::extract_answer(
    protocol::encode(protocol::note{"n2", std::string{awkward}}), at(operation::read_note).answer);
  ASSERT_TRUE(note) << note.error();
  EXPECT_EQ(note->note_id, "n2");
  EXPECT_EQ(note->content, awkward);

  protocol::note_list list{{{"n1", "one"}, {"n2", std::string{awkward}}}};
  auto listed = protocol::extract_answer(protocol::encode(list),
                                         at(operation::list_notes).answer);
  ASSERT_TRUE(listed) << listed.error();
  ASSERT_EQ(listed->items.size(), 2u);
  EXPECT_EQ(listed->items[0].id, "n1");
  EXPECT_EQ(listed->items[0].content, "one");
  EXPECT_EQ(listed->items[1].content, awkward);
  EXPECT_FALSE(listed->next);

  auto deleted = protocol::extract_answer("", at(operation::delete_note).answer);
  EXPECT_TRUE(deleted) << deleted.error();
}

TEST(api_profile_file, unreadable_files_are_named) {
  auto missing = read_api_profile("/nonexistent/profile.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().rfind("/nonexistent/profile.json: cannot read: ", 0), 0u)
    << missing.error();
}

} // namespace
} // namespace throng::config
