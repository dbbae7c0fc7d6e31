#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/account_state.hpp"
#include "actors/behaviour.hpp"
#include "actors/consistency_checker.hpp"
#include "actors/rng.hpp"
#include "actors/violation.hpp"
#include "http/message.hpp"
#include "protocol/content_hash.hpp"
#include "protocol/operation.hpp"

namespace throng::actors {

/// What every account of a run shares. Owned by whoever runs the accounts
/// and outlives them.
struct account_settings {
  std::string name_prefix;         // makes names unique per run
  std::string base_path;           // the target URL's path prefix, or ""
  std::size_t content_bytes = 128; // the length of each note content
  std::uint64_t seed = 0;          // the run's seed
  std::size_t seed_notes = 0;      // notes each account creates before its mix
};

/// A request an account decided to make, with what it needs to understand
/// the answer.
struct planned_request {
  protocol::operation op = protocol::operation::signup;
  http::request req;
  std::string note_id;              // the note read, updated or deleted
  std::string new_name;             // update_account: the name asked for
  protocol::content_hash content{}; // create and update: the content sent
};

/// What an answer taught the account beyond its own state.
struct answer_outcome {
  std::vector<violation> violations;
  /// A 2xx answer was not the JSON it should be.
  bool protocol_error = false;
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

  /// Returns the next request to send. Call apply() with its answer before
  /// planning another.
  planned_request plan();

  /// Applies the answer to `p` (any status or transport failure).
  answer_outcome apply(const planned_request& p, const http::response& r);

  const account_state& state() const noexcept { return state_; }

private:
  planned_request make(protocol::operation op);
  std::string next_content();
  const known_note& pick_note();

  const account_settings* settings_;
  const behaviour* behaviour_;
  rng rng_;
  account_state state_;
  consistency_checker checker_;
};

} // namespace throng::actors
