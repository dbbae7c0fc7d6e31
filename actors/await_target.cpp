// The wait for a run's target (await_target.hpp).

#include "actors/await_target.hpp"

#include <algorithm>
#include <future>
#include <string>
#include <thread>
#include <utility>

#include "http/url.hpp"

namespace throng::actors {

protocol::result<bool, run_failure> await_target(const http::client_options& base,
                                                 std::chrono::milliseconds wait,
                                                 const std::atomic<int>& interrupt) {
  using std::chrono::milliseconds;
  using std::chrono::steady_clock;
  auto opts = base;
  opts.connections = 1;
  opts.timeout = std::min(opts.timeout, milliseconds(2000));
  auto pool = http::client_pool::create(opts);
  if (!pool)
    return run_failure{2, "cannot reach " + http::to_string(base.target) + ": "
                            + pool.error().message};
  auto deadline = steady_clock::now() + wait;
  http::failure last = http::failure::none;
  do {
    std::promise<http::response> answer;
    auto got = answer.get_future();
    http::request req;
    req.target = "/healthz";
    (*pool)->submit(std::move(req), [&answer](http::response r) {
      answer.set_value(std::move(r));
    });
    auto r = got.get();
    if (r.error == http::failure::none)
      return true;
    last = r.error;
    std::this_thread::sleep_for(milliseconds(200));
  } while (steady_clock::now() < deadline && interrupt.load() == 0);
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
  return run_failure{3, "target " + http::to_string(base.target)
                          + " unreachable after " + std::to_string(secs)
                          + " s (last error: " + std::string{http::to_string(last)}
                          + ")"};
}

} // namespace throng::actors
