#pragma once

// Test plumbing: a discrete-event simulation of a few accounts against a
// correct (linearizable) notes service whose timing is an adversary's. The
// service is the reference handler over a memory store, called at the
// moment each request takes effect, so each request is atomic; what the
// adversary chooses, per request, is its fate: when it takes effect (at
// once, after the client's timeout, after later requests, or never) and
// what the client hears (the answer, a 503 before or after, a dropped
// connection, nothing, or no connection at all). Optionally one anomaly is
// injected into account 0's data once, so that the checker can be seen to
// catch it. No sockets, no actors, no clock: deterministic for its inputs.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/violation.hpp"
#include "protocol/operation.hpp"

namespace throng::model {
struct api_profile;
} // namespace throng::model

namespace throng::model::testing {

/// What befalls one request. Times are in the simulation's microseconds;
/// the client's timeout is simulation_options::timeout_us.
struct fate {
  enum class kind : std::uint8_t {
    normal,       // takes effect, answered
    answer_lost,  // takes effect, never answered: the client times out
    error_after,  // takes effect, answered 503
    reset_after,  // takes effect, then the connection drops
    error_before, // no effect, answered 503
    never,        // no effect, never answered: the client times out
    not_sent,     // no connection: never sent
  };
  kind how = kind::normal;
  std::uint32_t apply_delay = 0;  // from the send to its effect
  std::uint32_t answer_delay = 0; // from its effect (or the send) to the answer
  std::uint32_t think = 0;        // from the answer to the account's next request

  /// Returns the fate's name ("answer_lost").
  static const char* name(kind k);
};

/// Something wrong a broken service does to account 0's data, once.
enum class anomaly : std::uint8_t {
  none,
  stale_read,    // a read serves the content before the latest, not yet shown
  lost_update,   // the latest content, once shown, is reverted to the one before
  lost_note,     // a note disappears
  phantom_note,  // a list carries a note nobody created
  corrupt,       // a read or list serves a content never written
  resurrect,     // an acknowledged delete is not done
  cross_account, // a probe of account 0 by account 1 is answered with its data
};

/// Returns the anomaly's name ("lost_update").
const char* to_string(anomaly a);

/// What to simulate.
struct simulation_options {
  std::uint64_t seed = 1;         // the accounts' choices
  std::size_t requests = 1000;    // requests made in all, before any extra ones
  std::size_t notes_per_account = 5;
  std::int64_t timeout_us = 1000; // the client's timeout
  anomaly inject = anomaly::none;
  /// The accounts' API profile (an api-v1 one whose lists come in pages,
  /// with or without contents: test_profiles.hpp), or nullptr for the
  /// built-in mapping. Each page takes effect on its own, at its own time.
  /// A profile with cookie auth drives the service's cookie shape
  /// (server/cookie_notes_service); anomalies are for api-v1 only.
  const api_profile* profile = nullptr;
};

/// A violation found, with the account that found it.
struct found_violation {
  std::size_t account = 0;
  violation v;
};

/// One request of a simulated history, as describe() prints it.
struct history_entry {
  std::int64_t sent_us = 0;
  std::size_t account = 0;
  protocol::operation op = protocol::operation::signup;
  std::string note;              // the note read, written or probed
  fate f;
  std::int64_t effect_us = -1;   // when it took effect; -1: never
  std::int64_t answered_us = 0;  // when the client heard
  std::string heard;             // "200", "timeout", "503", ...
  std::size_t violations = 0;    // found in its answer
};

/// What a simulation saw.
struct simulation_result {
  std::vector<found_violation> violations;
  std::size_t requests = 0;       // requests made
  std::uint64_t indeterminate = 0;
  bool injected = false;          // the anomaly was injected
  bool observed = false;          // an answer that shows it reached its account
  /// Every request, in the order the client heard of it.
  std::vector<history_entry> history;
};

/// Runs accounts 0 (random mix), 1 (a prober) and 2 (log-outs every few
/// operations) for `o.requests` requests; request i gets `fate_of(i)`. With
/// an anomaly, once it is injected account 0 meets no more trouble (its
/// fates are all normal and quick) and the run goes on until the anomaly
/// has been observed, or for as many requests again.
simulation_result simulate(const simulation_options& o,
                           const std::function<fate(std::size_t)>& fate_of);

/// Returns the result's history, its last `lines` lines at most.
std::string describe(const simulation_result& r, std::size_t lines = 60);

} // namespace throng::model::testing
