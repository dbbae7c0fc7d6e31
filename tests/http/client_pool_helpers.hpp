#pragma once

// What the client_pool tests share: a pool on a scripted server, requests
// and the answer to one, canned scripts and a bounded wait for what the
// server received.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "http/client_pool.hpp"
#include "tests/http/answer_log.hpp"
#include "tests/http/scripted_server.hpp"

namespace throng::http::test {

/// Options for a pool of two connections to 127.0.0.1:`port` (under
/// `path`), 5 s a request.
inline client_options options_for(std::uint16_t port, const std::string& path = "") {
  client_options opts;
  opts.target = *parse_url("http://127.0.0.1:" + std::to_string(port) + path);
  opts.connections = 2;
  opts.timeout = std::chrono::seconds{5};
  return opts;
}

/// Options for a pool of one connection to 127.0.0.1:`port`, `timeout` a
/// request.
inline client_options one_connection(std::uint16_t port,
                                     std::chrono::milliseconds timeout = std::chrono::seconds{5}) {
  auto opts = options_for(port);
  opts.connections = 1;
  opts.timeout = timeout;
  return opts;
}

/// Returns a pool of `opts`, or null (and a failed expectation).
inline std::unique_ptr<client_pool> make_pool(const client_options& opts) {
  auto pool = client_pool::create(opts);
  EXPECT_TRUE(pool.has_value()) << pool.error().message;
  return pool ? std::move(*pool) : nullptr;
}

inline request get(std::string target) {
  request r;
  r.target = std::move(target);
  return r;
}

/// Returns the answer a new pool of `opts` gets to GET /, if the pool was
/// made and the answer came within 10 s.
inline std::optional<response> answer_to_get(const client_options& opts) {
  auto pool = make_pool(opts);
  if (!pool)
    return std::nullopt;
  return call(*pool, get("/"));
}

/// A script that answers every request with `bytes`, then does `after`.
inline scripted_server::script always(std::string bytes,
                                      scripted_server::then after = scripted_server::then::keep_open) {
  return [bytes = std::move(bytes), after](const scripted_server::received&) {
    return scripted_server::reply{bytes, after};
  };
}

/// A script that answers every request 200 with a small JSON body.
inline scripted_server::script ok_json() {
  return always(scripted_server::response(200, R"({"status":"ok"})"));
}

/// Waits (at most 10 s) until `server` has received `n` requests.
inline bool wait_for_requests(const scripted_server& server, std::size_t n) {
  for (int i = 0; i < 1000 && server.requests().size() < n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  return server.requests().size() >= n;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace throng::http::test
