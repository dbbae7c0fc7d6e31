// The live dashboard's state (dashboard.hpp).

#include "control/dashboard.hpp"

#include <algorithm>
#include <ostream>
#include <utility>

#include "model/behaviour_registry.hpp"
#include "protocol/number_format.hpp"

namespace throng::control {

namespace {

double ms(std::uint64_t us) {
  return static_cast<double>(us) / 1000;
}

nlohmann::json operations_json(const stats::run_stats& s, double elapsed_s) {
  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i < protocol::operation_count; ++i) {
    const auto& op = s.ops[i];
    if (op.count == 0)
      continue;
    out.push_back({
      {"op", std::string{protocol::to_string(static_cast<protocol::operation>(i))}},
      {"count", op.count},
      {"rate", elapsed_s > 0 ? static_cast<double>(op.count) / elapsed_s : 0.0},
      {"errors", op.errors},
      {"p50_ms", ms(op.latency_us.percentile(50))},
      {"p90_ms", ms(op.latency_us.percentile(90))},
      {"p99_ms", ms(op.latency_us.percentile(99))},
      {"max_ms", ms(op.latency_us.max())},
      {"service_p50_ms", ms(op.service_us.percentile(50))},
      {"service_p99_ms", ms(op.service_us.percentile(99))},
    });
  }
  return out;
}

nlohmann::json shards_json(const stats::run_stats& s) {
  auto out = nlohmann::json::array();
  for (const auto& [name, sh] : s.shards)
    out.push_back({{"shard", name.empty() ? "unknown" : name},
                   {"note_reads", sh.note_reads},
                   {"note_writes", sh.note_writes},
                   {"errors", sh.errors},
                   {"violations", sh.violations}});
  return out;
}

std::vector<std::string> behaviours() {
  std::vector<std::string> out;
  for (auto name : model::behaviour_names())
    out.emplace_back(name);
  return out;
}

// The overall latency histogram of every operation of `s`.
stats::histogram all_latency(const stats::run_stats& s) {
  stats::histogram h;
  for (const auto& op : s.ops)
    h.merge(op.latency_us);
  return h;
}

} // namespace

nlohmann::json to_json(const migration_view& m) {
  return {{"id", m.id},       {"state", m.state},         {"from", m.from},
          {"to", m.to},       {"moved", m.moved},         {"remaining", m.remaining},
          {"error", m.error}};
}

dashboard::dashboard(dashboard_settings settings) : settings_(std::move(settings)) {
}

void dashboard::attach(run_controller* controller) {
  std::lock_guard<std::mutex> guard{mtx_};
  controller_ = controller;
}

void dashboard::attach(service_controls* service) {
  std::lock_guard<std::mutex> guard{mtx_};
  service_ = service;
}

run_controller* dashboard::controller() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return controller_;
}

service_controls* dashboard::service() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return service_;
}

void dashboard::listening(const std::string& host, std::uint16_t port) {
  if (settings_.log == nullptr)
    return;
  auto shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  *settings_.log << "throng: dashboard at http://" << shown << ':' << port << '/'
                 << (settings_.token.empty() ? "" : " (the controls need --web-token)")
                 << '\n'
                 << std::flush;
}

double dashboard::elapsed_now() const {
  return controller_ != nullptr ? controller_->status().elapsed_s
                                : static_cast<double>(latest_second_);
}

