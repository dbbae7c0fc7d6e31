// Replaying one account of a run (replayer.hpp).

#include "model/replayer.hpp"

#include <algorithm>
#include <future>
#include <utility>

namespace throng::model {

namespace {

// How far the replay's clock moves while a behaviour idles, per attempt.
constexpr std::int64_t idle_step_ns = 10'000'000;

} // namespace

replayer::replayer(const account_settings& settings, const behaviour& b,
                   std::uint32_t index, http::transport& t)
  : account_(settings, b, index), transport_(&t), clock_ns_(http::now_ns()) {
}

std::optional<replay_step> replayer::step(std::int64_t max_idle_ns) {
  std::optional<planned_request> plan;
  for (std::int64_t idled = 0; !(plan = account_.plan(clock_ns_));
       idled += idle_step_ns) {
    if (idled >= max_idle_ns)
      return std::nullopt;
    clock_ns_ += idle_step_ns;
  }
  std::promise<http::response> answered;
  auto answer = answered.get_future();
  transport_->submit(plan->req, [&answered](http::response r) {
    answered.set_value(std::move(r));
  });
  replay_step s;
  s.number = ++steps_;
  s.op = plan->op;
  s.request = plan->req;
  s.response = answer.get();
  s.violations = account_.apply(*plan, read_answer(plan->kind(), s.response)).violations;
  clock_ns_ = std::max(clock_ns_, http::now_ns());
  return s;
}

} // namespace throng::model
