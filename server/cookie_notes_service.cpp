// The cookie shape of the reference service, as an adapter over the v1
// notes service (cookie_notes_service.hpp).

#include "server/cookie_notes_service.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/cookies.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"
#include "server/ids.hpp"

namespace throng::server {

namespace {

using http::server_request;
using http::server_response;
using json = nlohmann::json;

constexpr std::size_t default_page = 10;
constexpr std::size_t max_page = 25;

server_response error(int status, std::string message) {
  return server_response{
    status, protocol::encode(protocol::error_body{std::move(message)}), {}, false};
}

// Returns `inner` with `status` and `body`: the shard, delay and connection
// handling of the inner answer stay.
server_response like(server_response inner, int status, std::string body) {
  inner.status = status;
  inner.body = std::move(body);
  return inner;
}

// Whether the inner answer goes out as it is: a dropped connection or a
// failure of the service (5xx), which leave the outcome unknown.
bool passes(const server_response& in) {
  return in.drop || in.status >= 500;
}

// Whether the inner service refused the session's account: no token, an
// unknown or revoked one, a token of another account (403), or an account
// that does not exist (its 404s name what was not found).
bool refused_account(const server_response& in) {
  if (in.status == 401 || in.status == 403)
    return true;
  if (in.status != 404)
    return false;
  auto e = protocol::decode<protocol::error_body>(in.body);
  return e && e->error == "no such account";
}

server_response session_refused() {
  return error(401, "missing or invalid session");
}

// Parses a decimal number without sign; with `canonical`, no leading zero
// either (so that "/notes/07" never aliases "/notes/7").
std::optional<std::uint64_t> parse_number(std::string_view s, bool canonical) {
  if (s.empty() || (canonical && s.size() > 1 && s[0] == '0'))
    return std::nullopt;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size())
    return std::nullopt;
  return n;
}

// Parses a request body as a JSON object, or returns the 400 saying why not.
protocol::result<json, server_response> parse_object(std::string_view body) {
  if (protocol::nests_deeper_than(body, 64))
    return error(400, "body nests too deep");
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded())
    return error(400, "body is not valid JSON");
  if (!j.is_object())
    return error(400, "body is not a JSON object");
  return j;
}

// Returns string field `name` of `body`, or the 400 naming it.
protocol::result<std::string, server_response> string_field(const json& body,
                                                            const char* name) {
  auto at = body.find(name);
  if (at == body.end())
    return error(400, std::string{"field '"} + name + "': missing");
  if (!at->is_string())
    return error(400, std::string{"field '"} + name + "': not a string");
  return at->get<std::string>();
}

// Reads {"username", "secret"} as the inner service's credentials.
protocol::result<protocol::credentials, server_response>
credentials_of(std::string_view body) {
  auto j = parse_object(body);
  if (!j)
    return j.error();
  auto name = string_field(*j, "username");
  if (!name)
    return name.error();
  if (name->empty())
    return error(400, "field 'username': must not be empty");
  auto secret = string_field(*j, "secret");
  if (!secret)
    return secret.error();
  return protocol::credentials{std::move(*name), std::move(*secret)};
}

// Reads {"body": s} as the inner service's note content.
protocol::result<protocol::note_content, server_response>
note_body_of(std::string_view body) {
  auto j = parse_object(body);
  if (!j)
    return j.error();
  auto content = string_field(*j, "body");
  if (!content)
    return content.error();
  if (content->size() > protocol::max_content_bytes)
    return error(400, "field 'body': longer than "
                        + std::to_string(protocol::max_content_bytes) + " bytes");
  return protocol::note_content{std::move(*content)};
}

// The page a list asks for: ids above `after`, at most `limit` of them.
struct page_query {
  std::uint64_t after = 0;
  std::size_t limit = default_page;
};

// Reads after=<id>&limit=<k> (other parameters are ignored), or returns
// the 400 naming the parameter.
protocol::result<page_query, server_response> page_of(std::string_view query) {
  page_query q;
  while (!query.empty()) {
    auto end = query.find('&');
    auto pair = query.substr(0, end);
    auto eq = pair.find('=');
    auto key = pair.substr(0, eq);
    auto value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (key == "after") {
      auto n = parse_number(value, false);
      if (!n)
        return error(400, "query parameter 'after': not a note id");
      q.after = *n;
    } else if (key == "limit") {
      auto n = parse_number(value, false);
      if (!n || *n == 0)
        return error(400, "query parameter 'limit': not a positive number");
      q.limit = static_cast<std::size_t>(std::min<std::uint64_t>(*n, max_page));
    }
    if (end == std::string_view::npos)
      break;
    query.remove_prefix(end + 1);
  }
  return q;
}

// Returns {"note": {"id": n, "body": s}} for inner note `n` of number `id`.
std::string note_json(const protocol::note& n, std::uint64_t id) {
  return json{{"note", {{"id", id}, {"body", n.content}}}}.dump();
}

