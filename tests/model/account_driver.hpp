#pragma once

// Test plumbing: drives one account step by step against the reference
// service (service_loop.hpp) or a replacement answer, on a synthetic clock,
// and records what it did.

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "model/account.hpp"
#include "service_loop.hpp"

namespace throng::model::testing {

/// One step of an account: at a time, idle or a request with its answer.
struct driven_step {
  std::int64_t now_ns = 0;
  bool idle = false;
  planned_request request;
  http::response answer;
};

/// Returns settings for tests: short contents, seed `seed`.
inline account_settings test_settings(std::uint64_t seed = 7) {
  account_settings s;
  s.name_prefix = "test";
  s.content_bytes = 40;
  s.seed = seed;
  return s;
}

/// Runs accounts against one service, keeping every step and violation.
class account_driver {
public:
  using answer_fn = std::function<http::response(const planned_request&)>;

  account_driver() = default;
  account_driver(const account_driver&) = delete;
  account_driver& operator=(const account_driver&) = delete;

  service_loop service;
  std::vector<driven_step> steps;
  std::vector<violation> violations;
  /// The settings of the accounts open() makes.
  account_settings settings = test_settings();

  /// Makes account number `index` of behaviour `b` (which must outlive the
  /// driver) with `settings`, and keeps it.
  account& open(const behaviour& b, std::uint32_t index) {
    return accounts_.emplace_back(settings, b, index);
  }

  /// Plans one request of `a` at `now_ns`, answers it (by `answer` if set,
  /// else by the service) and applies the answer. Returns whether it acted.
  bool step(account& a, std::int64_t now_ns, const answer_fn& answer = {}) {
    driven_step s;
    s.now_ns = now_ns;
    auto p = a.plan(now_ns);
    if (!p) {
      s.idle = true;
      steps.push_back(std::move(s));
      return false;
    }
    s.answer = answer ? answer(*p) : service.answer(p->req);
    auto out = a.apply(*p, read_answer(p->kind(), s.answer));
    violations.insert(violations.end(), out.violations.begin(), out.violations.end());
    s.request = std::move(*p);
    steps.push_back(std::move(s));
    return true;
  }

  /// Runs `n` steps of `a`, `dt_ns` apart from `start_ns`.
  void run(account& a, int n, std::int64_t start_ns = 0, std::int64_t dt_ns = 0,
           const answer_fn& answer = {}) {
    for (int i = 0; i < n; ++i)
      step(a, start_ns + i * dt_ns, answer);
  }

  /// Returns the operations of the steps that acted, in order.
  std::vector<protocol::operation> ops() const {
    std::vector<protocol::operation> out;
    for (auto& s : steps)
      if (!s.idle)
        out.push_back(s.request.op);
    return out;
  }

private:
  std::deque<account> accounts_;
};

} // namespace throng::model::testing
