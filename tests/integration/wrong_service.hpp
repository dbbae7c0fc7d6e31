#pragma once

// Test services for the integration tests: the reference notes service over
// real HTTP, optionally made wrong on purpose in one of the ways the checker
// must catch.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/server.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"
#include "server/memory_store.hpp"
#include "server/notes_service.hpp"

namespace throng::testing {

/// How a wrong service misbehaves.
enum class wrongness {
  none,            // a correct service
  stale_read,      // reads of a note serve the content before its last
  drop_note,       // lists leave out the account's first note
  list_stranger,   // lists carry a note of nobody's
  fail_writes,     // a third of the writes are applied, then answered 503
};

/// A notes service on 127.0.0.1 (port 0) that answers through the reference
/// handler and then misbehaves as told. Owns its store and its server.
class wrong_service {
public:
  explicit wrong_service(wrongness w) : store_(2), service_(store_), wrong_(w) {
    http::server_options o;
    auto s = http::server::start(o, [this](const http::server_request& r) {
      return handle(r);
    });
    if (s)
      server_ = std::move(*s);
  }

  ~wrong_service() {
    if (server_)
      server_->stop();
  }

  bool running() const { return server_ != nullptr; }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port());
  }

private:
  http::server_response handle(const http::server_request& req) {
    auto r = service_.handle(req);
    auto route = protocol::parse_route(req.target);
    std::lock_guard<std::mutex> guard{mtx_};
    switch (wrong_) {
      case wrongness::none:
        break;
      case wrongness::stale_read:
        if ((r.status == 201 && route.kind == protocol::route_kind::notes)
            || (r.status == 200 && route.kind == protocol::route_kind::note
                && req.method == "PUT")) {
          auto n = protocol::decode<protocol::note>(r.body);
          written_[n->id].push_back(n->content);
        } else if (r.status == 200 && route.kind == protocol::route_kind::note
                   && req.method == "GET") {
          auto n = protocol::decode<protocol::note>(r.body);
          auto& w = written_[n->id];
          if (w.size() >= 2)
            n->content = w[w.size() - 2];
          r.body = protocol::encode(*n);
        }
        break;
      case wrongness::drop_note:
      case wrongness::list_stranger:
        if (r.status == 200 && route.kind == protocol::route_kind::notes
            && req.method == "GET") {
          auto l = protocol::decode<protocol::note_list>(r.body);
          if (wrong_ == wrongness::list_stranger)
            l->notes.push_back({"stranger", "someone else's note"});
          else if (!l->notes.empty())
            l->notes.erase(l->notes.begin());
          r.body = protocol::encode(*l);
        }
        break;
      case wrongness::fail_writes:
        if (req.method != "GET" && (++writes_ % 3) == 0) {
          r.status = 503;
          r.body = R"({"error":"try again"})";
          r.shard.clear();
        }
        break;
    }
    return r;
  }

  server::memory_store store_;
  server::notes_service service_;
  wrongness wrong_;
  std::mutex mtx_;
  std::map<std::string, std::vector<std::string>> written_;
  std::uint64_t writes_ = 0;
  std::unique_ptr<http::server> server_;
};

} // namespace throng::testing
