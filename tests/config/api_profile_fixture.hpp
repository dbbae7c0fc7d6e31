#pragma once

// What the tests of the API profile reader share: a good profile to start
// from (a cookie API with cursor pages) and the checks of a refusal.

#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/api_profile_reader.hpp"

namespace throng::config::profile_testing {

using json = nlohmann::json;

// A small profile every test starts from: the required operations of a
// cookie API with cursor pages.
inline json base() {
  return json::parse(R"({
    "name": "cookie-notes",
    "auth": {"kind": "cookie", "name": "sid"},
    "shard_header": "X-Backend",
    "lists": {"contents": true,
              "pages": {"kind": "cursor", "param": "after", "size_param": "limit",
                        "size": 25, "max_pages": 50}},
    "operations": {
      "signup": {"method": "POST", "path": "/users",
                 "body": {"username": "{name}", "secret": "{password}"},
                 "success": [201], "answer": {"account_id": "/id"}},
      "login": {"method": "POST", "path": "/sessions",
                "body": {"username": "{name}", "secret": "{password}"},
                "answer": {"account_id": "/user/id"}},
      "logout": null,
      "create_note": {"method": "POST", "path": "/users/{account_id}/notes",
                      "body": {"note": {"body": "{content}", "tags": ["t"]}},
                      "answer": {"note_id": "/note/id", "content": "/note/body"}},
      "read_note": {"method": "GET", "path": "/notes/{note_id}?user={account_id}",
                    "not_found": [404, 410],
                    "answer": {"note_id": "/note/id", "content": "/note/body"}},
      "delete_note": {"method": "DELETE", "path": "/notes/{note_id}", "success": [204],
                      "conflict": []},
      "list_notes": {"method": "GET", "path": "/users/{account_id}/notes",
                     "answer": {"items": "/items", "item_id": "/id",
                                "item_content": "/body", "next": "/next"}}
    }
  })");
}

inline protocol::result<model::api_profile, std::string> parse(const json& profile) {
  return parse_api_profile(profile.dump(), "test.json");
}

inline model::api_profile parsed(const json& profile) {
  auto p = parse(profile);
  EXPECT_TRUE(p) << (p ? "" : p.error());
  return p ? *p : model::api_profile{};
}

// Expects `profile` to be refused at `field` with a message holding `what`.
inline void expect_error(const json& profile, const std::string& field, const std::string& what) {
  auto p = parse(profile);
  ASSERT_FALSE(p) << profile.dump();
  auto prefix = "test.json: " + (field.empty() ? "" : field + ": ");
  EXPECT_EQ(p.error().substr(0, prefix.size()), prefix) << p.error();
  EXPECT_NE(p.error().find(what), std::string::npos) << p.error();
}

inline json& op(json& profile, std::string_view name) {
  return profile["operations"][std::string{name}];
}

} // namespace throng::config::profile_testing