void dashboard::on_second(std::uint32_t second, const stats::run_stats& totals,
                          std::int64_t live_accounts, std::int64_t tick_backlog) {
  std::lock_guard<std::mutex> guard{mtx_};
  stats::history_gauges g;
  g.accounts = live_accounts;
  if (controller_ != nullptr) {
    auto s = controller_->status();
    g.target_accounts = static_cast<std::int64_t>(s.accounts);
    g.target_rpm = s.rpm;
    if (stage_ && *stage_ != s.stage)
      history_.add_event({s.elapsed_s, "stage", "stage " + std::to_string(s.stage + 1)
                                                  + ": " + std::to_string(s.accounts)
                                                  + " accounts at "
                                                  + protocol::fixed(s.rpm, 0) + " rpm"});
    stage_ = s.stage;
  }
  history_.add_second(second, totals, g);
  auto before = all_latency(latest_);
  auto now = all_latency(totals);
  latest_p99_ms_ = ms(now.since(before).percentile(99));
  const auto seconds = second >= latest_second_ ? second - latest_second_ + 1 : 1;
  latest_rate_ = static_cast<double>(totals.total - std::min(totals.total, at_last_second_))
                 / static_cast<double>(seconds);
  at_last_second_ = totals.total;
  latest_ = totals;
  latest_second_ = second + 1;
  live_ = live_accounts;
  behind_ = tick_backlog;
  if (waiting_ == 0)
    snapshot_.reset();
  note_migrations();
}

void dashboard::note_migrations() {
  if (service_ == nullptr)
    return;
  auto now = service_->migrations();
  const double t = elapsed_now();
  for (const auto& m : now) {
    auto seen = std::find_if(migrations_seen_.begin(), migrations_seen_.end(),
                             [&m](const migration_view& s) { return s.id == m.id; });
    const auto total = m.moved + m.remaining;
    if (seen == migrations_seen_.end())
      history_.add_event({t, "migration", "migration " + m.id + " started: " + m.from + " to "
                                            + m.to + " (" + std::to_string(total)
                                            + " accounts)"});
    // One that began and ended within a second is marked twice at once.
    if ((seen == migrations_seen_.end() || seen->state == "running") && m.state != "running") {
      history_.add_event({t, "migration", "migration " + m.id + " " + m.state + ": "
                                            + std::to_string(m.moved) + " accounts moved"
                                            + (m.error.empty() ? "" : " (" + m.error + ")")});
    } else if (seen != migrations_seen_.end() && m.state == "running" && total > 0) {
      // Progress in quarters, so that a long move marks the charts four times.
      auto quarter = [total](std::uint64_t moved) { return moved * 4 / total; };
      if (quarter(m.moved) > quarter(seen->moved) && quarter(m.moved) < 4)
        history_.add_event({t, "migration", "migration " + m.id + ": "
                                              + std::to_string(quarter(m.moved) * 25)
                                              + "% moved"});
    }
  }
  migrations_seen_ = std::move(now);
}

void dashboard::on_violation(nlohmann::json violation, std::uint32_t second) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (settings_.violations_log.empty()) {
    if (kept_.size() < max_kept_violations)
      kept_.push_back(violation.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    else
      ++kept_dropped_;
  }
  violation["second"] = second;
  if (violation.contains("account") && violation["account"].is_number_unsigned())
    violation["replay"] = settings_.replay_prefix + " --account "
                          + std::to_string(violation["account"].get<std::uint64_t>());
  table_.push_front(std::move(violation));
  if (table_.size() > table_violations)
    table_.pop_back();
}

void dashboard::add_event(const std::string& kind, const std::string& text) {
  std::lock_guard<std::mutex> guard{mtx_};
  history_.add_event({elapsed_now(), kind, text});
}

void dashboard::finish() {
  std::lock_guard<std::mutex> guard{mtx_};
  finished_ = true;
  provided_.notify_all();
}

nlohmann::json dashboard::history(std::uint64_t after, std::uint64_t generation) const {
  std::lock_guard<std::mutex> guard{mtx_};
  return history_.to_json(after, generation);
}

