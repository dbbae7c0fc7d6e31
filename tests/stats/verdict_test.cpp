// Tests of the verdict of a run in which nothing succeeded.

#include "stats/verdict.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

request_sample success(operation op) {
  request_sample s;
  s.op = op;
  return s;
}

// A request, recorded `times` times.
struct recorded {
  request_sample sample;
  int times = 1;
};

// The requests of a run, the target's path prefix, and the verdict.
struct verdict_case {
  const char* name;
  std::vector<recorded> requests;
  std::string prefix;
  std::string verdict;
};

TEST(verdict, names_what_failed_when_nothing_succeeded) {
  const auto sign_up_404 = failure(operation::signup, model::error_kind::status_4xx, 404);
  const verdict_case cases[] = {
    {"a run with a success passes", {{sign_up_404}, {success(operation::signup)}}, "", ""},
    {"every sign-up failed names the request and the answer",
     {{sign_up_404, 20}},
     "",
     "every sign-up failed: POST /v1/accounts answered 404 (20 times); is --target right?"},
    {"the request is named under the target's path prefix",
     {{sign_up_404, 20}},
     "/wrong",
     "every sign-up failed: POST /wrong/v1/accounts answered 404 (20 times); "
     "is --target right?"},
    {"malformed bodies are named as such",
     {{failure(operation::signup, model::error_kind::malformed, 201)}},
     "",
     "every sign-up failed: POST /v1/accounts answered 201 with a malformed body (1 time)"},
    {"the most common failure of several requests is named",
     {{failure(operation::signup, model::error_kind::timeout, 0)},
      {failure(operation::login, model::error_kind::connect, 0), 3}},
     "",
     "every request failed; most often POST /v1/sessions could not connect (3 times); "
     "is --target right?"},
    {"a run that sent nothing fails", {}, "", "no request went out during the run"},
    {"a 5xx gets no hint about the target",
     {{failure(operation::signup, model::error_kind::status_5xx, 503)}},
     "",
     "every sign-up failed: POST /v1/accounts answered 503 (1 time)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    run_stats s;
    for (const auto& r : c.requests)
      for (int i = 0; i < r.times; ++i)
        s.record(r.sample);
    EXPECT_EQ(nothing_succeeded(s, c.prefix), c.verdict);
  }
}

TEST(verdict, names_the_request_as_an_api_profile_writes_it) {
  run_stats s;
  for (int i = 0; i < 4; ++i)
    s.record(failure(operation::signup, model::error_kind::status_4xx, 404));
  request_lines lines;
  lines[static_cast<std::size_t>(operation::signup)] = "POST /users";
  EXPECT_EQ(nothing_succeeded(s, "/api", lines),
            "every sign-up failed: POST /api/users answered 404 (4 times); is --target right?");
}

} // namespace
} // namespace throng::stats
