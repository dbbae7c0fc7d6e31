// The notes service's request handling: routing, passwords and tokens, each
// endpoint, and the injected faults (notes_service.hpp).

#include "server/notes_service.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "http/bearer_token.hpp"
#include "protocol/codec.hpp"
#include "protocol/content_hash.hpp"
#include "protocol/digits.hpp"
#include "protocol/routes.hpp"
#include "server/ids.hpp"

namespace throng::server {

namespace {

using http::bearer_token;
using http::server_request;
using http::server_response;
using protocol::route_kind;

constexpr std::size_t token_bytes = 16;
constexpr std::size_t salt_bytes = 16;

server_response error(int status, std::string message) {
  return server_response{
    status, protocol::encode(protocol::error_body{std::move(message)}), {},
    false};
}

server_response from_store(store_error e, std::string_view what) {
  switch (e) {
    case store_error::not_found:
      return error(404, "no such " + std::string{what});
    case store_error::name_taken:
      return error(409, "name already taken");
    case store_error::failed:
      return error(500, "storage failed");
  }
  return error(500, "unexpected store error");
}

std::optional<std::string> random_hex(std::size_t n) {
  std::array<unsigned char, 32> bytes{};
  if (n > bytes.size() || RAND_bytes(bytes.data(), static_cast<int>(n)) != 1)
    return std::nullopt;
  return protocol::to_hex(std::span{bytes}.first(n));
}

std::string salted_hash(std::string_view salt, std::string_view password) {
  std::string input{salt};
  input += password;
  return protocol::to_hex(protocol::hash_content(input));
}

// A secret is "<salt>:<SHA-256 of salt and password>", both in hex.
std::optional<std::string> make_secret(std::string_view password) {
  auto salt = random_hex(salt_bytes);
  if (!salt)
    return std::nullopt;
  return *salt + ":" + salted_hash(*salt, password);
}

bool check_password(std::string_view secret, std::string_view password) {
  auto colon = secret.find(':');
  if (colon == std::string_view::npos)
    return false;
  auto expected = secret.substr(colon + 1);
  auto actual = salted_hash(secret.substr(0, colon), password);
  return actual.size() == expected.size()
         && CRYPTO_memcmp(actual.data(), expected.data(), actual.size()) == 0;
}

// Decodes the body of a note create or update, content limit included.
protocol::result<protocol::note_content, server_response>
decode_note(std::string_view body) {
  auto decoded = protocol::decode<protocol::note_content>(body);
  if (!decoded)
    return error(400, decoded.error().message);
  if (decoded->content.size() > protocol::max_content_bytes)
    return error(400, "field 'content': longer than "
                        + std::to_string(protocol::max_content_bytes)
                        + " bytes");
  return std::move(*decoded);
}

// Changes the first byte of `content`, so that its hash changes.
void corrupt(std::string& content) {
  if (content.empty())
    content = '#';
  else
    content[0] = content[0] == '#' ? '$' : '#';
}

// Phantom notes get ids far above any the service hands out.
constexpr std::uint64_t phantom_base = std::uint64_t{1} << 56;

// The methods a path of kind `k` takes, as a 405's Allow header lists them.
const char* allowed_methods(route_kind k) {
  switch (k) {
    case route_kind::healthz:
      return "GET";
    case route_kind::accounts:
    case route_kind::sessions:
      return "POST";
    case route_kind::current_session:
      return "DELETE";
    case route_kind::account:
      return "GET, PUT";
    case route_kind::notes:
      return "GET, POST";
    case route_kind::note:
      return "GET, PUT, DELETE";
    case route_kind::unknown:
      break;
  }
  return "";
}

} // namespace

notes_service::notes_service(store& st, fault_injector* faults,
                             const migrator* migrations)
  : store_(st), faults_(faults), migrations_(migrations) {
}

server_response notes_service::handle(const server_request& req) {
  auto r = protocol::parse_route(req.target);
  if (faults_ == nullptr || r.kind == route_kind::unknown
      || r.kind == route_kind::healthz)
    return route(req, r);
  if (faults_->fires(fault_kind::reset)) {
    server_response dropped;
    dropped.drop = true;
    return dropped;
  }
  // The latency fault holds the answer on the server's timer rather than
  // this thread, so that the other connections are served meanwhile.
  auto delay = faults_->fires(fault_kind::latency) ? faults_->delay()
                                                   : std::chrono::milliseconds{0};
  if (faults_->fires(fault_kind::error503)) {
    auto refused = error(503, "injected fault: error503");
    refused.delay = delay;
    return refused;
  }
  auto out = route(req, r);
  if (req.method != "GET" && out.status < 300
      && faults_->fires(fault_kind::ambiguous))
    out.drop = true;
  out.delay = delay;
  return out;
}

std::optional<stale_copy>
notes_service::stale_view(const std::string& aid) const {
  if (migrations_ == nullptr
      || migrations_->bug() != migration_bug::stale_after_cutover)
    return std::nullopt;
  return migrations_->stale_view(aid);
}

server_response notes_service::route(const server_request& req,
                                     const protocol::route& r) {
  const auto& m = req.method;
  switch (r.kind) {
    case route_kind::unknown:
      return error(404, "no such path");
    case route_kind::healthz:
      if (m == "GET")
        return server_response{200, R"({"status":"ok"})", {}, false};
      break;
    case route_kind::accounts:
      if (m == "POST")
        return sign_up(req);
      break;
    case route_kind::sessions:
      if (m == "POST")
        return log_in(req);
      break;
    case route_kind::current_session:
      if (m == "DELETE")
        return log_out(req);
      break;
    case route_kind::account:
      if (m == "GET")
        return read_account(req, r.account_id);
      if (m == "PUT")
        return update_account(req, r.account_id);
      break;
    case route_kind::notes:
      if (m == "GET")
        return list_notes(req, r.account_id);
      if (m == "POST")
        return create_note(req, r.account_id);
      break;
    case route_kind::note:
      if (m == "GET")
        return read_note(req, r.account_id, r.note_id);
      if (m == "PUT")
        return update_note(req, r.account_id, r.note_id);
      if (m == "DELETE")
        return delete_note(req, r.account_id, r.note_id);
      break;
  }
  auto out = error(405, "method " + m + " not allowed on " + req.target);
  out.allow = allowed_methods(r.kind);
  return out;
}

server_response notes_service::sign_up(const server_request& req) {
  auto creds = protocol::decode<protocol::credentials>(req.body);
  if (!creds)
    return error(400, creds.error().message);
  if (creds->name.empty())
    return error(400, "field 'name': must not be empty");
  auto secret = make_secret(creds->password);
  auto token = random_hex(token_bytes);
  if (!secret || !token)
    return error(500, "no random bytes available");
  auto aid = store_.create_account(creds->name, std::move(*secret));
  if (!aid)
    return from_store(aid.error(), "account");
  if (auto added = store_.add_token(*token, *aid); !added)
    return from_store(added.error(), "account");
  return success(201,
                 protocol::encode(
                   protocol::account_created{*aid, creds->name, *token}),
                 *aid);
}

server_response notes_service::log_in(const server_request& req) {
  auto creds = protocol::decode<protocol::credentials>(req.body);
  if (!creds)
    return error(400, creds.error().message);
  auto login = store_.find_login(creds->name);
  if (!login && login.error() == store_error::failed)
    return from_store(login.error(), "account");
  if (!login || !check_password(login->secret, creds->password))
    return error(401, "wrong name or password");
  auto token = random_hex(token_bytes);
  if (!token)
    return error(500, "no random bytes available");
  if (auto added = store_.add_token(*token, login->account_id); !added)
    return from_store(added.error(), "account");
  return success(201,
                 protocol::encode(
                   protocol::session_created{login->account_id, *token}),
                 login->account_id);
}

server_response notes_service::log_out(const server_request& req) {
  auto token = bearer_token(req.authorization);
  if (token.empty())
    return error(401, "missing bearer token");
  auto aid = store_.revoke_token(token);
  if (!aid && aid.error() == store_error::failed)
    return from_store(aid.error(), "token");
  if (!aid)
    return error(401, "unknown or revoked token");
  return success(204, {}, *aid);
}

std::optional<server_response>
notes_service::authorize(const server_request& req, const std::string& aid) {
  auto token = bearer_token(req.authorization);
  if (token.empty())
    return error(401, "missing bearer token");
  auto owner = store_.token_account(token);
  if (!owner && owner.error() == store_error::failed)
    return from_store(owner.error(), "token");
  if (!owner)
    return error(401, "unknown or revoked token");
  if (*owner == aid)
    return std::nullopt;
  if (auto acc = store_.find_account(aid); !acc)
    return from_store(acc.error(), "account");
  if (faults_ != nullptr && faults_->fires(fault_kind::cross_account))
    return std::nullopt;
  return error(403, "token of another account");
}

server_response notes_service::read_account(const server_request& req,
                                            const std::string& aid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  auto info = store_.find_account(aid);
  if (!info)
    return from_store(info.error(), "account");
  return success(200, protocol::encode(*info), aid);
}

server_response notes_service::update_account(const server_request& req,
                                              const std::string& aid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  auto update = protocol::decode<protocol::account_update>(req.body);
  if (!update)
    return error(400, update.error().message);
  if (update->name.empty())
    return error(400, "field 'name': must not be empty");
  auto info = store_.rename_account(aid, update->name);
  if (!info)
    return from_store(info.error(), "account");
  return success(200, protocol::encode(*info), aid);
}

server_response notes_service::create_note(const server_request& req,
                                           const std::string& aid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  auto body = decode_note(req.body);
  if (!body)
    return body.error();
  auto created = store_.create_note(aid, std::move(body->content));
  if (!created)
    return from_store(created.error(), "account");
  if (faults_ != nullptr && faults_->fires(fault_kind::lost_note))
    store_.delete_note(aid, created->id);
  return success(201, protocol::encode(*created), aid);
}

server_response notes_service::list_notes(const server_request& req,
                                          const std::string& aid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  if (auto copy = stale_view(aid))
    return server_response{200, protocol::encode(copy->notes), copy->shard,
                           false};
  auto notes = store_.list_notes(aid);
  if (!notes)
    return from_store(notes.error(), "account");
  if (faults_ != nullptr) {
    // A list shows the latest contents: the stale-read fault must not
    // serve an earlier one after it (that would be a lost update).
    if (faults_->armed(fault_kind::stale_read))
      for (const auto& n : notes->notes)
        faults_->unread_previous(n.id);
    if (!notes->notes.empty() && faults_->fires(fault_kind::corrupt))
      corrupt(notes->notes.back().content);
    if (faults_->fires(fault_kind::phantom_note))
      notes->notes.push_back(
        protocol::note{make_note_id(phantom_base + notes->notes.size()),
                       "a note nobody wrote"});
  }
  return success(200, protocol::encode(*notes), aid);
}

server_response notes_service::read_note(const server_request& req,
                                         const std::string& aid,
                                         const std::string& nid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  if (auto copy = stale_view(aid)) {
    for (auto& n : copy->notes.notes)
      if (n.id == nid)
        return server_response{200, protocol::encode(n), copy->shard, false};
    return error(404, "no such note");
  }
  auto found = store_.find_note(aid, nid);
  if (!found)
    return from_store(found.error(), "note");
  if (faults_ != nullptr) {
    if (faults_->armed(fault_kind::stale_read))
      if (auto before = faults_->unread_previous(nid);
          before && faults_->fires(fault_kind::stale_read))
        found->content = std::move(*before);
    if (faults_->fires(fault_kind::corrupt))
      corrupt(found->content);
    // The lost update was shown once (this answer): now it goes.
    if (auto undo = faults_->take_undo(nid); undo && undo->first == aid)
      store_.update_note(aid, nid, std::move(undo->second));
  }
  return success(200, protocol::encode(*found), aid);
}

server_response notes_service::update_note(const server_request& req,
                                           const std::string& aid,
                                           const std::string& nid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  auto body = decode_note(req.body);
  if (!body)
    return body.error();
  std::optional<std::string> before;
  if (faults_ != nullptr
      && (faults_->armed(fault_kind::stale_read)
          || faults_->armed(fault_kind::lost_update)))
    if (auto old = store_.find_note(aid, nid))
      before = std::move(old->content);
  auto updated = store_.update_note(aid, nid, std::move(body->content));
  if (!updated)
    return from_store(updated.error(), "note");
  if (before) {
    faults_->cancel_undo(nid);
    if (faults_->fires(fault_kind::lost_update))
      faults_->undo_later(nid, aid, *before);
    if (faults_->armed(fault_kind::stale_read))
      faults_->updated(nid, std::move(*before));
  }
  return success(200, protocol::encode(*updated), aid);
}

server_response notes_service::delete_note(const server_request& req,
                                           const std::string& aid,
                                           const std::string& nid) {
  if (auto denied = authorize(req, aid))
    return std::move(*denied);
  if (faults_ != nullptr) {
    faults_->cancel_undo(nid);
    if (faults_->armed(fault_kind::resurrect) && store_.find_note(aid, nid)
        && faults_->fires(fault_kind::resurrect))
      return success(204, {}, aid);
  }
  if (auto deleted = store_.delete_note(aid, nid); !deleted)
    return from_store(deleted.error(), "note");
  return success(204, {}, aid);
}

server_response notes_service::success(int status, std::string body,
                                       const std::string& aid) const {
  return server_response{status, std::move(body), store_.shard_of(aid), false};
}

} // namespace throng::server
