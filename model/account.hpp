#pragma once

// One simulated account's logic, without I/O: what it asks next and what it
// learns from each answer.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account_state.hpp"
#include "model/api_profile.hpp"
#include "model/answer.hpp"
#include "model/behaviour.hpp"
#include "model/consistency_checker.hpp"
#include "model/list_walk.hpp"
#include "model/rng.hpp"
#include "model/violation.hpp"
#include "http/message.hpp"
#include "protocol/content_hash.hpp"
#include "protocol/operation.hpp"

namespace throng::model {

class account_directory;

/// What every account of a run shares. Owned by whoever runs the accounts
/// and outlives them.
struct account_settings {
  std::string name_prefix;         // makes names unique per run
  std::size_t content_bytes = 128; // the length of each note content
  std::uint64_t seed = 0;          // the run's seed
  std::size_t seed_notes = 0;      // notes each account creates before its mix
  /// Where accounts publish their ids and some note ids, for probers; owned
  /// by the run's set-up. nullptr: nobody publishes and probers stay idle.
  account_directory* directory = nullptr;
  /// The run's API profile, owned by the run; nullptr: the built-in
  /// mapping (shared/api-v1.md, protocol/routes and protocol/codec).
  const api_profile* profile = nullptr;
};

/// A request an account decided to make, with what it needs to understand
/// the answer.
struct planned_request {
  protocol::operation op = protocol::operation::signup;
  http::request req;
  std::string note_id;              // the note read, updated or deleted
  std::string new_name;             // update_account: the name asked for
  protocol::content_hash content{}; // create and update: the content sent
  /// A probe: the other account whose note (`note_id`) or note list was
  /// asked for; empty for the account's own requests.
  std::string probe_account;
  /// A read of a note the account deleted: a 404 is the expected answer.
  bool expect_not_found = false;
  /// Send the next request as soon as this one's answer arrives.
  bool chain = false;
  /// The profile it was made with (account_settings::profile).
  const api_profile* profile = nullptr;

  /// Returns what read_answer() needs to know of this request.
  request_kind kind() const noexcept {
    return request_kind{op, !probe_account.empty(), expect_not_found, profile};
  }
};

/// One simulated account's logic, without any I/O: it decides its next
/// request (setting itself up first: sign-up, log-in) and applies the answer
/// to its state, checking it with the consistency checker. The behaviour
/// decides which operation comes next. Deterministic for a given seed,
/// index and sequence of answers. Not thread-safe; owned by one actor.
///
/// With a profile (account_settings::profile) the same choices go out as
/// the profile's requests, rendered from its compiled templates, and
/// answers are read by its status sets (read_answer with the request's
/// kind). An operation the profile lacks is never sent: the behaviour is
/// asked again (up to eight draws a tick, each counting in behaviour_steps,
/// so a script moves on), so that the rate holds; a tick whose draws all
/// ask for absent operations rests. A log-out the profile lacks becomes a
/// log-in (a new session, as a session's end would lead to). A probe of another account's note list rests unless the profile's
/// list path names the account ({account_id}); a probe of a note always
/// can (its path names the note). A list probe asks for the first page.
/// When the profile's lists carry no contents, lists check membership and
/// reads check contents (list_view::contents false).
///
/// A profile's paged list is walked to its end, one page a request, each
/// page chained (planned_request::chain) and planned first by plan() or
/// plan_seed() until the walk is over, at most `max_pages` pages; the walk
/// is checked as one list when it ends. A walk cut short (the bound, a
/// page refused, failed or malformed) or one during which a write of
/// unknown outcome could shift the pages is partial (list_view::complete
/// false). After the last page of a walk whose step did not ask for a
/// chain, the first plan() returns nullopt once, so that the chain of the
/// pages ends there instead of sending the next step at once; plan_seed()
/// does not.
class account {
public:
  /// Creates account number `index`. `settings` and `b` must outlive it.
  account(const account_settings& settings, const behaviour& b,
          std::uint32_t index);

  /// Returns the next request to send at time `now_ns`, or nullopt when the
  /// behaviour idles this tick (or, with a profile, asks for an operation
  /// the profile lacks, or a walk's chain has just ended). Call apply()
  /// with its answer before planning another.
  std::optional<planned_request> plan(std::int64_t now_ns);

  /// Returns the next request of the seed-data phase, or nullopt once the
  /// account holds `settings.seed_notes` notes (it then starts its mix
  /// without creating more): a sign-up or log-in while needed, a list of
  /// its notes after a create of unknown outcome (a list that shows it
  /// adopts it; one that does not leaves it pending, and a new create
  /// follows), else a create. Not the choices plan() makes before its mix:
  /// plan() counts a create of unknown outcome as a note and never lists.
  std::optional<planned_request> plan_seed();

  /// Applies `a`, the classified answer to `p` (read_answer(p.kind(), ...)),
  /// to the account's state and returns what the checker found. A probe
  /// answered 2xx is an isolation_breach; a refusal (401, 403, 404) is what
  /// a probe expects.
  findings apply(const planned_request& p, const answer& a);

  const account_state& state() const noexcept { return state_; }

private:
  /// Returns the behaviour's next step the profile can send, or nullopt
  /// when the behaviour idles (or asks for absent operations only).
  std::optional<step> next_step(std::int64_t now_ns);
  planned_request make(protocol::operation op);
  /// Renders `p`'s request from the profile; `content` is the note content
  /// of a create or update. Starts a walk for an own paged list.
  void render(planned_request& p, std::string_view content);
  planned_request next_page();
  void apply_list(const planned_request& p, const answer& a, findings& out);
  void finish_walk(const answer& a, bool complete, findings& out);
  std::string note_body(planned_request& p);
  void make_account_request(planned_request& p);
  /// Returns the content of a create or update made for a profile.
  std::string make_note_request(planned_request& p);
  /// Points `p` at one of the account's notes with method `m`; with no
  /// note, turns it into a list_notes and returns false.
  bool target_note(planned_request& p, http::method m);
  std::optional<planned_request> make_probe(const step& s);
  void apply_probe(const planned_request& p, const answer& a, findings& out);
  void apply_account(const planned_request& p, const answer& a, findings& out);
  void apply_login(const answer& a, findings& out);
  void apply_note(const planned_request& p, const answer& a, findings& out);
  std::string next_content();
  const known_note& pick_note();

  const account_settings* settings_;
  const behaviour* behaviour_;
  rng rng_;
  account_state state_;
  /// The paged list being walked; nullptr between walks.
  std::unique_ptr<list_walk> walk_;
  /// The walk just ended: the next plan() rests once (the pages' chain).
  bool rest_after_walk_ = false;
  [[no_unique_address]] consistency_checker checker_; // stateless
};

} // namespace throng::model
