// The run-time controls of a running crowd (crowd_controls.hpp).

#include "actors/crowd_controls.hpp"

#include <algorithm>
#include <utility>

#include "model/behaviour_registry.hpp"
#include "http/message.hpp"

namespace throng::actors {

namespace {

/// Returns "1 account" or "N accounts".
std::string accounts_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " account" : " accounts");
}

} // namespace

std::string cannot_add(std::size_t n, std::size_t made, std::size_t room) {
  const auto why = room == 0 ? std::string{"account indexes are used up"}
                             : "only " + std::to_string(room) + " account indexes are left";
  return "cannot add " + accounts_text(n) + ": " + why + " (" + accounts_text(made)
         + " made in this run)";
}

crowd_controls::crowd_controls(const run_control& control,
                               std::deque<population_slot> populations,
                               std::size_t notes_per_account, std::size_t account_limit)
  : control_(control), populations_(std::move(populations)), given_(populations_.size()),
    notes_cap_(notes_per_account), account_limit_(account_limit) {
}

control::crowd_status crowd_controls::status() const {
  control::crowd_status s;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    s = published_;
  }
  const auto start = control_.start_ns.load(std::memory_order_relaxed);
  if (start != 0)
    s.elapsed_s = static_cast<double>(http::now_ns() - start) / 1e9;
  s.running = control_.live_accounts.load(std::memory_order_relaxed);
  s.requests = control_.requests.load(std::memory_order_relaxed);
  s.errors = control_.errors.load(std::memory_order_relaxed);
  s.violations = control_.violations.load(std::memory_order_relaxed);
  return s;
}

protocol::result<bool, control::control_error> crowd_controls::add_accounts(std::size_t n,
                                                                   const std::string& name) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (closed_)
      return stopping();
    // Indexes given out, and those the queued additions will take.
    std::size_t taken = made_;
    for (const auto& q : queue_)
      taken += q.what == control_request::kind::add ? q.n : 0;
    const auto room = account_limit_ - std::min(account_limit_, taken);
    if (n > room)
      return control::control_error{control::control_error::kind::bad_value, "add", cannot_add(n, taken, room)};
    auto population = population_for(name);
    if (!population)
      return population.error();
    control_request r;
    r.n = n;
    r.population = *population;
    queue_.push_back(std::move(r));
  }
  wake();
  return true;
}

protocol::result<const population_slot*, control::control_error>
crowd_controls::population_for(const std::string& name) {
  auto it = std::find_if(populations_.begin(), populations_.end(),
                         [&](const population_slot& p) { return p.spec.behaviour == name; });
  if (it != populations_.end())
    return &*it;
  model::population_spec p;
  p.name = name;
  p.behaviour = name;
  p.notes_per_account = notes_cap_;
  auto made = model::make_behaviour(p);
  if (!made)
    return control::control_error{control::control_error::kind::bad_value, "behaviour", made.error().message};
  it = populations_.insert(populations_.end(),
                           population_slot{p, std::move(made.value()), model::think_time{p.think}});
  return &*it;
}

protocol::result<bool, control::control_error> crowd_controls::remove_accounts(std::size_t n) {
  control_request r;
  r.what = control_request::kind::remove;
  r.n = n;
  return enqueue(std::move(r));
}

protocol::result<bool, control::control_error> crowd_controls::set_rpm(double rpm) {
  control_request r;
  r.what = control_request::kind::rate;
  r.rpm = rpm;
  return enqueue(std::move(r));
}

void crowd_controls::stop() {
  stop_ = true;
  wake();
}

void crowd_controls::on_request(std::function<void()> wake) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (!closed_)
    wake_ = std::move(wake);
}

std::vector<control_request> crowd_controls::take() {
  std::lock_guard<std::mutex> guard{mtx_};
  return std::exchange(queue_, {});
}

void crowd_controls::made(std::size_t n) {
  std::lock_guard<std::mutex> guard{mtx_};
  made_ = n;
}

void crowd_controls::publish(control::crowd_status s) {
  std::lock_guard<std::mutex> guard{mtx_};
  published_ = std::move(s);
}

void crowd_controls::close() {
  std::lock_guard<std::mutex> guard{mtx_};
  closed_ = true;
  published_.stopping = true;
  queue_.clear();
  wake_ = nullptr;
}

control::control_error crowd_controls::stopping() {
  return control::control_error{control::control_error::kind::stopping, "", "the run is stopping"};
}

protocol::result<bool, control::control_error> crowd_controls::enqueue(control_request r) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (closed_)
      return stopping();
    queue_.push_back(std::move(r));
  }
  wake();
  return true;
}

void crowd_controls::wake() {
  std::function<void()> w;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    w = wake_;
  }
  if (w)
    w();
}

} // namespace throng::actors
