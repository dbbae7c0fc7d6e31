#pragma once

// Workers (fleet/worker_service) on threads of the test process, each with an
// actor system of its own on a free loopback port, for the fleet's tests.

#include <atomic>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "fleet/worker_service.hpp"

namespace throng::testing {

/// `n` workers holding `secret`, each taking at most one share. The
/// destructor stops those still waiting (a signal) and joins them.
class local_fleet {
public:
  local_fleet(std::size_t n, const std::string& secret) {
    for (std::size_t i = 0; i < n; ++i) {
      auto w = std::make_unique<worker>();
      fleet::worker_options o;
      o.port = 0;
      o.secret = secret;
      o.runs = 1;
      o.quiet = true;
      auto listening = std::make_shared<std::promise<std::uint16_t>>();
      auto port = listening->get_future();
      o.on_listening = [listening](std::uint16_t p) { listening->set_value(p); };
      auto* raw = w.get();
      w->thread = std::thread([raw, o] {
        raw->exit_code = fleet::serve_worker(o, raw->signals, raw->out, raw->log);
      });
      addresses_.push_back("127.0.0.1:" + std::to_string(port.get()));
      workers_.push_back(std::move(w));
    }
  }

  ~local_fleet() {
    for (auto& w : workers_) {
      w->signals.store(1);
      w->thread.join();
    }
  }

  /// Returns where the workers listen.
  const std::vector<std::string>& addresses() const { return addresses_; }

private:
  struct worker {
    std::atomic<int> signals{0};
    std::ostringstream out;
    std::ostringstream log;
    int exit_code = -1;
    std::thread thread;
  };
  std::vector<std::unique_ptr<worker>> workers_;
  std::vector<std::string> addresses_;
};

} // namespace throng::testing
