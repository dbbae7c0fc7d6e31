#pragma once

// One simulated account's logic, without I/O: what it asks next and what it
// learns from each answer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/account_state.hpp"
#include "model/answer.hpp"
#include "model/behaviour.hpp"
#include "model/consistency_checker.hpp"
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

  /// Returns what read_answer() needs to know of this request.
  request_kind kind() const noexcept {
    return request_kind{op, !probe_account.empty(), expect_not_found};
  }
};

/// One simulated account's logic, without any I/O: it decides its next
/// request (setting itself up first: sign-up, log-in) and applies the answer
/// to its state, checking it with the consistency checker. The behaviour
/// decides which operation comes next. Deterministic for a given seed,
/// index and sequence of answers. Not thread-safe; owned by one actor.
class account {
public:
  /// Creates account number `index`. `settings` and `b` must outlive it.
  account(const account_settings& settings, const behaviour& b,
          std::uint32_t index);

  /// Returns the next request to send at time `now_ns`, or nullopt when the
  /// behaviour idles this tick. Call apply() with its answer before planning
  /// another.
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
  planned_request make(protocol::operation op);
  void make_account_request(planned_request& p);
  void make_note_request(planned_request& p);
  /// Points `p` at one of the account's notes with method `m`; with no
  /// note, turns it into a list_notes and returns false.
  bool target_note(planned_request& p, http::method m);
  planned_request make_probe(const step& s);
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
  [[no_unique_address]] consistency_checker checker_; // stateless
};

} // namespace throng::model
