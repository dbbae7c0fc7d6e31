// The control API of a distributed run (fleet_steering.hpp).

#include "fleet/fleet_steering.hpp"

#include <algorithm>
#include <sstream>

#include <caf/all.hpp>

#include "fleet/work_split.hpp"

namespace throng::fleet {

namespace {

/// Returns the positions of the running workers.
std::vector<std::size_t> running(const std::vector<steered_worker>& ws) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < ws.size(); ++k)
    if (ws[k].running)
      out.push_back(k);
  return out;
}

/// Returns how many of `n` accounts each of `at` removes: an even split,
/// each at most what it has, the rest passed to those that have more.
std::vector<std::uint64_t> removals(const std::vector<steered_worker>& ws,
                                    const std::vector<std::size_t>& at, std::uint64_t n) {
  std::vector<std::uint64_t> out(at.size(), 0);
  auto left = n;
  for (bool moved = true; left > 0 && moved;) {
    moved = false;
    const auto parts = even_split(left, at.size());
    for (std::size_t i = 0; i < at.size() && left > 0; ++i) {
      const auto room = ws[at[i]].crowd.accounts - std::min(ws[at[i]].crowd.accounts, out[i]);
      const auto take = std::min({parts[i], room, left});
      out[i] += take;
      left -= take;
      moved = moved || take > 0;
    }
  }
  return out;
}

} // namespace

void fleet_steering::step(caf::scoped_actor& self, const std::vector<steered_worker>& workers,
                          double at_s) {
  for (const auto& r : controls_.take())
    apply(self, workers, r, at_s);
  control::crowd_status s;
  for (const auto& w : workers) {
    if (!w.running)
      continue;
    s.accounts += w.crowd.accounts;
    s.running += w.crowd.running;
    for (const auto& [name, n] : w.crowd.by_population)
      s.by_population[name] += n;
    for (const auto& [name, n] : w.crowd.by_behaviour)
      s.by_behaviour[name] += n;
    s.rpm += w.crowd.rpm;
    s.stage = std::max<std::size_t>(s.stage, w.crowd.stage);
  }
  peak_ = std::max(peak_, s.accounts);
  controls_.publish(std::move(s));
}

void fleet_steering::apply(caf::scoped_actor& self, const std::vector<steered_worker>& workers,
                           const actors::control_request& r, double at_s) {
  const auto at = running(workers);
  if (at.empty())
    return;
  using kind = actors::control_request::kind;
  worker_control c;
  switch (r.what) {
    case kind::add: {
      c.what = worker_control::kind::add;
      c.behaviour = r.population->spec.behaviour;
      const auto parts = even_split(r.n, at.size());
      for (std::size_t i = 0; i < at.size(); ++i)
        if (parts[i] > 0) {
          c.n = parts[i];
          self->send(workers[at[i]].link, c);
        }
      events_.push_back({at_s, "+" + std::to_string(r.n) + " accounts ("
                                 + r.population->spec.name + ")"});
      break;
    }
    case kind::remove: {
      c.what = worker_control::kind::remove;
      const auto parts = removals(workers, at, r.n);
      std::uint64_t removed = 0;
      for (std::size_t i = 0; i < at.size(); ++i)
        if (parts[i] > 0) {
          c.n = parts[i];
          removed += parts[i];
          self->send(workers[at[i]].link, c);
        }
      events_.push_back({at_s, "-" + std::to_string(removed) + " accounts"});
      break;
    }
    case kind::rate: {
      c.what = worker_control::kind::rate;
      double total = 0;
      for (auto k : at)
        total += workers[k].fraction;
      for (auto k : at) {
        c.rpm = total > 0 ? r.rpm * workers[k].fraction / total
                          : r.rpm / static_cast<double>(at.size());
        self->send(workers[k].link, c);
      }
      std::ostringstream label;
      label << "rate " << r.rpm << " rpm";
      events_.push_back({at_s, label.str()});
      break;
    }
  }
}

} // namespace throng::fleet
