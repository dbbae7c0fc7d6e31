// The seed-data phase of a run (seed_phase.hpp).

#include "actors/seed_phase.hpp"

#include <algorithm>

namespace throng::actors {

seed_phase::seed_phase(std::size_t accounts, std::size_t batch)
  : accounts_(accounts), batch_(std::max<std::size_t>(1, batch)) {
}

std::pair<std::size_t, std::size_t> seed_phase::next(bool may_start) {
  const auto first = next_;
  if (may_start && !gave_up_) {
    const auto room = batch_ - std::min(batch_, pending_);
    next_ = std::min(accounts_, next_ + room);
    pending_ += next_ - first;
  }
  return {first, next_};
}

bool seed_phase::report(seed_report r) {
  if (pending_ > 0)
    --pending_;
  figures_.notes += r.notes;
  figures_.errors += r.errors;
  figures_.retries += r.retries;
  if (!r.last_error.empty())
    last_error_ = std::move(r.last_error);
  if (!r.gave_up || gave_up_)
    return false;
  gave_up_ = true;
  return true;
}

std::optional<run_failure> seed_phase::failure(std::size_t max_errors) const {
  if (!gave_up_)
    return std::nullopt;
  return run_failure{3, "seed data: gave up after " + std::to_string(figures_.errors)
                          + " failed requests (more than --seed-max-errors "
                          + std::to_string(max_errors) + "); last error: " + last_error_};
}

} // namespace throng::actors
