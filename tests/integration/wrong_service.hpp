#pragma once

// Test services for the integration tests: the reference notes service over
// real HTTP, optionally made wrong or hostile on purpose in one of the ways
// the checker and the client must cope with, and able to die and come back.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/server.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"
#include "server/memory_store.hpp"
#include "server/notes_service.hpp"

namespace throng::testing {

/// How a wrong service misbehaves.
enum class wrongness {
  none,          // a correct service
  stale_read,    // reads of a note serve the content before its last
  drop_note,     // lists leave out the account's first note
  list_stranger, // lists carry a note of nobody's
  fail_writes,   // a third of the writes are applied, then answered 503
  stall,         // one read in five is answered only after 400 ms
  hostile_json,  // reads of a note answer 200 with bodies that are not a note
  hostile_some,  // one success in three, of any request, has a malformed body
  slow_some,     // one request in ten waits up to 3 s, then is handled as usual
  shard_per_answer, // every answer names a shard never named before
};

/// A notes service on 127.0.0.1 that answers through the reference handler
/// and then misbehaves as told, mounted under `prefix` (a request outside it
/// is a 404). Owns its store and its server; stop() and restart() make it
/// die and come back on the same port, with its data or without.
class wrong_service {
public:
  explicit wrong_service(wrongness w, std::string prefix = "")
    : wrong_(w), prefix_(std::move(prefix)) {
    fresh_store();
    start(0);
  }

  ~wrong_service() { stop(); }

  bool running() const { return server_ != nullptr; }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// Stops serving: connections are closed, new ones refused.
  void stop() {
    if (server_) {
      server_->stop();
      server_.reset();
    }
  }

  /// Serves again on the same port; with `keep_data` false, from an empty
  /// store (the data is lost).
  void restart(bool keep_data) {
    if (!keep_data) {
      std::lock_guard<std::mutex> guard{mtx_};
      fresh_store();
    }
    // The port was ours a moment ago; a bind can race a lingering socket.
    for (int i = 0; i < 50 && !server_; ++i) {
      start(port_);
      if (!server_)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

private:
  /// A store and the service that answers from it.
  struct backend {
    server::memory_store store{2};
    server::notes_service service{store};
  };

  void fresh_store() { backend_ = std::make_shared<backend>(); }

  void start(std::uint16_t port) {
    http::server_options o;
    o.port = port;
    // As many as a client's connections: a slow answer holds up only its own.
    o.threads = 16;
    auto s = http::server::start(o, [this](const http::server_request& r) {
      return handle(r);
    });
    if (s) {
      server_ = std::move(*s);
      port_ = server_->port();
    }
  }

  http::server_response handle(http::server_request req) {
    if (req.target.compare(0, prefix_.size(), prefix_) != 0) {
      http::server_response missing;
      missing.status = 404;
      missing.body = R"({"error":"no such path"})";
      return missing;
    }
    req.target.erase(0, prefix_.size());
    if (wrong_ == wrongness::slow_some) {
      if (auto n = ++requests_; n % 10 == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(n * 37 % 3000));
    }
    std::shared_ptr<backend> b;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      b = backend_;
    }
    return misbehave(req, b->service.handle(req));
  }

  /// Makes `r`, the reference handler's answer to `req`, wrong as told.
  http::server_response misbehave(const http::server_request& req, http::server_response r) {
    if (wrong_ == wrongness::shard_per_answer)
      r.shard = "s" + std::to_string(++requests_);
    if (wrong_ == wrongness::hostile_some && r.status < 300 && !r.body.empty()
        && ++requests_ % 3 == 0)
      r.body = "{\"not\": \"what the API promises\"}";
    auto route = protocol::parse_route(req.target);
    const bool note_read = r.status == 200 && route.kind == protocol::route_kind::note
                           && req.method == "GET";
    if (wrong_ == wrongness::stall) {
      if (note_read && ++reads_ % 5 == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return r;
    }
    std::lock_guard<std::mutex> guard{mtx_};
    switch (wrong_) {
      case wrongness::none:
      case wrongness::stall:
      case wrongness::hostile_some:
      case wrongness::slow_some:
      case wrongness::shard_per_answer:
        break;
      case wrongness::stale_read:
        serve_stale(req, route, note_read, r);
        break;
      case wrongness::drop_note:
      case wrongness::list_stranger:
        if (r.status == 200 && route.kind == protocol::route_kind::notes
            && req.method == "GET")
          alter_list(r);
        break;
      case wrongness::fail_writes:
        if (req.method != "GET" && (++writes_ % 3) == 0) {
          r.status = 503;
          r.body = R"({"error":"try again"})";
          r.shard.clear();
        }
        break;
      case wrongness::hostile_json:
        if (note_read)
          r.body = hostile_body();
        break;
    }
    return r;
  }

  /// stale_read: remembers what each write of a note stored, and serves a
  /// read of the note the content before its last. Under mtx_.
  void serve_stale(const http::server_request& req, const protocol::route& route,
                   bool note_read, http::server_response& r) {
    if ((r.status == 201 && route.kind == protocol::route_kind::notes)
        || (r.status == 200 && route.kind == protocol::route_kind::note
            && req.method == "PUT")) {
      auto n = protocol::decode<protocol::note>(r.body);
      written_[n->id].push_back(n->content);
    } else if (note_read) {
      auto n = protocol::decode<protocol::note>(r.body);
      auto& w = written_[n->id];
      if (w.size() >= 2)
        n->content = w[w.size() - 2];
      r.body = protocol::encode(*n);
    }
  }

  /// drop_note and list_stranger: the list `r` leaves out the first note,
  /// or carries one of nobody's.
  void alter_list(http::server_response& r) {
    auto l = protocol::decode<protocol::note_list>(r.body);
    if (wrong_ == wrongness::list_stranger)
      l->notes.push_back({"stranger", "someone else's note"});
    else if (!l->notes.empty())
      l->notes.erase(l->notes.begin());
    r.body = protocol::encode(*l);
  }

  /// hostile_json: the next of the bodies that are not a note.
  std::string hostile_body() {
    static const char* bodies[] = {
      "not json at all",
      R"({"id": 12, "content": "x"})",
      R"({"id": "n1"})",
      "{\"id\": \"n1\", \"content\": \"\xff\xfe\"}",
      R"([{"id": "n1", "content": "x"}])",
      R"({"id": "n1", "content": null})",
      "{\"id\": \"n1\", \"content\": \"x\"",
      "",
    };
    return bodies[reads_++ % std::size(bodies)];
  }

  wrongness wrong_;
  std::string prefix_;
  std::atomic<std::uint64_t> requests_{0};
  std::mutex mtx_;
  std::shared_ptr<backend> backend_;
  std::map<std::string, std::vector<std::string>> written_;
  std::uint64_t writes_ = 0;
  std::atomic<std::uint64_t> reads_{0};
  std::uint16_t port_ = 0;
  std::unique_ptr<http::server> server_;
};

} // namespace throng::testing
