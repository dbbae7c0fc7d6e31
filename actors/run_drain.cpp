// The drain at the end of a run (run_drain.hpp).

#include "actors/run_drain.hpp"

#include <ostream>
#include <utility>

#include <caf/all.hpp>

namespace throng::actors {

namespace {

constexpr auto check_interval = std::chrono::milliseconds(10);
// How long the accounts and the ticker have to be gone once ended.
constexpr auto actors_limit = std::chrono::milliseconds(10'000);

} // namespace

run_drain::run_drain(run_control& control, const std::atomic<int>& interrupt,
                     std::chrono::milliseconds grace, std::ostream& log)
  : control_(control), interrupt_(interrupt), grace_(grace), log_(log) {
}

void run_drain::begin(caf::event_based_actor* self, std::vector<caf::actor> pools,
                      caf::actor stats, crowd& members, done_handler done) {
  pools_ = std::move(pools);
  stats_ = std::move(stats);
  members_ = &members;
  done_ = std::move(done);
  control_.stopping = true;
  stage_ = stage::grace;
  deadline_ = clock::now() + grace_;
  on_check(self);
}

void run_drain::on_check(caf::event_based_actor* self) {
  const auto now = clock::now();
  if (stage_ == stage::grace) {
    const auto in_flight = control_.in_flight.load();
    if (in_flight > 0 && interrupt_.load() < 2 && now < deadline_) {
      check_later(self);
      return;
    }
    if (in_flight > 0)
      log_ << "stopping with " << in_flight
           << " requests still in flight after the grace period\n";
    drain_pools(self);
  } else if (stage_ == stage::actors) {
    const bool gone = control_.live_accounts.load() == 0 && control_.ticker_done.load();
    if (!gone && now < deadline_) {
      check_later(self);
      return;
    }
    collect(self);
  }
}

void run_drain::check_later(caf::event_based_actor* self) {
  self->delayed_send(self, check_interval, drain_check_atom::value);
}

void run_drain::drain_pools(caf::event_based_actor* self) {
  stage_ = stage::pools;
  pools_pending_ = pools_.size();
  if (pools_.empty()) {
    end_accounts(self);
    return;
  }
  for (auto& p : pools_)
    self->request(p, caf::infinite, drain_atom::value)
      .then([this, self](caf::ok_atom) { pool_drained(self); },
            [this, self](caf::error&) { pool_drained(self); });
}

void run_drain::pool_drained(caf::event_based_actor* self) {
  if (--pools_pending_ == 0)
    end_accounts(self);
}

void run_drain::end_accounts(caf::event_based_actor* self) {
  // Accounts removed earlier stop on their own, or go with their abandoned
  // request when the pools drain.
  members_->stop();
  stage_ = stage::actors;
  deadline_ = clock::now() + actors_limit;
  on_check(self);
}

void run_drain::collect(caf::event_based_actor* self) {
  stage_ = stage::totals;
  self->request(stats_, caf::infinite, totals_atom::value)
    .then([this](stats_delta& d) { finish(std::move(d)); },
          [this](caf::error&) { finish(stats_delta{}); });
}

void run_drain::finish(stats_delta totals) {
  stage_ = stage::over;
  // Every account is gone: what is left in the backlogs never went out.
  totals.figures.skipped_ticks = control_.unsent_ticks();
  totals.figures.tick_lateness_us = control_.tick_lateness_us;
  for (auto& p : pools_)
    caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(stats_, caf::exit_reason::user_shutdown);
  done_(std::move(totals));
}

} // namespace throng::actors
