// Classifies and decodes the answers to accounts' requests (answer.hpp).

#include "model/answer.hpp"

#include <cstddef>
#include <utility>

#include "model/api_profile.hpp"
#include "protocol/answer_fields.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"

namespace throng::model {

namespace {

using protocol::operation;
using model::error_kind;

model::error_kind kind_of(http::failure f) noexcept {
  switch (f) {
    case http::failure::connect:
      return error_kind::connect;
    case http::failure::timeout:
      return error_kind::timeout;
    case http::failure::reset:
      return error_kind::reset;
    case http::failure::none:
    case http::failure::protocol:
      break;
  }
  return error_kind::protocol;
}

// Decodes the body of a 2xx answer to `op` into `out`. Returns false for a
// body that is not what the API promises.
bool decode_body(operation op, const std::string& body, answer_body& out) {
  switch (op) {
    case operation::signup: {
      auto x = protocol::decode<protocol::account_created>(body);
      if (!x)
        return false;
      out.id = std::move(x->id);
      out.token = std::move(x->token);
      return true;
    }
    case operation::login: {
      auto x = protocol::decode<protocol::session_created>(body);
      if (!x)
        return false;
      out.id = std::move(x->account_id);
      out.token = std::move(x->token);
      return true;
    }
    case operation::logout:
    case operation::delete_note:
      return true;
    case operation::read_account:
    case operation::update_account: {
      auto x = protocol::decode<protocol::account_info>(body);
      if (!x)
        return false;
      out.name = std::move(x->name);
      return true;
    }
    case operation::create_note:
    case operation::read_note:
    case operation::update_note: {
      auto x = protocol::decode<protocol::note>(body);
      if (!x)
        return false;
      out.id = std::move(x->id);
      out.content = protocol::hash_content(x->content);
      return true;
    }
    case operation::list_notes: {
      auto x = protocol::decode<protocol::note_list>(body);
      if (!x)
        return false;
      out.notes.reserve(x->notes.size());
      for (auto& n : x->notes)
        out.notes.push_back({std::move(n.id), protocol::hash_content(n.content)});
      return true;
    }
  }
  return false;
}

model::refusal builtin_refusal(int status) noexcept {
  switch (status) {
    case 404:
      return model::refusal::not_found;
    case 401:
      return model::refusal::unauthorized;
    case 409:
      return model::refusal::conflict;
    default:
      return model::refusal::other;
  }
}

// Moves what a profile's answer held into `out`, as decode_body does for
// the built-in contract. Returns false for a body that is not what the
// profile says: a value missing, a sign-up or log-in without its ids.
bool extract_body(const request_kind& k, http::response& r, answer_body& out) {
  // One answer may list every note an account keeps (--notes-per-account
  // goes up to 100,000), as the built-in contract's lists do; the body's
  // size bounds it too (--max-response-bytes).
  constexpr std::size_t max_listed = 200'000;
  auto x = protocol::extract_answer(r.body, k.profile->at(k.op).answer, max_listed);
  if (!x)
    return false;
  switch (k.op) {
    case operation::signup:
    case operation::login:
      out.id = std::move(x->account_id);
      out.token = k.profile->style.auth == http::auth_style::cookie
                    ? std::move(r.session) : std::move(x->token);
      return !out.id.empty() && !out.token.empty();
    case operation::read_account:
    case operation::update_account:
      out.name = std::move(x->name);
      return true;
    case operation::list_notes:
      out.notes.reserve(x->items.size());
      for (auto& i : x->items)
        out.notes.push_back({std::move(i.id), i.content ? protocol::hash_content(*i.content)
                                                        : protocol::content_hash{}});
      out.next = std::move(x->next);
      return true;
    default:
      out.id = std::move(x->note_id);
      if (x->content)
        out.content = protocol::hash_content(*x->content);
      return true;
  }
}

model::refusal profile_refusal(const operation_mapping& m, int status) noexcept {
  if (m.not_found.contains(status))
    return model::refusal::not_found;
  if (m.unauthorized.contains(status))
    return model::refusal::unauthorized;
  if (m.conflict.contains(status))
    return model::refusal::conflict;
  return status >= 400 && status < 500 ? model::refusal::other : model::refusal::none;
}

// A refusal the request asked for, by its meaning: a read of a note it
// deleted (not found), a probe of another account's data (not found,
// unauthorized, or 403).
bool expected(const request_kind& k, model::refusal why, int status) noexcept {
  if (k.probe)
    return why == model::refusal::not_found || why == model::refusal::unauthorized
           || status == 403;
  return why == model::refusal::not_found && k.expect_not_found;
}

// The profile's half of read_answer: `a` holds the transport's part, `r`
// is an HTTP answer.
answer read_profile_answer(const request_kind& k, http::response& r, answer a) {
  const auto& m = k.profile->at(k.op);
  if (m.success.contains(r.status)) {
    if (!k.probe && !extract_body(k, r, a.body)) {
      a.error = error_kind::malformed;
      a.body = answer_body{};
      return a;
    }
    a.result = outcome::success;
    return a;
  }
  if (auto why = profile_refusal(m, r.status); why != model::refusal::none) {
    a.result = outcome::refused;
    a.refusal = why;
    if (!expected(k, why, r.status))
      a.error = error_kind::status_4xx;
    return a;
  }
  a.error = r.status >= 500 && r.status < 600 ? error_kind::status_5xx : error_kind::protocol;
  return a;
}

} // namespace

answer read_answer(const request_kind& k, http::response r) {
  answer a;
  a.shard = std::move(r.shard);
  a.sent_ns = r.sent_ns;
  a.received_ns = r.received_ns;
  const bool written = r.sent_ns != 0;
  if (r.error != http::failure::none) {
    a.error = kind_of(r.error);
    a.result = written ? outcome::unknown : outcome::not_sent;
    return a;
  }
  a.status = r.status;
  if (k.profile != nullptr)
    return read_profile_answer(k, r, std::move(a));
  if (r.status >= 400 && r.status < 500) {
    a.result = outcome::refused;
    a.refusal = builtin_refusal(r.status);
    if (!expected(k, a.refusal, r.status))
      a.error = error_kind::status_4xx;
    return a;
  }
  if (r.status >= 500 && r.status < 600) {
    a.error = error_kind::status_5xx;
    return a;
  }
  if (r.status < 200 || r.status >= 300) {
    a.error = error_kind::protocol;
    return a;
  }
  // A probe's 2xx is read by the account as data served; its body is not
  // the account's to check.
  if (!k.probe && !decode_body(k.op, r.body, a.body)) {
    a.error = error_kind::malformed;
    a.body = answer_body{};
    return a;
  }
  a.result = outcome::success;
  return a;
}

std::string_view status_class(const answer& a) noexcept {
  if (a.status == 0)
    return a.error ? model::to_string(*a.error) : std::string_view{"none"};
  if (a.error == error_kind::malformed)
    return "malformed";
  switch (a.status / 100) {
    case 1:
      return "1xx";
    case 2:
      return "2xx";
    case 3:
      return "3xx";
    case 4:
      return "4xx";
    case 5:
      return "5xx";
    default:
      return "protocol";
  }
}

} // namespace throng::model
