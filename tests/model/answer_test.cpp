// Tests of answer classification: one verdict per answer.

#include "model/answer.hpp"

#include <gtest/gtest.h>

#include "protocol/codec.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using model::error_kind;

http::response http_answer(int status, std::string body = "") {
  http::response r;
  r.status = status;
  r.body = std::move(body);
  r.shard = "shard-1";
  r.sent_ns = 10;
  r.received_ns = 20;
  return r;
}

http::response failed(http::failure f, std::int64_t sent_ns) {
  http::response r;
  r.error = f;
  r.sent_ns = sent_ns;
  r.received_ns = 30;
  return r;
}

TEST(answer, a_failure_before_the_request_was_written_is_not_sent) {
  const request_kind create{operation::create_note};
  for (auto f : {http::failure::connect, http::failure::timeout, http::failure::reset,
                 http::failure::protocol}) {
    auto a = read_answer(create, failed(f, 0));
    EXPECT_EQ(a.result, outcome::not_sent) << http::to_string(f);
    EXPECT_TRUE(a.error.has_value());
    EXPECT_TRUE(a.service_failed());
  }
  EXPECT_EQ(read_answer(create, failed(http::failure::connect, 0)).error,
            error_kind::connect);
}

TEST(answer, a_failure_after_the_request_was_written_is_unknown) {
  const request_kind update{operation::update_note};
  auto a = read_answer(update, failed(http::failure::timeout, 5));
  EXPECT_EQ(a.result, outcome::unknown);
  EXPECT_EQ(a.error, error_kind::timeout);
  EXPECT_EQ(status_class(a), "timeout");
  EXPECT_EQ(read_answer(update, failed(http::failure::reset, 5)).error, error_kind::reset);
  EXPECT_EQ(read_answer(update, failed(http::failure::protocol, 5)).error,
            error_kind::protocol);
}

TEST(answer, a_4xx_took_no_effect) {
  auto a = read_answer({operation::update_note}, http_answer(404, R"({"error":"x"})"));
  EXPECT_EQ(a.result, outcome::refused);
  EXPECT_EQ(a.error, error_kind::status_4xx);
  EXPECT_FALSE(a.service_failed());
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.shard, "shard-1");
  EXPECT_EQ(status_class(a), "4xx");
}

TEST(answer, a_refusal_the_request_expected_is_no_error) {
  auto deleted = read_answer({operation::read_note, false, true}, http_answer(404));
  EXPECT_EQ(deleted.result, outcome::refused);
  EXPECT_FALSE(deleted.error.has_value());
  for (int status : {401, 403, 404}) {
    auto probe = read_answer({operation::list_notes, true}, http_answer(status));
    EXPECT_EQ(probe.result, outcome::refused);
    EXPECT_FALSE(probe.error.has_value()) << status;
  }
  EXPECT_EQ(read_answer({operation::list_notes, true}, http_answer(409)).error,
            error_kind::status_4xx);
}

TEST(answer, a_5xx_leaves_the_outcome_unknown) {
  auto a = read_answer({operation::create_note}, http_answer(503));
  EXPECT_EQ(a.result, outcome::unknown);
  EXPECT_EQ(a.error, error_kind::status_5xx);
  EXPECT_TRUE(a.service_failed());
  EXPECT_EQ(status_class(a), "5xx");
}

TEST(answer, a_status_the_api_does_not_use_is_a_protocol_error_of_unknown_outcome) {
  for (int status : {101, 302, 700}) {
    auto a = read_answer({operation::create_note}, http_answer(status));
    EXPECT_EQ(a.result, outcome::unknown) << status;
    EXPECT_EQ(a.error, error_kind::protocol) << status;
  }
  EXPECT_EQ(status_class(read_answer({operation::signup}, http_answer(302))), "3xx");
}

TEST(answer, a_2xx_with_a_malformed_body_is_malformed_of_unknown_outcome) {
  for (auto op : {operation::signup, operation::login, operation::read_account,
                  operation::update_account, operation::create_note, operation::read_note,
                  operation::update_note, operation::list_notes}) {
    for (const char* body : {"", "not json", R"({"id": 12, "content": null})", "[]",
                             "{\"id\":\"\xff\"}"}) {
      auto a = read_answer({op}, http_answer(200, body));
      EXPECT_EQ(a.result, outcome::unknown) << protocol::to_string(op) << " " << body;
      EXPECT_EQ(a.error, error_kind::malformed) << protocol::to_string(op);
      EXPECT_EQ(status_class(a), "malformed");
    }
  }
}

TEST(answer, bodies_of_successes_are_decoded) {
  auto signup = read_answer({operation::signup},
                            http_answer(201, protocol::encode(protocol::account_created{
                                               "a1", "n", "tok"})));
  EXPECT_EQ(signup.result, outcome::success);
  EXPECT_FALSE(signup.error.has_value());
  EXPECT_EQ(signup.body.id, "a1");
  EXPECT_EQ(signup.body.token, "tok");
  EXPECT_EQ(status_class(signup), "2xx");

  auto login = read_answer({operation::login},
                           http_answer(201, protocol::encode(protocol::session_created{
                                              "a1", "t2"})));
  EXPECT_EQ(login.body.id, "a1");
  EXPECT_EQ(login.body.token, "t2");

  auto info = read_answer({operation::read_account},
                          http_answer(200, protocol::encode(protocol::account_info{
                                             "a1", "renamed", 3})));
  EXPECT_EQ(info.body.name, "renamed");

  auto note = read_answer({operation::read_note},
                          http_answer(200, protocol::encode(protocol::note{"n1", "hello"})));
  EXPECT_EQ(note.body.id, "n1");
  EXPECT_EQ(note.body.content, protocol::hash_content("hello"));

  auto list = read_answer(
    {operation::list_notes},
    http_answer(200, protocol::encode(protocol::note_list{{{"n1", "a"}, {"n2", "b"}}})));
  ASSERT_EQ(list.body.notes.size(), 2u);
  EXPECT_EQ(list.body.notes[1].id, "n2");
  EXPECT_EQ(list.body.notes[1].content, protocol::hash_content("b"));

  EXPECT_EQ(read_answer({operation::delete_note}, http_answer(204)).result,
            outcome::success);
  EXPECT_EQ(read_answer({operation::logout}, http_answer(204)).result, outcome::success);
}

TEST(answer, a_probe_answered_2xx_is_data_served_whatever_its_body) {
  auto a = read_answer({operation::read_note, true}, http_answer(200, "not a note"));
  EXPECT_EQ(a.result, outcome::success);
  EXPECT_FALSE(a.error.has_value());
}

TEST(answer, times_are_kept) {
  auto a = read_answer({operation::read_note}, http_answer(500));
  EXPECT_EQ(a.sent_ns, 10);
  EXPECT_EQ(a.received_ns, 20);
}

} // namespace
} // namespace throng::model
