#pragma once

// The walk `throng check-api` makes through a profile's API: every operation
// once, with a fresh account, each answer compared with what the profile
// says it should be, before anyone spends an hour on a run against a wrong
// mapping.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "model/api_profile.hpp"
#include "protocol/operation.hpp"

namespace throng::model {

class list_walk;

/// One step of the walk: what was sent, what came back, and whether it is
/// what the profile describes.
struct api_check_step {
  protocol::operation op = protocol::operation::signup;
  std::string label;     // "read_note (deleted)": the operation and why
  std::string request;   // "GET /notes/12"
  std::string sent_body; // the request's body, or empty
  /// "201 {...}" (the body cut at 200 bytes), or the failure ("timeout").
  std::string answer;
  enum class verdict : std::uint8_t { matched, mismatched, skipped } result =
    verdict::skipped;
  /// Why it did not match (names the field: "answer.note_id /note/id:
  /// nothing there"), or why it was skipped; empty when it matched.
  std::string problem;
};

/// The walk through a profile: sign up, log in, read the account, rename it
/// (and read it back), create a note, read it, update it, read it back,
/// list the notes to the last page, delete the note, read the deleted note
/// (a not-found answer is expected), log out, and read with the revoked
/// session (an unauthorized answer is expected). An operation the profile
/// lacks is skipped; so is a step whose input an earlier step did not give
/// (without a session from the sign-up or log-in, every other operation).
/// Plain: the caller brings the exchange (a blocking HTTP client, or a
/// service called in-process in tests).
class api_check {
public:
  /// Sends one request and returns its answer; the token goes as the
  /// profile's request_style says, which is the exchange's business.
  using exchange = std::function<http::response(const http::request&)>;

  /// Prepares a walk through `profile` (which must outlive it) as the
  /// account named `name`.
  api_check(const api_profile& profile, std::string name);

  /// Walks every step and returns them in order.
  std::vector<api_check_step> run(const exchange& send);

  /// Returns whether every step that was not skipped matched and at least
  /// one did.
  static bool all_matched(const std::vector<api_check_step>& steps) noexcept;

private:
  struct sent {
    http::response response;
    protocol::result<protocol::extracted_answer, std::string> body =
      std::string{"not sent"};
  };
  /// Sends step `s`'s request; a list's page as `walk` asks for it.
  sent send_step(const exchange& send, api_check_step& s, const list_walk* walk = nullptr);
  void expect_success(api_check_step& s, const sent& r);
  void expect_refusal(api_check_step& s, const sent& r, const status_set& want,
                      std::string_view what);
  void check_value(api_check_step& s, std::string_view field,
                   std::string_view got, std::string_view want);
  void walk_account(const exchange& send, std::vector<api_check_step>& out);
  void walk_notes(const exchange& send, std::vector<api_check_step>& out);
  void walk_list(const exchange& send, std::vector<api_check_step>& out);
  void walk_end(const exchange& send, std::vector<api_check_step>& out);
  api_check_step step(protocol::operation op, std::string label) const;

  const api_profile* profile_;
  std::string name_;
  std::string password_;
  std::string account_id_;
  std::string token_;
  std::string note_id_;
  std::string content_;
};

} // namespace throng::model
