// The crowd of a run (crowd.hpp).

#include "actors/crowd.hpp"

#include <algorithm>
#include <iterator>
#include <ostream>
#include <utility>

#include <caf/send.hpp>

namespace throng::actors {

crowd::crowd(crowd_plan plan, crowd_controls& controls, spawner spawn, std::ostream& log)
  : plan_(std::move(plan)), controls_(controls), spawn_(std::move(spawn)), log_(log) {
  for (const auto* p : plan_.populations)
    specs_.push_back(p->spec);
}

void crowd::add(std::size_t n, const population_slot* only) {
  const auto room = plan_.indexes.fitting(made_, n, plan_.account_limit);
  if (n > room && !told_used_up_) {
    log_ << cannot_add(n - room, made_ + room, 0) << '\n';
    told_used_up_ = true;
  }
  n = room;
  if (n == 0)
    return;
  ticker_join join;
  join.first_index = made_;
  // Exactly, as far as one addition goes: a million accounts' vectors
  // doubling would hold up to twice what they need, and the old copies
  // while they grow. Many small additions (a spawn rate) grow by half.
  join.accounts.reserve(n);
  join.inboxes = plan_.inboxes;
  join.shapes.reserve(n);
  if (const auto need = members_.size() + n; members_.capacity() < need)
    members_.reserve(std::max(need, members_.capacity() + members_.capacity() / 2));
  for (std::size_t i = 0; i < n; ++i, ++made_) {
    const auto index = static_cast<std::uint32_t>(plan_.indexes.at(made_));
    const auto* pop = next_population(index, only);
    // Made in the order of the accounts, so that the inbox of account
    // `made_` is the ticker's (*inboxes)[made_].
    auto* inbox = !plan_.closed && plan_.inboxes != nullptr ? &plan_.inboxes->emplace_back()
                                                            : nullptr;
    auto actor = spawn_(index, *pop, inbox);
    if (plan_.closed && ticker_)
      caf::anon_send(actor, start_atom::value);
    join.accounts.push_back(actor);
    join.shapes.push_back(model::tick_shape::of(pop->spec.think));
    const auto at = population_index(pop);
    members_.push_back({made_, at, std::move(actor)});
    ++live_[at];
  }
  controls_.made(made_);
  // The closed model's accounts pace themselves.
  if (!plan_.closed)
    join_ticker(std::move(join));
}

const population_slot* crowd::next_population(std::uint32_t index,
                                              const population_slot* only) const {
  if (only != nullptr)
    return only;
  return plan_.populations[model::population_of(specs_, plan_.accounts, index)];
}

std::uint32_t crowd::population_index(const population_slot* pop) {
  // A run has a few populations.
  for (auto i = populations_.size(); i-- > 0;)
    if (populations_[i] == pop)
      return static_cast<std::uint32_t>(i);
  populations_.push_back(pop);
  live_.push_back(0);
  return static_cast<std::uint32_t>(populations_.size() - 1);
}

void crowd::join_ticker(ticker_join join) {
  if (ticker_) {
    caf::anon_send(ticker_, std::move(join));
    return;
  }
  if (held_.accounts.empty()) {
    held_ = std::move(join);
    return;
  }
  std::move(join.accounts.begin(), join.accounts.end(), std::back_inserter(held_.accounts));
  std::move(join.shapes.begin(), join.shapes.end(), std::back_inserter(held_.shapes));
}

std::size_t crowd::remove(std::size_t n) {
  n = std::min(n, members_.size());
  ticker_leave leave;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& last = members_.back();
    --live_[last.population];
    if (plan_.closed)
      caf::anon_send(last.actor, retire_atom::value);
    else
      leave.indices.push_back(last.slot);
    members_.pop_back();
  }
  if (!leave.indices.empty())
    caf::anon_send(ticker_, std::move(leave));
  return n;
}

void crowd::start(caf::actor ticker) {
  ticker_ = std::move(ticker);
  if (plan_.closed) {
    for (auto& m : members_)
      caf::anon_send(m.actor, start_atom::value);
  } else if (!held_.accounts.empty()) {
    caf::anon_send(ticker_, std::exchange(held_, ticker_join{}));
  }
}

std::vector<caf::actor> crowd::accounts() const {
  std::vector<caf::actor> out;
  out.reserve(members_.size());
  for (const auto& m : members_)
    out.push_back(m.actor);
  return out;
}

void crowd::count(control::crowd_status& s) const {
  s.accounts = members_.size();
  s.by_population.clear();
  s.by_behaviour.clear();
  for (std::size_t i = 0; i < populations_.size(); ++i)
    if (live_[i] > 0) {
      s.by_population[populations_[i]->spec.name] += live_[i];
      s.by_behaviour[populations_[i]->spec.behaviour] += live_[i];
    }
}

void crowd::stop() {
  for (auto& m : members_)
    caf::anon_send_exit(m.actor, caf::exit_reason::user_shutdown);
  members_.clear();
  std::fill(live_.begin(), live_.end(), 0);
  ticker_ = caf::actor{};
}

} // namespace throng::actors