nlohmann::json dashboard::tiles() const {
  std::string verdict = "pass so far";
  const double elapsed = static_cast<double>(latest_second_);
  if (latest_.violation_total() > 0)
    verdict = "violations";
  else if (std::any_of(settings_.checks.begin(), settings_.checks.end(),
                       [&](const stats::threshold& t) {
                         return !stats::check_threshold(t, latest_, elapsed).passed;
                       }))
    verdict = "threshold failed";
  else if (latest_.total > 0 && latest_.ok == 0)
    verdict = "errors";
  double rpm = 0;
  std::size_t accounts = 0;
  if (controller_ != nullptr) {
    auto s = controller_->status();
    rpm = s.rpm;
    accounts = s.accounts;
  }
  return {{"accounts", live_},
          {"target_accounts", accounts},
          {"rpm", rpm},
          {"requests", latest_.total},
          {"rate", latest_rate_},
          {"p99_ms", latest_p99_ms_},
          {"errors", latest_.failed},
          {"violations", latest_.violation_total()},
          {"unknown_outcomes", latest_.unknown_outcome},
          {"skipped_ticks", latest_.skipped_ticks},
          {"behind", behind_},
          {"verdict", verdict}};
}

nlohmann::json dashboard::controls() const {
  nlohmann::json c{{"token_required", !settings_.token.empty()},
                   {"service", service_ != nullptr},
                   {"behaviours", behaviours()}};
  if (service_ == nullptr)
    return c;
  c["shards"] = service_->shards();
  auto faults = nlohmann::json::array();
  for (const auto& f : service_->faults())
    faults.push_back(
      {{"kind", f.kind}, {"probability", f.probability}, {"delay_ms", f.delay.count()}});
  c["faults"] = std::move(faults);
  c["migration_bug"] = service_->migration_bug();
  c["migration_bugs"] = service_->migration_bugs();
  return c;
}

nlohmann::json dashboard::state() const {
  std::lock_guard<std::mutex> guard{mtx_};
  const double elapsed = static_cast<double>(latest_second_);
  bool stopping = false;
  if (controller_ != nullptr)
    stopping = controller_->status().stopping;
  auto thresholds = nlohmann::json::array();
  for (const auto& t : settings_.checks) {
    auto o = stats::check_threshold(t, latest_, elapsed);
    thresholds.push_back({{"threshold", t.text}, {"value", o.actual}, {"pass", o.passed},
                          {"line", stats::to_string(o)}});
  }
  auto migrations = nlohmann::json::array();
  for (const auto& m : migrations_seen_)
    migrations.push_back(to_json(m));
  return {{"run",
           {{"command", settings_.command},
            {"target", settings_.target},
            {"elapsed_s", elapsed_now()},
            {"duration_s", settings_.duration_s},
            {"seed", settings_.seed},
            {"stopping", stopping || finished_},
            {"finished", finished_}}},
          {"tiles", tiles()},
          {"operations", operations_json(latest_, elapsed)},
          {"shards", shards_json(latest_)},
          {"thresholds", std::move(thresholds)},
          {"violations", nlohmann::json(table_)},
          {"violation_total", latest_.violation_total()},
          {"violations_not_kept", kept_dropped_},
          {"controls", controls()},
          {"migrations", std::move(migrations)},
          {"workers", nlohmann::json::array()}};
}

std::shared_ptr<const dashboard_snapshot>
dashboard::snapshot(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock{mtx_};
  if (finished_)
    return nullptr;
  wanted_ = true;
  ++waiting_;
  const auto asked = provided_count_;
  provided_.wait_for(lock, wait, [&] { return provided_count_ != asked || finished_; });
  --waiting_;
  return provided_count_ != asked ? snapshot_ : nullptr;
}

bool dashboard::snapshot_wanted() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return wanted_;
}

void dashboard::provide(const stats::run_stats& figures, const stats::time_series& series) {
  auto s = std::make_shared<dashboard_snapshot>(dashboard_snapshot{figures, series, 0});
  s->series.seal_all();
  std::lock_guard<std::mutex> guard{mtx_};
  s->elapsed_s = static_cast<double>(latest_second_);
  snapshot_ = std::move(s);
  wanted_ = false;
  ++provided_count_;
  provided_.notify_all();
}

std::string dashboard::kept_violations() const {
  std::lock_guard<std::mutex> guard{mtx_};
  std::string out;
  for (const auto& line : kept_)
    out += line + '\n';
  return out;
}

} // namespace throng::control
