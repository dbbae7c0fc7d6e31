// Tests of answer classification through an API profile: its success,
// not_found, unauthorized and conflict sets, its pointers, the cookie's
// session, and what a probe or a read of a deleted note expects.

#include "model/answer.hpp"

#include <gtest/gtest.h>

#include "model/api_profile.hpp"
#include "test_profiles.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::error_kind;
using testing::cookie_profile;

http::response http_answer(int status, std::string body = "", std::string session = "") {
  http::response r;
  r.status = status;
  r.body = std::move(body);
  r.session = std::move(session);
  r.sent_ns = 10;
  r.received_ns = 20;
  return r;
}

request_kind kind_of(const api_profile& p, operation op, bool probe = false,
                     bool expect_not_found = false) {
  return request_kind{op, probe, expect_not_found, &p};
}

TEST(profile_answer, deletes_succeed_with_each_success_status) {
  const auto p = cookie_profile();
  for (int status : {200, 204}) {
    auto a = read_answer(kind_of(p, operation::delete_note), http_answer(status));
    EXPECT_EQ(a.result, outcome::success) << status;
    EXPECT_FALSE(a.error) << status;
  }
  // A 2xx outside the success set: the outcome is unknown.
  auto a = read_answer(kind_of(p, operation::delete_note), http_answer(202));
  EXPECT_EQ(a.result, outcome::unknown);
  EXPECT_EQ(a.error, error_kind::protocol);
}

TEST(profile_answer, refusals_mean_what_the_sets_say) {
  const auto p = cookie_profile();
  auto taken = read_answer(kind_of(p, operation::signup), http_answer(422));
  EXPECT_EQ(taken.result, outcome::refused);
  EXPECT_EQ(taken.refusal, refusal::conflict);
  EXPECT_EQ(taken.status, 422);
  EXPECT_EQ(taken.error, error_kind::status_4xx);
  EXPECT_EQ(read_answer(kind_of(p, operation::read_note), http_answer(404)).refusal,
            refusal::not_found);
  EXPECT_EQ(read_answer(kind_of(p, operation::read_note), http_answer(401)).refusal,
            refusal::unauthorized);
  auto other = read_answer(kind_of(p, operation::read_note), http_answer(400));
  EXPECT_EQ(other.result, outcome::refused);
  EXPECT_EQ(other.refusal, refusal::other);
  // The built-in contract's 409 means nothing special here.
  EXPECT_EQ(read_answer(kind_of(p, operation::signup), http_answer(409)).refusal,
            refusal::other);
}

TEST(profile_answer, failures_are_as_without_a_profile) {
  const auto p = cookie_profile();
  auto failed = read_answer(kind_of(p, operation::create_note), http_answer(503));
  EXPECT_EQ(failed.result, outcome::unknown);
  EXPECT_EQ(failed.error, error_kind::status_5xx);
  auto moved = read_answer(kind_of(p, operation::create_note), http_answer(302));
  EXPECT_EQ(moved.result, outcome::unknown);
  EXPECT_EQ(moved.error, error_kind::protocol);
  http::response lost;
  lost.error = http::failure::timeout;
  lost.sent_ns = 5;
  EXPECT_EQ(read_answer(kind_of(p, operation::create_note), lost).result, outcome::unknown);
}

TEST(profile_answer, expected_refusals_are_no_errors) {
  const auto p = cookie_profile();
  for (int status : {401, 403, 404}) {
    auto a = read_answer(kind_of(p, operation::read_note, true), http_answer(status));
    EXPECT_EQ(a.result, outcome::refused) << status;
    EXPECT_FALSE(a.error) << status;
  }
  EXPECT_EQ(read_answer(kind_of(p, operation::read_note, true), http_answer(400)).error,
            error_kind::status_4xx);
  EXPECT_FALSE(read_answer(kind_of(p, operation::read_note, false, true), http_answer(404)).error);
  EXPECT_TRUE(read_answer(kind_of(p, operation::read_note), http_answer(404)).error);
}

TEST(profile_answer, values_come_from_the_pointers) {
  const auto p = cookie_profile();
  auto created = read_answer(kind_of(p, operation::create_note),
                             http_answer(201, R"({"note":{"id":17,"body":"hello"}})"));
  ASSERT_EQ(created.result, outcome::success);
  EXPECT_EQ(created.body.id, "17");
  EXPECT_EQ(created.body.content, protocol::hash_content("hello"));
  auto page = read_answer(kind_of(p, operation::list_notes),
                          http_answer(200, R"({"items":[{"id":3},{"id":"x4"}],"next":4})"));
  ASSERT_EQ(page.result, outcome::success);
  ASSERT_EQ(page.body.notes.size(), 2u);
  EXPECT_EQ(page.body.notes[0].id, "3");
  EXPECT_EQ(page.body.notes[1].id, "x4");
  EXPECT_EQ(page.body.next, "4");
  auto last = read_answer(kind_of(p, operation::list_notes),
                          http_answer(200, R"({"items":[],"next":null})"));
  EXPECT_FALSE(last.body.next.has_value());
}

// As the built-in contract's lists: one answer may hold every note of an
// account with --notes-per-account at its cap.
TEST(profile_answer, a_list_of_a_hundred_thousand_notes_is_read_whole) {
  const auto p = cookie_profile();
  std::string body = R"({"items":[)";
  for (int i = 1; i <= 100'000; ++i)
    body += (i == 1 ? "" : ",") + std::string{R"({"id":)"} + std::to_string(i) + "}";
  body += R"(],"next":null})";
  auto a = read_answer(kind_of(p, operation::list_notes), http_answer(200, body));
  ASSERT_EQ(a.result, outcome::success);
  EXPECT_EQ(a.body.notes.size(), 100'000u);
  EXPECT_EQ(a.body.notes.back().id, "100000");
}

TEST(profile_answer, a_body_without_its_values_is_malformed) {
  const auto p = cookie_profile();
  for (const char* body : {"", "not json", R"({"note":{"id":17}})", R"({"id":17})"}) {
    auto a = read_answer(kind_of(p, operation::read_note), http_answer(200, body));
    EXPECT_EQ(a.result, outcome::unknown) << body;
    EXPECT_EQ(a.error, error_kind::malformed) << body;
  }
}

TEST(profile_answer, a_cookie_session_is_the_token) {
  const auto p = cookie_profile();
  auto a = read_answer(kind_of(p, operation::signup), http_answer(201, R"({"id":5})", "a5.t0k"));
  ASSERT_EQ(a.result, outcome::success);
  EXPECT_EQ(a.body.id, "5");
  EXPECT_EQ(a.body.token, "a5.t0k");
  auto login = read_answer(kind_of(p, operation::login),
                           http_answer(200, R"({"user":{"id":5}})", "a5.t1k"));
  EXPECT_EQ(login.body.token, "a5.t1k");
  // A sign-up that set no session: its outcome is unknown.
  auto none = read_answer(kind_of(p, operation::signup), http_answer(201, R"({"id":5})"));
  EXPECT_EQ(none.result, outcome::unknown);
  EXPECT_EQ(none.error, error_kind::malformed);
}

TEST(profile_answer, a_probe_served_is_a_success_whatever_its_body) {
  const auto p = cookie_profile();
  auto a = read_answer(kind_of(p, operation::read_note, true), http_answer(200, "{}"));
  EXPECT_EQ(a.result, outcome::success);
}

} // namespace
} // namespace throng::model
