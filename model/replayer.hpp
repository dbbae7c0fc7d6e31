#pragma once

// Replays one account of a run, request by request, with the run's seed
// (`throng replay`).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/account.hpp"
#include "model/violation.hpp"
#include "http/message.hpp"
#include "http/transport.hpp"
#include "protocol/operation.hpp"

namespace throng::model {

/// One request of a replayed account and what came back.
struct replay_step {
  std::size_t number = 0; // from 1
  protocol::operation op = protocol::operation::signup;
  http::request request;
  http::response response;
  std::vector<violation> violations;
};

/// Replays one account of a run on its own: account `index` with the run's
/// seed and behaviour makes the same choices (operation, note, content) for
/// the same answers as it did in the run, so a violation's log line (seed,
/// account index) is enough to drive that account again, one request at a
/// time, and watch each answer. Waits for each answer before planning the
/// next. The settings, behaviour and transport must outlive it. Not
/// thread-safe.
class replayer {
public:
  replayer(const account_settings& settings, const behaviour& b,
           std::uint32_t index, http::transport& t);

  /// Makes the account's next request, waits for its answer and applies it.
  /// A behaviour that idles (a batch writer between bursts) is asked again
  /// with the clock moved on by up to `max_idle_ns`; returns nullopt when it
  /// still does nothing.
  std::optional<replay_step> step(std::int64_t max_idle_ns = 60'000'000'000);

  const account_state& state() const noexcept { return account_.state(); }

private:
  account account_;
  http::transport* transport_;
  std::size_t steps_ = 0;
  // The replay's own clock: behaviours that read time see it advance with
  // each step, without the replay sleeping through idle periods.
  std::int64_t clock_ns_;
};

} // namespace throng::model