// Returns the inner answer's note and its number, or nullopt when the body
// is not a note with one of the inner service's ids.
std::optional<std::pair<protocol::note, std::uint64_t>> inner_note(std::string_view body) {
  auto n = protocol::decode<protocol::note>(body);
  auto id = n ? parse_note_id(n->id) : std::nullopt;
  if (!id)
    return std::nullopt;
  return std::pair{std::move(*n), *id};
}

std::string set_session(const std::string& aid, const std::string& token) {
  return std::string{cookie_notes_service::cookie_name} + '=' + aid + '.' + token
         + "; Path=/; HttpOnly; SameSite=Lax";
}

// The paths of the shape.
enum class shape_route : std::uint8_t { unknown, healthz, users, session, me, notes, note };

// The methods a path of kind `k` takes, as a 405's Allow header lists them.
const char* allowed_methods(shape_route k) {
  switch (k) {
    case shape_route::healthz:
    case shape_route::me:
      return "GET";
    case shape_route::users:
      return "POST";
    case shape_route::session:
      return "POST, DELETE";
    case shape_route::notes:
      return "GET, POST";
    case shape_route::note:
      return "GET, PATCH, DELETE";
    case shape_route::unknown:
      break;
  }
  return "";
}

bool allows(shape_route k, std::string_view method) {
  std::string_view allowed = allowed_methods(k);
  for (std::size_t at = 0; at < allowed.size();) {
    auto end = std::min(allowed.find(", ", at), allowed.size());
    if (allowed.substr(at, end - at) == method)
      return true;
    at = end + 2;
  }
  return false;
}

shape_route route_of(std::string_view path, std::string_view& note) {
  if (path == "/healthz")
    return shape_route::healthz;
  if (path == "/users")
    return shape_route::users;
  if (path == "/session")
    return shape_route::session;
  if (path == "/me")
    return shape_route::me;
  if (path == "/notes")
    return shape_route::notes;
  constexpr std::string_view notes_prefix = "/notes/";
  if (path.substr(0, notes_prefix.size()) == notes_prefix
      && path.find('/', notes_prefix.size()) == std::string_view::npos) {
    note = path.substr(notes_prefix.size());
    return shape_route::note;
  }
  return shape_route::unknown;
}

} // namespace

cookie_notes_service::cookie_notes_service(notes_service& inner) : inner_(inner) {
}

server_response cookie_notes_service::handle(const server_request& req) {
  std::string_view target = req.target;
  auto question = target.find('?');
  auto path = target.substr(0, question);
  auto query = question == std::string_view::npos ? std::string_view{}
                                                  : target.substr(question + 1);
  std::string_view note;
  auto kind = route_of(path, note);
  if (kind == shape_route::unknown)
    return error(404, "no such path");
  if (!allows(kind, req.method)) {
    auto out = error(405, "method " + req.method + " not allowed on " + std::string{path});
    out.allow = allowed_methods(kind);
    return out;
  }
  if (kind == shape_route::healthz)
    return call("GET", "/healthz", {}, nullptr);
  if (kind == shape_route::users)
    return sign_up(req);
  if (kind == shape_route::session && req.method == "POST")
    return log_in(req);
  auto s = session_of(req);
  if (!s)
    return session_refused();
  switch (kind) {
    case shape_route::session:
      return log_out(*s);
    case shape_route::me:
      return read_me(*s);
    case shape_route::notes:
      return req.method == "POST" ? create_note(req, *s) : list_notes(query, *s);
    case shape_route::note:
      if (auto n = parse_number(note, true))
        return on_note(req, *s, *n);
      return error(404, "no such note");
    default:
      break;
  }
  return error(404, "no such path");
}

std::optional<cookie_notes_service::session>
cookie_notes_service::session_of(const server_request& req) {
  auto value = http::cookie_value(req.cookie, cookie_name);
  if (!value)
    return std::nullopt;
  auto dot = value->find('.');
  if (dot == std::string_view::npos || dot + 1 == value->size())
    return std::nullopt;
  auto aid = value->substr(0, dot);
  auto n = parse_account_id(aid);
  if (!n)
    return std::nullopt;
  return session{std::string{aid}, *n, std::string{value->substr(dot + 1)}};
}

server_response cookie_notes_service::call(std::string method, std::string target,
                                           std::string body, const session* s) {
  server_request in;
  in.method = std::move(method);
  in.target = std::move(target);
  in.body = std::move(body);
  if (s != nullptr)
    in.authorization = "Bearer " + s->token;
  return inner_.handle(in);
}

server_response cookie_notes_service::sign_up(const server_request& req) {
  auto creds = credentials_of(req.body);
  if (!creds)
    return std::move(creds.error());
  auto in = call("POST", protocol::accounts_path(), protocol::encode(*creds), nullptr);
  if (passes(in))
    return in;
  if (in.status == 409)
    return like(std::move(in), 422, error(422, "username already taken").body);
  if (in.status != 201)
    return in;
  auto created = protocol::decode<protocol::account_created>(in.body);
  auto n = created ? parse_account_id(created->id) : std::nullopt;
  if (!n)
    return error(500, "unexpected sign-up answer from the notes service");
  auto out = like(std::move(in), 201, json{{"id", *n}}.dump());
  out.set_cookie = set_session(created->id, created->token);
  return out;
}

