// Classifies and decodes the answers to accounts' requests (answer.hpp).

#include "model/answer.hpp"

#include <utility>

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

// A refusal the request asked for: a read of a note it deleted (404), a
// probe of another account's data (401, 403, 404).
bool expected_refusal(const request_kind& k, int status) noexcept {
  if (k.probe)
    return status == 401 || status == 403 || status == 404;
  return status == 404 && k.expect_not_found;
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
  if (r.status >= 400 && r.status < 500) {
    a.result = outcome::refused;
    if (!expected_refusal(k, r.status))
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
