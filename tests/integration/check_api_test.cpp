// `throng check-api` against both shapes of the reference service: every
// step matches its own profile; a wrong profile, a wrong field, a bad file
// and an unreachable target are each named, with their exit codes; a run
// through a profile its service does not speak names the profile's request;
// replay speaks the profile too.

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "crowd_run.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"

namespace throng::testing {
namespace {

std::string profile(const std::string& name) {
  return (std::filesystem::path{profiles_dir()} / name).string();
}

std::string url_of(const server::notes_server& srv) {
  return "http://127.0.0.1:" + std::to_string(srv.port());
}

std::unique_ptr<server::notes_server> start_shape(server::service_shape shape) {
  server::service_options o;
  o.shape = shape;
  return start_service(o);
}

// A copy of `name` with its first `from` replaced by `to`, in `tmp`.
std::string edited_profile(const temp_dir& tmp, const std::string& name,
                           const std::string& from, const std::string& to) {
  auto text = slurp(profile(name));
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos)
    text.replace(at, from.size(), to);
  auto path = tmp / name;
  std::ofstream(path) << text;
  return path;
}

TEST(check_api, every_step_of_the_v1_service_matches_api_v1_json) {
  auto srv = start_shape(server::service_shape::v1);
  ASSERT_TRUE(srv);
  auto o = throng("check-api --target " + url_of(*srv) + " --api " + profile("api-v1.json"));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("14 steps matched the profile, 0 did not, 0 skipped"), std::string::npos)
    << o.out;
  EXPECT_NE(o.out.find("POST /v1/accounts"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("FAIL"), std::string::npos) << o.out;
}

TEST(check_api, the_cookie_service_matches_its_profile_and_skips_the_rename) {
  auto srv = start_shape(server::service_shape::cookie);
  ASSERT_TRUE(srv);
  auto o = throng("check-api --target " + url_of(*srv) + " --api "
                  + profile("example-cookie.json"));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("0 did not, 1 skipped"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("the profile has no update_account"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("PATCH /notes/"), std::string::npos) << o.out;
}

TEST(check_api, a_profile_of_the_other_shape_fails_at_the_first_operation) {
  auto srv = start_shape(server::service_shape::cookie);
  ASSERT_TRUE(srv);
  auto o = throng("check-api --target " + url_of(*srv) + " --api " + profile("api-v1.json"));
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(o.out.find("FAIL  signup"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("status 404, the profile's success is 201"), std::string::npos) << o.out;
}

TEST(check_api, a_wrong_pointer_is_named_with_its_operation) {
  temp_dir tmp;
  auto srv = start_shape(server::service_shape::cookie);
  ASSERT_TRUE(srv);
  auto wrong = edited_profile(tmp, "example-cookie.json", "\"/note/id\"", "\"/note/ident\"");
  auto o = throng("check-api --target " + url_of(*srv) + " --api " + wrong);
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  auto fail = o.out.find("FAIL  create_note");
  ASSERT_NE(fail, std::string::npos) << o.out;
  EXPECT_NE(o.out.find("/note/ident", fail), std::string::npos) << o.out;
}

TEST(check_api, a_bad_profile_file_is_named_with_its_field_and_exits_2) {
  temp_dir tmp;
  auto wrong = edited_profile(tmp, "api-v1.json", "\"method\": \"POST\"", "\"method\": \"POTS\"");
  auto o = throng("check-api --target http://127.0.0.1:9 --api " + wrong);
  EXPECT_EQ(o.exit_code, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("--api: " + wrong), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(".method"), std::string::npos) << o.err;
}

TEST(check_api, an_unreachable_target_exits_3) {
  auto o = throng("check-api --timeout 2s --target http://127.0.0.1:9 --api "
                  + profile("api-v1.json"));
  EXPECT_EQ(o.exit_code, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("did not answer: connect"), std::string::npos) << o.err;
}

TEST(check_api, a_run_through_a_profile_the_service_does_not_speak_names_its_request) {
  auto o = throng("run --api " + profile("example-cookie.json")
                  + " --duration 2s --accounts 5 --rpm 600 --quiet");
  EXPECT_EQ(o.exit_code, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("every sign-up failed: POST /users answered 404"), std::string::npos)
    << o.err;
}

TEST(check_api, replay_through_a_profile_sends_its_requests) {
  auto o = throng("replay --seed 7 --account 3 --steps 12 --seed-notes 2 --shape cookie --api "
                  + profile("example-cookie.json"));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("signup  POST /users  201"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("create_note  POST /notes  201"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("0 violations"), std::string::npos) << o.out;
}

TEST(check_api, a_scenario_names_its_profile) {
  temp_dir tmp;
  auto path = tmp / "scenario.json";
  std::ofstream(path) << R"({"api": ")" << profile("example-cookie.json")
                      << R"(", "accounts": 5, "rpm": 600, "duration": "2s"})";
  auto o = throng("run --scenario " + path + " --shape cookie --quiet");
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("cookie shape) through " + profile("example-cookie.json")),
            std::string::npos)
    << o.out;
}

TEST(check_api, a_run_with_a_profile_that_cannot_be_read_exits_2) {
  auto o = throng("run --api /nonexistent/profile.json --duration 1s");
  EXPECT_EQ(o.exit_code, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("throng run: --api: /nonexistent/profile.json"), std::string::npos)
    << o.err;
}

} // namespace
} // namespace throng::testing
