// Tests of the API's paths: the builders, and parse_route inverting them.

#include "protocol/routes.hpp"

#include <gtest/gtest.h>

using namespace throng::protocol;

TEST(routes, builders) {
  EXPECT_EQ(accounts_path(), "/v1/accounts");
  EXPECT_EQ(sessions_path(), "/v1/sessions");
  EXPECT_EQ(current_session_path(), "/v1/sessions/current");
  EXPECT_EQ(account_path("a1"), "/v1/accounts/a1");
  EXPECT_EQ(notes_path("a1"), "/v1/accounts/a1/notes");
  EXPECT_EQ(note_path("a1", "n2"), "/v1/accounts/a1/notes/n2");
}

TEST(routes, parse_fixed_paths) {
  EXPECT_EQ(parse_route("/healthz").kind, route_kind::healthz);
  EXPECT_EQ(parse_route("/v1/accounts").kind, route_kind::accounts);
  EXPECT_EQ(parse_route("/v1/sessions").kind, route_kind::sessions);
  EXPECT_EQ(parse_route("/v1/sessions/current").kind,
            route_kind::current_session);
}

TEST(routes, parse_inverts_builders) {
  auto r = parse_route(account_path("A-z_0.9~"));
  EXPECT_EQ(r.kind, route_kind::account);
  EXPECT_EQ(r.account_id, "A-z_0.9~");
  EXPECT_EQ(r.note_id, "");

  r = parse_route(notes_path("a1"));
  EXPECT_EQ(r.kind, route_kind::notes);
  EXPECT_EQ(r.account_id, "a1");
  EXPECT_EQ(r.note_id, "");

  r = parse_route(note_path("a1", "n2"));
  EXPECT_EQ(r.kind, route_kind::note);
  EXPECT_EQ(r.account_id, "a1");
  EXPECT_EQ(r.note_id, "n2");
}

TEST(routes, query_string_is_ignored) {
  EXPECT_EQ(parse_route("/healthz?verbose=1").kind, route_kind::healthz);
  auto r = parse_route("/v1/accounts/a1/notes/n2?x=/y");
  EXPECT_EQ(r.kind, route_kind::note);
  EXPECT_EQ(r.account_id, "a1");
  EXPECT_EQ(r.note_id, "n2");
  EXPECT_EQ(parse_route("/v1/accounts?").kind, route_kind::accounts);
}

TEST(routes, unknown_paths) {
  for (auto target : {
         "",
         "/",
         "healthz",
         "/healthz/",
         "/v1",
         "/v1/",
         "/v2/accounts",
         "/v1/accounts/",
         "/v1/accounts//notes",
         "/v1/accounts/a1/",
         "/v1/accounts/a1/notes/",
         "/v1/accounts/a1/notes/n2/",
         "/v1/accounts/a1/notes/n2/x",
         "/v1/accounts/a1/notes/n2/x/y/z",
         "/v1/accounts/a1/other",
         "/v1/accounts/a1/other/n2",
         "/v1/sessions/",
         "/v1/sessions/other",
         "/v1/sessions/current/x",
         "//v1/accounts",
         "/V1/accounts",
         "?/healthz",
       })
    EXPECT_EQ(parse_route(target).kind, route_kind::unknown) << target;
}

TEST(routes, bad_ids_are_unknown) {
  for (auto target : {
         "/v1/accounts/a%201",
         "/v1/accounts/a 1",
         "/v1/accounts/a+1/notes",
         "/v1/accounts/a1/notes/n%2F2",
         "/v1/accounts/a1/notes/n#2",
         "/v1/accounts/\xc3\xa9/notes",
         "/v1/accounts/a1/notes/n:2",
       })
    EXPECT_EQ(parse_route(target).kind, route_kind::unknown) << target;
}

TEST(routes, unknown_route_carries_no_ids) {
  auto r = parse_route("/v1/accounts/a1/notes/n2/x");
  EXPECT_EQ(r.kind, route_kind::unknown);
  EXPECT_EQ(r.account_id, "");
  EXPECT_EQ(r.note_id, "");
}
