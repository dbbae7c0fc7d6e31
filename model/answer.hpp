#pragma once

// An answer to one of an account's requests, classified once, where it is
// decoded: what it means for the account (did the request take effect?),
// how the run's figures count it, and the body it carried. Every other part
// of throng reads this verdict; none classifies the raw response again.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "protocol/content_hash.hpp"
#include "protocol/operation.hpp"
#include "model/error_kind.hpp"

namespace throng::model {

struct api_profile;

/// What an answer says about whether its request took effect.
enum class outcome : std::uint8_t {
  /// The answer the API promises for the request, its body decoded: it
  /// took effect (a read: it shows the service's state).
  success,
  /// An HTTP answer saying the request took no effect: a 4xx.
  refused,
  /// The request never left throng (no connection could be made, its time
  /// ran out in the queue, its target could not go into a request line):
  /// it took no effect, and throng knows it.
  not_sent,
  /// The request was written and no usable answer came back (a timeout, a
  /// closed connection, an answer that is not HTTP, a 5xx, a 1xx or 3xx, a
  /// 2xx whose body is not the JSON the API promises): a write may have
  /// taken effect, now or at any later time.
  unknown,
};

/// What a request is, as far as reading its answer goes.
struct request_kind {
  protocol::operation op = protocol::operation::read_note;
  /// A probe of another account's data: a refusal (401, 403, 404) is the
  /// expected answer.
  bool probe = false;
  /// A read of a note the account deleted: a 404 is the expected answer.
  bool expect_not_found = false;
  /// The run's API profile, which says what the statuses mean and where
  /// the body keeps its values; nullptr: the built-in contract
  /// (shared/api-v1.md). Owned by the run.
  const api_profile* profile = nullptr;
};

/// What a refusal means for the account, whatever its status: the built-in
/// contract's 404, 401 and 409, or a profile's not_found, unauthorized and
/// conflict statuses.
enum class refusal : std::uint8_t {
  none,         // not a refusal
  not_found,    // the account or the note does not exist (404)
  unauthorized, // the session is not valid (401)
  conflict,     // sign-up: the name is taken (409)
  other,        // any other refusal (400, 403, 422 of a profile, ...)
};

/// A note of a list, with the SHA-256 of its content.
struct listed_note {
  std::string id;
  protocol::content_hash content{};
};

/// The parts of a success's body that the account reads, by operation:
/// sign-up and log-in give `id` (the account's) and `token`; reading or
/// renaming the account gives `name`; a note's create, read and update give
/// `id` (the note's) and `content`; a list gives `notes`.
struct answer_body {
  std::string id;
  std::string token;
  std::string name;
  protocol::content_hash content{};
  std::vector<listed_note> notes;
  /// A page of a profile's cursor-paged list: the next page's cursor;
  /// nullopt on the last page.
  std::optional<std::string> next;
};

/// One classified answer. A plain value.
struct answer {
  outcome result = outcome::unknown;
  /// How the run's figures count it: nullopt for a success and for a
  /// refusal the request expected; else the kind of failure.
  std::optional<model::error_kind> error;
  int status = 0;    // the HTTP status; 0 when no HTTP answer came
  /// What a refused answer means (outcome::refused); refusal::none else.
  model::refusal refusal = model::refusal::none;
  std::string shard; // X-Shard, or empty
  answer_body body;  // meaningful for a success only
  std::int64_t sent_ns = 0;     // as http::response
  std::int64_t received_ns = 0; // as http::response

  /// Returns whether the service failed (no usable answer, a 5xx, a
  /// malformed answer): the account backs off after such an answer.
  bool service_failed() const noexcept {
    return error && *error != model::error_kind::status_4xx;
  }
};

/// Classifies and decodes `r`, the answer to a request of kind `k`. A
/// request was written when `r.sent_ns` is set; a failure before that is
/// outcome::not_sent. Never throws; a body that does not decode is a
/// failure of kind `malformed`.
///
/// With a profile (`k.profile`), a status of the operation's success set
/// is a success whose body is extracted at the profile's pointers
/// (protocol::extract_answer; an extraction that fails, or a sign-up or
/// log-in without its token, is `malformed`); with cookie auth the token of
/// a sign-up or log-in is `r.session`. A status of its not_found,
/// unauthorized or conflict set is a refusal of that meaning, any other 4xx
/// a refusal; 5xx, 1xx, 3xx and a 2xx outside the success set are failures
/// of unknown outcome, as without one. A probe expects a not_found,
/// unauthorized or 403 refusal; a read of a deleted note a not_found one.
answer read_answer(const request_kind& k, http::response r);

/// Returns the figures' name for the answer's class: "2xx", "3xx", "4xx",
/// "5xx", or the failure ("connect", "timeout", "reset", "protocol",
/// "malformed").
std::string_view status_class(const answer& a) noexcept;

} // namespace throng::model
