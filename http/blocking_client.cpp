// A client that waits for each answer (blocking_client.hpp).

#include "http/blocking_client.hpp"

#include <future>
#include <utility>

namespace throng::http {

blocking_client::blocking_client(std::unique_ptr<client_pool> pool)
  : pool_(std::move(pool)) {
}

protocol::result<blocking_client>
blocking_client::create(const client_options& opts) {
  auto pool = client_pool::create(opts);
  if (!pool)
    return pool.error();
  return blocking_client{std::move(*pool)};
}

response blocking_client::exchange(request req) const {
  // Shared with the callback: the I/O thread may still be inside
  // set_value() when this thread has the answer and returns.
  auto answered = std::make_shared<std::promise<response>>();
  auto answer = answered->get_future();
  pool_->submit(std::move(req), [answered](response r) {
    answered->set_value(std::move(r));
  });
  return answer.get();
}

} // namespace throng::http
