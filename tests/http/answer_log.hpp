#pragma once

// Collects what a transport answers to submitted requests, so that a test
// can wait for the answers (boundedly) and check each came exactly once.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "http/transport.hpp"

namespace throng::http::test {

class answer_log {
public:
  explicit answer_log(std::size_t n) : state_(std::make_shared<state>(n)) {
  }

  /// Returns the callback for request `i`; it may run on any thread, also
  /// after the log is gone.
  transport::callback slot(std::size_t i) {
    return [s = state_, i](response r) {
      std::lock_guard<std::mutex> guard{s->mutex};
      if (s->calls[i]++ == 0) {
        s->answers[i] = std::move(r);
        s->threads.push_back(std::this_thread::get_id());
        ++s->answered;
      }
      s->changed.notify_all();
    };
  }

  /// Waits until every request was answered; false if `limit` passed first.
  bool wait(std::chrono::milliseconds limit = std::chrono::seconds{10}) {
    std::unique_lock<std::mutex> lock{state_->mutex};
    return state_->changed.wait_for(lock, limit, [this] {
      return state_->answered == state_->answers.size();
    });
  }

  /// Returns the answer to request `i` (empty until it came).
  response at(std::size_t i) const {
    std::lock_guard<std::mutex> guard{state_->mutex};
    return state_->answers[i];
  }

  /// Returns how many times request `i` was answered.
  std::size_t calls(std::size_t i) const {
    std::lock_guard<std::mutex> guard{state_->mutex};
    return state_->calls[i];
  }

  /// Returns the requests answered other than exactly once so far, in order.
  std::vector<std::size_t> not_answered_once() const {
    std::lock_guard<std::mutex> guard{state_->mutex};
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < state_->calls.size(); ++i)
      if (state_->calls[i] != 1)
        out.push_back(i);
    return out;
  }

  /// Returns the threads the first answers ran on, in order of arrival.
  std::vector<std::thread::id> threads() const {
    std::lock_guard<std::mutex> guard{state_->mutex};
    return state_->threads;
  }

private:
  struct state {
    explicit state(std::size_t n) : answers(n), calls(n, 0) {
    }
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<response> answers;
    std::vector<std::size_t> calls;
    std::vector<std::thread::id> threads;
    std::size_t answered = 0;
  };

  std::shared_ptr<state> state_;
};

/// Submits `req`, waits at most 10 s and returns the answer, if any came.
inline std::optional<response> call(transport& t, request req) {
  answer_log log{1};
  t.submit(std::move(req), log.slot(0));
  if (!log.wait())
    return std::nullopt;
  return log.at(0);
}

} // namespace throng::http::test
