#pragma once

// The latest Prometheus page, handed from the stats actor to the thread of the
// `--metrics` endpoint.

#include <mutex>
#include <string>

namespace throng::actors {

/// The latest metrics page, published by the stats actor once a second and
/// read by the metrics HTTP endpoint's handler on its own thread. A plain
/// holder; thread-safe.
class metrics_board {
public:
  /// Replaces the page.
  void publish(std::string text) {
    std::lock_guard<std::mutex> guard{mtx_};
    text_ = std::move(text);
  }

  /// Returns a copy of the page.
  std::string read() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return text_;
  }

private:
  mutable std::mutex mtx_;
  std::string text_;
};

} // namespace throng::actors
