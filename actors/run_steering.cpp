// The steering of a running crowd (run_steering.hpp).

#include "actors/run_steering.hpp"

#include <algorithm>
#include <sstream>
#include <string>
#include <utility>

#include <caf/send.hpp>

#include "actors/messages.hpp"

namespace throng::actors {

namespace {

/// Returns the label of stage `i` on the report's charts: "stage 2: 10
/// accounts, 6000 rpm over 30 s".
std::string describe_stage(std::size_t i, const config::load_stage& st) {
  std::ostringstream out;
  out << "stage " << i + 1 << ": ";
  if (st.accounts)
    out << *st.accounts << " accounts" << (st.rpm ? ", " : "");
  if (st.rpm)
    out << *st.rpm << " rpm";
  if (!st.accounts && !st.rpm)
    out << "hold";
  if (st.duration.count() > 0)
    out << " over " << std::chrono::duration<double>(st.duration).count() << " s";
  return out.str();
}

double seconds(std::chrono::nanoseconds t) {
  return std::chrono::duration<double>(t).count();
}

} // namespace

run_steering::run_steering(const config::load_shape& shape, crowd& members,
                           crowd_controls& controls, caf::actor ticker,
                           std::function<void(control::run_controller&)> on_step)
  : shape_(shape), members_(members), controls_(controls), ticker_(std::move(ticker)),
    on_step_(std::move(on_step)) {
  const auto first = shape_.at(std::chrono::nanoseconds{0});
  rpm_ = first.rpm;
  stage_ = first.stage;
  stages_began(0, first.stage, 0);
  publish();
}

void run_steering::take_requests(std::chrono::nanoseconds at) {
  auto requests = controls_.take();
  for (const auto& r : requests)
    apply(r, seconds(at));
  if (!requests.empty())
    publish();
}

void run_steering::step(std::chrono::nanoseconds at) {
  take_requests(at);
  const auto t = shape_.at(at);
  if (t.stage > stage_) {
    stages_began(stage_ + 1, t.stage, seconds(at));
    stage_ = t.stage;
  }
  const auto wanted = static_cast<std::size_t>(
    std::max<std::int64_t>(0, static_cast<std::int64_t>(t.accounts) + offset_));
  if (wanted > members_.size())
    members_.add(wanted - members_.size(), nullptr);
  else if (wanted < members_.size())
    members_.remove(members_.size() - wanted);
  if (!rpm_fixed_)
    set_rate(t.rpm);
  publish();
  if (on_step_)
    on_step_(controls_);
}

void run_steering::apply(const control_request& r, double at_s) {
  switch (r.what) {
    case control_request::kind::add:
      members_.add(r.n, r.population);
      offset_ += static_cast<std::int64_t>(r.n);
      events_.push_back({at_s, "+" + std::to_string(r.n) + " accounts ("
                                 + r.population->spec.name + ")"});
      break;
    case control_request::kind::remove: {
      const auto n = members_.remove(r.n);
      offset_ -= static_cast<std::int64_t>(n);
      events_.push_back({at_s, "-" + std::to_string(n) + " accounts"});
      break;
    }
    case control_request::kind::rate: {
      rpm_fixed_ = true;
      set_rate(r.rpm);
      std::ostringstream label;
      label << "rate " << r.rpm << " rpm";
      events_.push_back({at_s, label.str()});
      break;
    }
  }
}

void run_steering::stages_began(std::size_t from, std::size_t to, double at_s) {
  const auto& stages = shape_.stages();
  for (auto k = from; k <= to && k < stages.size(); ++k)
    events_.push_back({at_s, describe_stage(k, stages[k])});
}

void run_steering::set_rate(double rpm) {
  if (rpm == rpm_)
    return;
  rpm_ = rpm;
  caf::anon_send(ticker_, rate_atom::value, rpm);
}

void run_steering::publish() {
  control::crowd_status s;
  members_.count(s);
  s.rpm = rpm_;
  s.stage = stage_;
  controls_.publish(std::move(s));
  peak_ = std::max(peak_, members_.size());
}

} // namespace throng::actors
