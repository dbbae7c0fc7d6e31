// Tests of the verdict of a run in which nothing succeeded.

#include "stats/verdict.hpp"

#include <gtest/gtest.h>

namespace throng::stats {
namespace {

using protocol::operation;

request_sample failure(operation op, model::error_kind k, int status) {
  request_sample s;
  s.op = op;
  s.error = k;
  s.status = status;
  return s;
}

TEST(verdict, a_run_with_a_success_passes) {
  run_stats s;
  s.record(failure(operation::signup, model::error_kind::status_4xx, 404));
  request_sample ok;
  ok.op = operation::signup;
  s.record(ok);
  EXPECT_EQ(nothing_succeeded(s, ""), "");
}

TEST(verdict, every_sign_up_failed_names_the_request_and_the_answer) {
  run_stats s;
  for (int i = 0; i < 20; ++i)
    s.record(failure(operation::signup, model::error_kind::status_4xx, 404));
  EXPECT_EQ(nothing_succeeded(s, ""),
            "every sign-up failed: POST /v1/accounts answered 404 (20 times); "
            "is --target right?");
  EXPECT_EQ(nothing_succeeded(s, "/wrong"),
            "every sign-up failed: POST /wrong/v1/accounts answered 404 (20 times); "
            "is --target right?");
}

TEST(verdict, malformed_bodies_are_named_as_such) {
  run_stats s;
  s.record(failure(operation::signup, model::error_kind::malformed, 201));
  EXPECT_EQ(nothing_succeeded(s, ""),
            "every sign-up failed: POST /v1/accounts answered 201 with a malformed body "
            "(1 time)");
}

TEST(verdict, the_most_common_failure_of_several_requests_is_named) {
  run_stats s;
  s.record(failure(operation::signup, model::error_kind::timeout, 0));
  for (int i = 0; i < 3; ++i)
    s.record(failure(operation::login, model::error_kind::connect, 0));
  EXPECT_EQ(nothing_succeeded(s, ""),
            "every request failed; most often POST /v1/sessions could not connect "
            "(3 times); is --target right?");
}

TEST(verdict, a_run_that_sent_nothing_fails) {
  EXPECT_EQ(nothing_succeeded(run_stats{}, ""), "no request went out during the run");
}

TEST(verdict, a_5xx_gets_no_hint_about_the_target) {
  run_stats s;
  s.record(failure(operation::signup, model::error_kind::status_5xx, 503));
  EXPECT_EQ(nothing_succeeded(s, ""),
            "every sign-up failed: POST /v1/accounts answered 503 (1 time)");
}

} // namespace
} // namespace throng::stats
