// The live dashboard's HTTP handler (dashboard_api.hpp).

#include "control/dashboard_api.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "control/json_answers.hpp"
#include "http/bearer_token.hpp"
#include "protocol/number_format.hpp"
#include "stats/html_report.hpp"
#include "stats/report.hpp"
#include "web/assets.hpp"

namespace throng::control {

namespace {

using namespace std::chrono_literals;

/// Returns the value of `key` in the query string `query`, or "".
std::string query_value(const std::string& query, const std::string& key) {
  std::size_t at = 0;
  while (at <= query.size()) {
    auto end = query.find('&', at);
    if (end == std::string::npos)
      end = query.size();
    auto pair = query.substr(at, end - at);
    if (pair.rfind(key + "=", 0) == 0)
      return pair.substr(key.size() + 1);
    at = end + 1;
  }
  return {};
}

/// Reads a whole number from `text`, or `fallback` when it is not one.
std::uint64_t number_or(const std::string& text, std::uint64_t fallback) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty() ? n : fallback;
}

/// Returns whether two strings are equal, in a time that does not depend on
/// where they first differ.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

http::server_response text(std::string body, std::string content_type) {
  http::server_response r;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

http::server_response no_service() {
  return refuse(404, "", "no embedded service: migrations and faults are controlled only "
                         "when throng runs the reference service itself (no --target)");
}

/// Returns what the run's outputs need of `s`.
stats::run_info info_of(const dashboard_settings& settings, const dashboard_snapshot& s) {
  stats::run_info info;
  info.target = settings.target;
  info.duration_s = s.elapsed_s;
  info.seed = settings.seed;
  info.accounts = settings.accounts;
  return info;
}

std::vector<stats::threshold_outcome> outcomes_of(const dashboard_settings& settings,
                                                  const dashboard_snapshot& s) {
  std::vector<stats::threshold_outcome> out;
  for (const auto& t : settings.checks)
    out.push_back(stats::check_threshold(t, s.figures, s.elapsed_s));
  return out;
}

} // namespace

http::server_response dashboard_api::operator()(const http::server_request& req) const {
  auto q = req.target.find('?');
  auto path = req.target.substr(0, q);
  auto query = q == std::string::npos ? std::string{} : req.target.substr(q + 1);
  if (req.method == "GET")
    return get(path, query);
  if (req.method != "POST")
    return path.rfind("/api/", 0) == 0 && path != "/api/history" && path != "/api/state"
             ? only("POST")
             : only("GET");
  const auto& token = board_->settings().token;
  if (!token.empty() && !same_secret(http::bearer_token(req.authorization), token))
    return refuse(401, "", "the controls need the dashboard's token (--web-token) as "
                           "Authorization: Bearer TOKEN");
  return post(path, req.body);
}

http::server_response dashboard_api::get(const std::string& path,
                                         const std::string& query) const {
  if (path == "/api/history")
    return answer(200, board_->history(number_or(query_value(query, "after"), 0),
                                       number_or(query_value(query, "generation"),
                                                 ~std::uint64_t{0})));
  if (path == "/api/state")
    return answer(200, board_->state());
  if (path.rfind("/download/", 0) == 0)
    return download(path.substr(10));
  for (const auto& a : web::assets())
    if (a.path == path)
      return text(std::string{a.body}, std::string{a.content_type});
  if (path.rfind("/api/", 0) == 0)
    return only("POST");
  return refuse(404, "", "no such path: the dashboard is at /");
}

http::server_response dashboard_api::post(const std::string& path,
                                          const std::string& body) const {
  if (path == "/api/accounts" || path == "/api/rate" || path == "/api/stop")
    return run_control(path, body);
  if (path == "/api/migrations")
    return migrate(body);
  if (path == "/api/faults")
    return fault(body);
  if (path == "/api/migration-bug")
    return bug(body);
  return refuse(404, "", "no such path: the controls are POST /api/accounts, /api/rate, "
                         "/api/stop, /api/migrations, /api/faults, /api/migration-bug");
}

http::server_response dashboard_api::run_control(const std::string& path,
                                                 const std::string& body) const {
  auto r = (*run_)(http::server_request{"POST", path.substr(4), "", body});
  if (r.status != 202)
    return r;
  auto done = nlohmann::json::parse(r.body, nullptr, false);
  if (path == "/api/stop")
    board_->add_event("control", "stop asked from the dashboard");
  else if (done.contains("add"))
    board_->add_event("control", "added " + done["add"].dump() + " accounts ("
                                   + done["behaviour"].get<std::string>() + ")");
  else if (done.contains("remove"))
    board_->add_event("control", "removed " + done["remove"].dump() + " accounts");
  else if (done.contains("rpm"))
    board_->add_event("control",
                      "rate set to " + protocol::fixed(done["rpm"].get<double>(), 0) + " rpm");
  return r;
}

http::server_response dashboard_api::migrate(const std::string& body) const {
  auto* service = board_->service();
  if (service == nullptr)
    return no_service();
  nlohmann::json j;
  if (auto bad = parse_object(body, {"from", "to", "accounts", "rate"}, j))
    return *bad;
  migration_order order;
  for (const char* field : {"from", "to"}) {
    if (!j.contains(field) || !j[field].is_string())
      return refuse(400, field, std::string{field} + " must name a shard (\"shard-0\")");
    (field[0] == 'f' ? order.from : order.to) = j[field].get<std::string>();
  }
  if (j.contains("accounts") && !j["accounts"].is_null()) {
    if (!j["accounts"].is_number_integer() || j["accounts"].get<std::int64_t>() < 1)
      return refuse(400, "accounts", "accounts must be a whole number from 1, or absent for all");
    order.accounts = j["accounts"].get<std::size_t>();
  }
  if (j.contains("rate")) {
    if (!j["rate"].is_number() || !(j["rate"].get<double>() > 0)
        || !std::isfinite(j["rate"].get<double>()))
      return refuse(400, "rate", "rate must be a number of accounts a second more than 0");
    order.rate = j["rate"].get<double>();
  }
  auto started = service->start_migration(order);
  if (!started)
    return refuse(started.error());
  return answer(202, to_json(*started));
}

http::server_response dashboard_api::fault(const std::string& body) const {
  auto* service = board_->service();
  if (service == nullptr)
    return no_service();
  nlohmann::json j;
  if (auto bad = parse_object(body, {"kind", "probability", "delay_ms"}, j))
    return *bad;
  fault_setting f;
  if (!j.contains("kind") || !j["kind"].is_string())
    return refuse(400, "kind", "kind must name a fault (\"latency\", \"stale_read\", ...)");
  f.kind = j["kind"].get<std::string>();
  if (!j.contains("probability") || !j["probability"].is_number()
      || !(j["probability"].get<double>() >= 0) || !(j["probability"].get<double>() <= 1))
    return refuse(400, "probability", "probability must be a number from 0 (off) to 1");
  f.probability = j["probability"].get<double>();
  if (j.contains("delay_ms")) {
    if (!j["delay_ms"].is_number_integer() || j["delay_ms"].get<std::int64_t>() < 0
        || j["delay_ms"].get<std::int64_t>() > 600'000)
      return refuse(400, "delay_ms", "delay_ms must be a whole number from 0 to 600000");
    f.delay = std::chrono::milliseconds{j["delay_ms"].get<std::int64_t>()};
  }
  auto set = service->set_fault(f);
  if (!set)
    return refuse(set.error());
  board_->add_event("fault", f.probability > 0
                               ? "fault " + f.kind + " on (p " + protocol::fixed(f.probability, 2)
                                   + (f.kind == "latency"
                                        ? ", " + std::to_string(f.delay.count()) + " ms)"
                                        : ")")
                               : "fault " + f.kind + " off");
  return answer(202, {{"kind", f.kind}, {"probability", f.probability},
                      {"delay_ms", f.delay.count()}});
}

http::server_response dashboard_api::bug(const std::string& body) const {
  auto* service = board_->service();
  if (service == nullptr)
    return no_service();
  nlohmann::json j;
  if (auto bad = parse_object(body, {"bug"}, j))
    return *bad;
  if (!j.contains("bug") || !j["bug"].is_string())
    return refuse(400, "bug", "bug must name a migration bug (\"none\", ...)");
  auto name = j["bug"].get<std::string>();
  auto set = service->set_migration_bug(name);
  if (!set)
    return refuse(set.error());
  board_->add_event("fault", "migration bug: " + name);
  return answer(202, {{"bug", name}});
}

http::server_response dashboard_api::download(const std::string& name) const {
  const auto& settings = board_->settings();
  if (name == "violations.jsonl") {
    if (settings.violations_log.empty())
      return text(board_->kept_violations(), "application/x-ndjson");
    std::ifstream in{settings.violations_log};
    std::ostringstream all;
    all << in.rdbuf();
    return text(all.str(), "application/x-ndjson");
  }
  if (name != "summary.json" && name != "timeseries.csv" && name != "report.html")
    return refuse(404, "", "no such download: summary.json, timeseries.csv, "
                           "violations.jsonl or report.html");
  auto s = board_->snapshot(3s);
  if (!s)
    return refuse(503, "", "the run's figures are not available now (the run is over)");
  auto info = info_of(settings, *s);
  auto outcomes = outcomes_of(settings, *s);
  if (name == "summary.json")
    return text(stats::summary_json(info, s->figures, outcomes) + "\n", "application/json");
  if (name == "timeseries.csv")
    return text(stats::to_csv(s->series.rows()), "text/csv");
  stats::html_report_input in;
  in.info = info;
  in.figures = &s->figures;
  in.series = &s->series;
  in.checks = outcomes;
  in.parameters = {{"target", settings.target}, {"command", settings.command}};
  const auto history = board_->history(0, 0);
  for (const auto& e : history["events"])
    in.events.push_back({e["t"].get<double>(), e["text"].get<std::string>()});
  return text(stats::html_report(in), "text/html; charset=utf-8");
}

} // namespace throng::control
