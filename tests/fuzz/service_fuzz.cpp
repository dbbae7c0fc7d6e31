// Drives the reference notes service's request handlers (the API and the
// admin API, as the server dispatches them) without sockets.
//
// Input framing: the first byte holds flags (bit 0: sign up an account first;
// bit 1: also give it a note), the rest is up to 8 requests separated by
// 0x1e, each "method\ntarget\nauthorization\nbody" (the body is everything
// after the third newline; missing parts are empty). In the target, the
// authorization and the body, "{aid}", "{token}" and "{nid}" stand for the
// set-up account's id, token and note id, and "{admin}" the admin token, so
// that authorised paths are reachable. Every answer must be well formed: an error is a 4xx or 5xx with
// an {"error": ...} body, a 204 has no body, another success has a JSON
// object.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/server.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"
#include "server/admin_api.hpp"
#include "server/memory_store.hpp"
#include "server/migrator.hpp"
#include "server/notes_service.hpp"

namespace {

using namespace throng;

constexpr std::size_t max_requests = 8;
constexpr std::string_view admin_token = "fuzz-admin";

struct setup {
  std::string aid;
  std::string token;
  std::string nid;
};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

std::string expand(std::string_view part, const setup& st) {
  std::string s{part};
  replace_all(s, "{aid}", st.aid);
  replace_all(s, "{token}", st.token);
  replace_all(s, "{nid}", st.nid);
  replace_all(s, "{admin}", admin_token);
  return s;
}

// Splits off the text before the next `sep` (or all of it) from `rest`.
std::string_view take(std::string_view& rest, char sep) {
  auto end = rest.find(sep);
  auto part = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{}
                                       : rest.substr(end + 1);
  return part;
}

http::server_request parse(std::string_view text, const setup& st) {
  http::server_request req;
  req.method = take(text, '\n');
  req.target = expand(take(text, '\n'), st);
  req.authorization = expand(take(text, '\n'), st);
  req.body = expand(text, st);
  return req;
}

void check(const http::server_response& res) {
  if (res.status >= 400 && res.status < 600) {
    auto e = protocol::decode<protocol::error_body>(res.body);
    if (!e || e->error.empty() || !res.shard.empty())
      std::abort();
  } else if (res.status == 204) {
    if (!res.body.empty())
      std::abort();
  } else if (res.status == 200 || res.status == 201 || res.status == 202) {
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (!j.is_object())
      std::abort();
  } else {
    std::abort();
  }
}

setup prepare(server::notes_service& service, std::uint8_t flags) {
  setup st;
  if ((flags & 1) == 0)
    return st;
  auto signed_up = service.handle({"POST", protocol::accounts_path(), {},
                                   protocol::encode(protocol::credentials{
                                     "fuzz", "password"})});
  auto created = protocol::decode<protocol::account_created>(signed_up.body);
  if (signed_up.status != 201 || !created)
    std::abort();
  st.aid = created->id;
  st.token = created->token;
  if ((flags & 2) == 0)
    return st;
  auto added = service.handle(
    {"POST", protocol::notes_path(st.aid), "Bearer " + st.token,
     protocol::encode(protocol::note_content{"first"})});
  auto n = protocol::decode<protocol::note>(added.body);
  if (added.status != 201 || !n)
    std::abort();
  st.nid = n->id;
  return st;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0)
    return 0;
  server::memory_store store{2};
  server::migrator migrations{store, server::migration_bug::none, {}};
  server::notes_service service{store, nullptr, &migrations};
  server::admin_api admin{std::string{admin_token}, store, migrations, nullptr};
  auto st = prepare(service, data[0]);
  std::string_view rest{reinterpret_cast<const char*>(data) + 1, size - 1};
  for (std::size_t i = 0; i < max_requests && !rest.empty(); ++i) {
    auto req = parse(take(rest, '\x1e'), st);
    check(server::admin_api::owns(req.target) ? admin.handle(req)
                                              : service.handle(req));
  }
  return 0;
}
