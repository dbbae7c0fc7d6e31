// The admin API's endpoints (admin_api.hpp).

#include "server/admin_api.hpp"

#include <cmath>
#include <optional>
#include <utility>

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "http/bearer_token.hpp"
#include "server/ids.hpp"

namespace throng::server {

namespace {

using http::server_request;
using http::server_response;
using json = nlohmann::json;

constexpr std::string_view prefix = "/v1/admin";

// Messages quote the request's method and target, which may hold any
// bytes: invalid UTF-8 is replaced rather than thrown over.
std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

server_response error(int status, std::string message) {
  return server_response{status, dump(json{{"error", std::move(message)}}),
                         {}, false};
}

server_response ok(int status, const json& body) {
  return server_response{status, dump(body), {}, false};
}

json to_json(const migration_status& m) {
  json out{{"id", m.id},
           {"state", std::string{to_string(m.now)}},
           {"from", shard_name(m.from)},
           {"to", shard_name(m.to)},
           {"moved", m.moved},
           {"remaining", m.remaining}};
  if (!m.error.empty())
    out["error"] = m.error;
  return out;
}

bool token_matches(std::string_view header, const std::string& token) {
  auto given = http::bearer_token(header);
  return given.size() == token.size()
         && CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

// Returns the index of shard `name` ("shard-3") among `count`, or nullopt.
std::optional<std::size_t> shard_index(const json& name, std::size_t count) {
  if (!name.is_string())
    return std::nullopt;
  for (std::size_t i = 0; i < count; ++i)
    if (name.get<std::string>() == shard_name(i))
      return i;
  return std::nullopt;
}

} // namespace

admin_api::admin_api(std::string token, store& st, migrator& migrations,
                     const fault_injector* faults)
  : token_(std::move(token)), store_(st), migrations_(migrations),
    faults_(faults) {
}

bool admin_api::owns(std::string_view target) noexcept {
  return target.substr(0, prefix.size()) == prefix
         && (target.size() == prefix.size() || target[prefix.size()] == '/');
}

server_response admin_api::handle(const server_request& req) {
  if (token_.empty())
    return error(404, "the admin API is off: start the service with "
                      "--admin-token");
  auto path = std::string_view{req.target}.substr(prefix.size());
  if (auto q = path.find('?'); q != std::string_view::npos)
    path = path.substr(0, q);
  const auto& m = req.method;
  auto authorized = [&] { return token_matches(req.authorization, token_); };
  auto refused = [] { return error(401, "missing or wrong admin token"); };
  auto not_allowed = [&](const char* allow) {
    auto out = error(405, "method " + m + " not allowed on " + req.target);
    out.allow = allow;
    return out;
  };
  if (path == "/migrations") {
    if (m != "POST" && m != "GET")
      return not_allowed("GET, POST");
    if (!authorized())
      return refused();
    return m == "POST" ? start_migration(req) : migrations();
  }
  if (path.substr(0, 12) == "/migrations/" && path.size() > 12
      && path.find('/', 12) == std::string_view::npos) {
    if (m != "GET")
      return not_allowed("GET");
    if (!authorized())
      return refused();
    return migration(path.substr(12));
  }
  if (path == "/shards" || path == "/faults") {
    if (m != "GET")
      return not_allowed("GET");
    if (!authorized())
      return refused();
    return path == "/shards" ? shards() : faults();
  }
  return error(404, "no such admin path");
}

server_response admin_api::start_migration(const server_request& req) {
  auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return error(400, "the body must be a JSON object {\"from\": \"shard-0\", "
                      "\"to\": \"shard-1\", \"accounts\": \"all\", \"rate\": "
                      "100}");
  for (const auto& [key, value] : body.items())
    if (key != "from" && key != "to" && key != "accounts" && key != "rate")
      return error(400, "unknown field '" + key
                          + "' (known: from, to, accounts, rate)");
  auto count = store_.shard_count();
  migration_request r;
  auto from = shard_index(body.value("from", json{}), count);
  if (!from)
    return error(400, "field 'from': must name a shard, shard-0 to "
                        + shard_name(count - 1));
  auto to = shard_index(body.value("to", json{}), count);
  if (!to)
    return error(400, "field 'to': must name a shard, shard-0 to "
                        + shard_name(count - 1));
  r.from = *from;
  r.to = *to;
  if (body.contains("accounts")) {
    const auto& a = body["accounts"];
    if (a.is_number_unsigned() && a.get<std::uint64_t>() > 0)
      r.accounts = a.get<std::size_t>();
    else if (!(a.is_string() && a.get<std::string>() == "all"))
      return error(400, "field 'accounts': must be \"all\" or a count of at "
                        "least 1");
  }
  if (body.contains("rate")) {
    const auto& rate = body["rate"];
    if (!rate.is_number())
      return error(400, "field 'rate': must be a number of accounts per "
                        "second");
    r.rate = rate.get<double>();
  }
  auto started = migrations_.start(r);
  if (!started)
    return error(started.error().status, started.error().message);
  return ok(202, to_json(*started));
}

server_response admin_api::migration(std::string_view id) const {
  auto s = migrations_.status(id);
  if (!s)
    return error(404, "no such migration");
  return ok(200, to_json(*s));
}

server_response admin_api::migrations() const {
  json list = json::array();
  for (const auto& m : migrations_.all())
    list.push_back(to_json(m));
  return ok(200, json{{"migrations", std::move(list)}});
}

server_response admin_api::shards() {
  auto usage = store_.usage();
  if (!usage)
    return error(500, "storage failed");
  json list = json::array();
  for (const auto& u : *usage)
    list.push_back({{"name", u.name}, {"accounts", u.accounts},
                    {"notes", u.notes}});
  return ok(200, json{{"shards", std::move(list)}});
}

server_response admin_api::faults() const {
  json list = json::array();
  if (faults_ != nullptr)
    for (const auto& f : faults_->counts()) {
      json entry{{"kind", std::string{to_string(f.spec.kind)}},
                 {"probability", f.spec.probability},
                 {"injected", f.injected}};
      if (f.spec.kind == fault_kind::latency)
        entry["delay_ms"] = f.spec.delay.count();
      list.push_back(std::move(entry));
    }
  return ok(200, json{{"faults", std::move(list)}});
}

} // namespace throng::server
