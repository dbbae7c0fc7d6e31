#pragma once

// What an account hands its metered_pool for each request: the request, how
// to read its answer, and what the figures count it by.

#include <cstdint>
#include <string>

#include "http/message.hpp"
#include "model/answer.hpp"

namespace throng::actors {

/// An account's request to its metered_pool. A plain value.
struct pool_request {
  http::request req;
  model::request_kind kind;     // how to read its answer
  std::int64_t intended_ns = 0; // when the tick meant it to go out
  std::string shard;            // the account's last known shard
  /// A request of the seed-data phase: not counted in the run's figures.
  bool seed = false;
};

} // namespace throng::actors