server_response cookie_notes_service::log_in(const server_request& req) {
  auto creds = credentials_of(req.body);
  if (!creds)
    return std::move(creds.error());
  auto in = call("POST", protocol::sessions_path(), protocol::encode(*creds), nullptr);
  if (passes(in) || in.status != 201)
    return in;
  auto opened = protocol::decode<protocol::session_created>(in.body);
  auto n = opened ? parse_account_id(opened->account_id) : std::nullopt;
  if (!n)
    return error(500, "unexpected log-in answer from the notes service");
  auto out = like(std::move(in), 200, json{{"user", {{"id", *n}}}}.dump());
  out.set_cookie = set_session(opened->account_id, opened->token);
  return out;
}

server_response cookie_notes_service::log_out(const session& s) {
  auto in = call("DELETE", protocol::current_session_path(), {}, &s);
  if (passes(in))
    return in;
  if (in.status != 204)
    return session_refused();
  in.set_cookie = std::string{cookie_name} + "=; Path=/; Max-Age=0";
  return in;
}

server_response cookie_notes_service::read_me(const session& s) {
  auto in = call("GET", protocol::account_path(s.account_id), {}, &s);
  if (passes(in))
    return in;
  if (in.status != 200)
    return refused_account(in) ? session_refused() : in;
  auto info = protocol::decode<protocol::account_info>(in.body);
  if (!info)
    return error(500, "unexpected account answer from the notes service");
  return like(std::move(in), 200, json{{"id", s.account}, {"username", info->name}}.dump());
}

server_response cookie_notes_service::create_note(const server_request& req,
                                                  const session& s) {
  auto body = note_body_of(req.body);
  if (!body)
    return std::move(body.error());
  auto in = call("POST", protocol::notes_path(s.account_id), protocol::encode(*body), &s);
  if (passes(in))
    return in;
  if (in.status != 201)
    return refused_account(in) ? session_refused() : in;
  auto created = inner_note(in.body);
  if (!created)
    return error(500, "unexpected note answer from the notes service");
  owners_.add(created->second, s.account);
  return like(std::move(in), 201, note_json(created->first, created->second));
}

server_response cookie_notes_service::list_notes(std::string_view query, const session& s) {
  auto q = page_of(query);
  if (!q)
    return std::move(q.error());
  auto in = call("GET", protocol::notes_path(s.account_id), {}, &s);
  if (passes(in))
    return in;
  if (in.status != 200)
    return refused_account(in) ? session_refused() : in;
  auto list = protocol::decode<protocol::note_list>(in.body);
  if (!list)
    return error(500, "unexpected list answer from the notes service");
  std::vector<std::uint64_t> ids;
  ids.reserve(list->notes.size());
  for (const auto& n : list->notes)
    if (auto id = parse_note_id(n.id); id && *id > q->after)
      ids.push_back(*id);
  std::sort(ids.begin(), ids.end());
  json items = json::array();
  for (std::size_t i = 0; i < ids.size() && i < q->limit; ++i)
    items.push_back(json{{"id", ids[i]}});
  json next = ids.size() > q->limit ? json(ids[q->limit - 1]) : json(nullptr);
  return like(std::move(in), 200, json{{"items", std::move(items)}, {"next", next}}.dump());
}

server_response cookie_notes_service::on_note(const server_request& req, const session& s,
                                              std::uint64_t note) {
  std::string body;
  if (req.method == "PATCH") {
    auto content = note_body_of(req.body);
    if (!content)
      return std::move(content.error());
    body = protocol::encode(*content);
  }
  auto owner = owners_.find(note).value_or(s.account);
  auto target = protocol::note_path(make_account_id(owner), make_note_id(note));
  auto method = req.method == "PATCH" ? std::string{"PUT"} : req.method;
  auto in = call(std::move(method), std::move(target), std::move(body), &s);
  if (passes(in))
    return in;
  if (in.status == 204) {
    owners_.remove(note);
    if (note % 2 == 0)
      return in;
    return like(std::move(in), 200, json{{"deleted", {{"id", note}}}}.dump());
  }
  if (in.status == 200) {
    auto read = inner_note(in.body);
    if (!read)
      return error(500, "unexpected note answer from the notes service");
    return like(std::move(in), 200, note_json(read->first, read->second));
  }
  // Refused for the session's own account: the cookie named an account its
  // token does not open. Refused under another account: not one's note.
  if (refused_account(in))
    return in.status == 401 || owner == s.account ? session_refused()
                                                  : error(404, "no such note");
  return in;
}

} // namespace throng::server
