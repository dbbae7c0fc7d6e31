#pragma once

// A client pool for tests that sends nothing: the test answers each request
// itself and plays the pool's I/O thread.

#include <cstddef>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "http/client_pool.hpp"

namespace throng::actors::test {

/// A client_pool that keeps each submitted request with its callback until
/// answer() calls it, runs a posted function at once on the poster's thread,
/// and on stop() fails what it kept with failure::reset; after stop() a
/// submit fails at once and a post is dropped, as with http::client_pool.
/// Thread-safe.
class fake_client_pool final : public http::client_pool {
public:
  void submit(http::request req, callback done) override {
    std::unique_lock<std::mutex> lock{mtx_};
    if (stopped_) {
      lock.unlock();
      done(reset());
      return;
    }
    kept_.push_back({std::move(req), std::move(done)});
    ++submitted_;
  }

  void post(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock{mtx_};
    if (stopped_)
      return;
    lock.unlock();
    fn();
  }

  void stop() override {
    std::vector<kept> left;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      stopped_ = true;
      left.swap(kept_);
    }
    for (auto& k : left)
      if (k.done)
        k.done(reset());
  }

  /// Returns how many requests were submitted before stop().
  std::size_t submitted() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return submitted_;
  }

  /// Answers the `i`th request kept with `r`, on the calling thread.
  void answer(std::size_t i, http::response r) {
    callback done;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      done = std::move(kept_.at(i).done);
    }
    done(std::move(r));
  }

private:
  struct kept {
    http::request req;
    callback done;
  };

  static http::response reset() {
    http::response r;
    r.error = http::failure::reset;
    return r;
  }

  mutable std::mutex mtx_;
  std::vector<kept> kept_; // an answered one stays, with an empty callback
  std::size_t submitted_ = 0;
  bool stopped_ = false;
};

} // namespace throng::actors::test
