// The control API's endpoints and their JSON (control_api.hpp).

#include "control/control_api.hpp"

#include <cmath>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "control/json_answers.hpp"

namespace throng::control {

namespace {

constexpr std::size_t max_accounts_per_request = 10'000'000;

/// Reads `j[field]` as a count from 1 to the limit, or returns the 400.
std::optional<http::server_response> read_count(const nlohmann::json& j, const char* field,
                                                std::size_t& n) {
  const auto& v = j.at(field);
  if (!v.is_number_integer() || v.get<std::int64_t>() < 1
      || v.get<std::uint64_t>() > max_accounts_per_request)
    return refuse(400, field,
                  std::string{field} + " must be a whole number from 1 to "
                    + std::to_string(max_accounts_per_request));
  n = v.get<std::size_t>();
  return std::nullopt;
}

} // namespace

http::server_response control_api::operator()(const http::server_request& req) const {
  const bool get = req.method == "GET";
  const bool post = req.method == "POST";
  if (req.target == "/status")
    return get ? status() : only("GET");
  if (req.target == "/accounts")
    return post ? accounts(req.body) : only("POST");
  if (req.target == "/rate")
    return post ? rate(req.body) : only("POST");
  if (req.target == "/stop") {
    if (!post)
      return only("POST");
    controller_->stop();
    return answer(202, {{"stop", true}});
  }
  return refuse(404, "", "no such path: try GET /status, POST /accounts, /rate or /stop");
}

http::server_response control_api::status() const {
  auto s = controller_->status();
  auto counts = [](const std::map<std::string, std::size_t>& m) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, n] : m)
      out[name] = n;
    return out;
  };
  return answer(200, {
                       {"elapsed_s", s.elapsed_s},
                       {"accounts",
                        {{"live", s.accounts},
                         {"by_population", counts(s.by_population)},
                         {"by_behaviour", counts(s.by_behaviour)},
                         {"running", s.running}}},
                       {"rpm", s.rpm},
                       {"stage", s.stage},
                       {"requests", s.requests},
                       {"errors", s.errors},
                       {"violations", s.violations},
                       {"stopping", s.stopping},
                     });
}

http::server_response control_api::accounts(const std::string& body) const {
  nlohmann::json j;
  if (auto bad = parse_object(body, {"add", "remove", "behaviour"}, j))
    return *bad;
  const bool add = j.contains("add");
  const bool remove = j.contains("remove");
  if (add == remove)
    return refuse(400, add ? "remove" : "add",
                  R"(give either {"add": n, "behaviour": b} or {"remove": n})");
  std::size_t n = 0;
  if (auto bad = read_count(j, add ? "add" : "remove", n))
    return *bad;
  if (remove) {
    if (j.contains("behaviour"))
      return refuse(400, "behaviour", "behaviour goes with add, not remove");
    auto r = controller_->remove_accounts(n);
    return r ? answer(202, {{"remove", n}}) : refuse(r.error());
  }
  std::string behaviour = "random";
  if (j.contains("behaviour")) {
    if (!j["behaviour"].is_string())
      return refuse(400, "behaviour", "behaviour must be a string");
    behaviour = j["behaviour"].get<std::string>();
  }
  auto r = controller_->add_accounts(n, behaviour);
  return r ? answer(202, {{"add", n}, {"behaviour", behaviour}}) : refuse(r.error());
}

http::server_response control_api::rate(const std::string& body) const {
  nlohmann::json j;
  if (auto bad = parse_object(body, {"rpm"}, j))
    return *bad;
  if (!j.contains("rpm"))
    return refuse(400, "rpm", R"(give {"rpm": x})");
  const auto& v = j["rpm"];
  if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
    return refuse(400, "rpm", "rpm must be a number more than 0");
  auto r = controller_->set_rpm(v.get<double>());
  return r ? answer(202, {{"rpm", v.get<double>()}}) : refuse(r.error());
}

} // namespace throng::control
