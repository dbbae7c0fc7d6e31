#pragma once

// Test plumbing: API profiles built in code (the built-in contract,
// shared/api-v1.md, and variations of it), and a filter in front of the
// reference service that serves its note lists in pages, with or without
// contents, as such a profile says.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "model/api_profile.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"

namespace throng::model::testing {

/// Returns pointer `text`, parsed (a test's own pointers parse).
inline protocol::json_pointer ptr(std::string_view text) {
  return protocol::json_pointer::parse(text).value();
}

/// Returns the mapping of one operation (`body` as a template: a JSON
/// brace is written twice); `success` empty: the format's default by
/// method.
inline operation_mapping mapping(http::method verb, std::string_view path,
                                 std::string_view body, protocol::answer_fields answer,
                                 std::vector<int> success = {}) {
  operation_mapping m;
  m.present = true;
  m.verb = verb;
  m.path = protocol::text_template::compile(path, protocol::template_escape::url).value();
  m.body = protocol::text_template::compile(body, protocol::template_escape::json).value();
  m.answer = std::move(answer);
  if (success.empty())
    success = verb == http::method::post  ? std::vector<int>{200, 201}
              : verb == http::method::del ? std::vector<int>{200, 204}
                                          : std::vector<int>{200};
  m.success.codes = std::move(success);
  m.not_found.codes = {404};
  m.unauthorized.codes = {401};
  m.conflict.codes = {409};
  return m;
}

/// Returns a profile equivalent to the built-in contract (api-v1), with its
/// exact success statuses.
inline api_profile v1_profile() {
  using http::method;
  using protocol::operation;
  api_profile p;
  p.name = "api-v1 (test)";
  auto set = [&p](operation op, operation_mapping m) {
    p.ops[static_cast<std::size_t>(op)] = std::move(m);
  };
  protocol::answer_fields session;
  session.account_id = ptr("/account_id");
  session.token = ptr("/token");
  protocol::answer_fields created;
  created.account_id = ptr("/id");
  created.token = ptr("/token");
  protocol::answer_fields info;
  info.name = ptr("/name");
  protocol::answer_fields note;
  note.note_id = ptr("/id");
  note.content = ptr("/content");
  protocol::answer_fields list;
  list.items = ptr("/notes");
  list.item_id = ptr("/id");
  list.item_content = ptr("/content");
  const auto credentials = R"({{"name":"{name}","password":"{password}"}})";
  set(operation::signup, mapping(method::post, "/v1/accounts", credentials, created, {201}));
  set(operation::login, mapping(method::post, "/v1/sessions", credentials, session, {201}));
  set(operation::logout, mapping(method::del, "/v1/sessions/current", "", {}, {204}));
  set(operation::read_account, mapping(method::get, "/v1/accounts/{account_id}", "", info));
  set(operation::update_account,
      mapping(method::put, "/v1/accounts/{account_id}", R"({{"name":"{name}"}})", info));
  set(operation::create_note, mapping(method::post, "/v1/accounts/{account_id}/notes",
                                      R"({{"content":"{content}"}})", note, {201}));
  set(operation::read_note,
      mapping(method::get, "/v1/accounts/{account_id}/notes/{note_id}", "", note));
  set(operation::update_note, mapping(method::put, "/v1/accounts/{account_id}/notes/{note_id}",
                                      R"({{"content":"{content}"}})", note));
  set(operation::delete_note,
      mapping(method::del, "/v1/accounts/{account_id}/notes/{note_id}", "", {}, {204}));
  set(operation::list_notes, mapping(method::get, "/v1/accounts/{account_id}/notes", "", list));
  return p;
}

/// A profile in the shape of a cookie-session notes API: numeric ids, the
/// note under "note", a 422 for a name taken, deletes answered 200 or 204.
inline api_profile cookie_profile() {
  using http::method;
  using protocol::operation;
  api_profile p;
  p.name = "cookie (test)";
  p.style.auth = http::auth_style::cookie;
  p.style.auth_name = "sid";
  p.style.session_cookie = "sid";
  auto at = [&p](operation op) -> operation_mapping& {
    return p.ops[static_cast<std::size_t>(op)];
  };
  protocol::answer_fields user;
  user.account_id = ptr("/id");
  at(operation::signup) = mapping(method::post, "/users",
                                           R"({{"username":"{name}","secret":"{password}"}})",
                                           user, {201});
  at(operation::signup).conflict.codes = {422};
  protocol::answer_fields session;
  session.account_id = ptr("/user/id");
  at(operation::login) = mapping(method::post, "/session",
                                          R"({{"username":"{name}","secret":"{password}"}})",
                                          session, {200});
  protocol::answer_fields note;
  note.note_id = ptr("/note/id");
  note.content = ptr("/note/body");
  at(operation::create_note) = mapping(method::post, "/notes",
                                                R"({{"body":"{content}"}})", note, {201});
  at(operation::read_note) = mapping(method::get, "/notes/{note_id}", "", note);
  at(operation::delete_note) = mapping(method::del, "/notes/{note_id}", "", {});
  protocol::answer_fields list;
  list.items = ptr("/items");
  list.item_id = ptr("/id");
  list.next = ptr("/next");
  at(operation::list_notes) = mapping(method::get, "/notes", "", list);
  p.lists_carry_content = false;
  p.paging.kind = page_kind::cursor;
  p.paging.param = "after";
  return p;
}

/// Returns `p` with lists in pages of `size` (kind `k`, at most `max_pages`
/// a walk), their items with contents or not. A cursor's next is "/next".
inline api_profile paged(api_profile p, page_kind k, std::size_t size,
                         std::size_t max_pages = 100, bool contents = true) {
  p.paging.kind = k;
  p.paging.param = k == page_kind::page ? "page" : k == page_kind::offset ? "offset" : "after";
  p.paging.size_param = "limit";
  p.paging.size = size;
  p.paging.max_pages = max_pages;
  p.lists_carry_content = contents;
  auto& list = p.ops[static_cast<std::size_t>(protocol::operation::list_notes)].answer;
  if (k == page_kind::cursor)
    list.next = ptr("/next");
  if (!contents)
    list.item_content.reset();
  return p;
}

/// Returns the value of query parameter `name` in `target`, or "".
inline std::string query_value(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos)
    return {};
  auto rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    auto kv = rest.substr(0, amp);
    if (kv.substr(0, kv.find('=')) == name)
      return std::string{kv.substr(kv.find('=') + 1)};
    if (amp == std::string_view::npos)
      break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

/// Serves a reference service's whole list (`whole`, a 200 of the built-in
/// contract to the list path without its query) as the page `target` asks
/// for under `p`'s paging: `{"notes": [...], "next": ...}`, items without
/// contents unless the profile lists them. Cursors are note ids (the page
/// after that note).
inline http::response page_of(const api_profile& p, std::string_view target,
                              http::response whole) {
  if (whole.status != 200)
    return whole;
  auto all = protocol::decode<protocol::note_list>(whole.body).value().notes;
  const auto& g = p.paging;
  std::size_t from = 0;
  const auto at = query_value(target, g.param);
  if (g.kind == page_kind::page)
    from = (std::stoul(at) - g.first_page) * g.size;
  else if (g.kind == page_kind::offset)
    from = std::stoul(at);
  else if (g.kind == page_kind::cursor && !at.empty())
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].id == at)
        from = i + 1;
  const auto size = g.kind == page_kind::none ? all.size() : g.size;
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = from; i < all.size() && i < from + size; ++i) {
    nlohmann::json item{{"id", all[i].id}};
    if (p.lists_carry_content)
      item["content"] = all[i].content;
    items.push_back(std::move(item));
  }
  nlohmann::json body{{"notes", std::move(items)}};
  if (g.kind == page_kind::cursor)
    body["next"] = from + size < all.size() ? nlohmann::json(all[from + size - 1].id)
                                            : nlohmann::json(nullptr);
  whole.body = body.dump();
  return whole;
}

/// Returns `target` without its query.
inline std::string without_query(std::string_view target) {
  return std::string{target.substr(0, target.find('?'))};
}

} // namespace throng::model::testing
