// Tests of render_request and can_probe: an account's requests through a
// profile's templates.

#include "model/profile_request.hpp"

#include <gtest/gtest.h>

#include "test_profiles.hpp"

namespace throng::model {
namespace {

using protocol::operation;

account_state someone() {
  account_state s;
  s.name = "ann";
  s.password = "pw\"1";
  s.id = "a/7";
  return s;
}

planned_request of(operation op) {
  planned_request p;
  p.op = op;
  p.req.token = "tok";
  return p;
}

TEST(profile_request, bodies_take_the_values_json_escaped) {
  const auto profile = testing::cookie_profile();
  auto s = someone();
  auto p = of(operation::signup);
  render_request(profile, s, p);
  EXPECT_EQ(p.req.verb, http::method::post);
  EXPECT_EQ(p.req.target, "/users");
  EXPECT_EQ(p.req.body, R"({"username":"ann","secret":"pw\"1"})");
  EXPECT_EQ(p.req.token, "tok"); // left to the account
  auto c = of(operation::create_note);
  render_request(profile, s, c, "line\nnext");
  EXPECT_EQ(c.req.body, R"({"body":"line\nnext"})");
}

TEST(profile_request, the_name_is_the_one_the_operation_uses) {
  const auto profile = testing::v1_profile();
  auto s = someone();
  s.pending_names = {"bob"};
  s.login_refusals = 1; // the next log-in tries the pending name
  auto login = of(operation::login);
  render_request(profile, s, login);
  EXPECT_EQ(login.req.body, R"({"name":"bob","password":"pw\"1"})");
  auto rename = of(operation::update_account);
  rename.new_name = "carl";
  render_request(profile, s, rename);
  EXPECT_EQ(rename.req.verb, http::method::put);
  EXPECT_EQ(rename.req.body, R"({"name":"carl"})");
}

TEST(profile_request, paths_take_the_ids_url_escaped) {
  const auto profile = testing::v1_profile();
  const auto s = someone();
  auto read = of(operation::read_note);
  read.note_id = "n 1";
  render_request(profile, s, read);
  EXPECT_EQ(read.req.target, "/v1/accounts/a%2F7/notes/n%201");
  EXPECT_TRUE(read.req.body.empty());
  auto probe = of(operation::list_notes);
  probe.probe_account = "a9";
  render_request(profile, s, probe);
  EXPECT_EQ(probe.req.target, "/v1/accounts/a9/notes");
}

TEST(profile_request, probes_need_a_path_that_names_the_data) {
  EXPECT_TRUE(can_probe(testing::v1_profile(), operation::list_notes));
  EXPECT_TRUE(can_probe(testing::v1_profile(), operation::read_note));
  EXPECT_FALSE(can_probe(testing::cookie_profile(), operation::list_notes));
  EXPECT_TRUE(can_probe(testing::cookie_profile(), operation::read_note));
}

} // namespace
} // namespace throng::model
