// Load shapes and the parsing of `--stage` (load_shape.hpp).

#include "config/load_shape.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "config/duration.hpp"

namespace throng::config {

load_shape::load_shape(std::size_t accounts, double rpm, std::vector<load_stage> stages,
                       double spawn_rate)
  : stages_(std::move(stages)), spawn_rate_(spawn_rate) {
  ends_.push_back({0, static_cast<double>(accounts), rpm});
  for (const auto& s : stages_) {
    total_ += s.duration;
    auto last = ends_.back();
    ends_.push_back({std::chrono::duration<double>(total_).count(),
                     s.accounts ? static_cast<double>(*s.accounts) : last.accounts,
                     s.rpm ? *s.rpm : last.rpm});
  }
}

double load_shape::accounts_at(double t_s, std::size_t& stage, double& rpm) const {
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    const auto& from = ends_[i];
    const auto& to = ends_[i + 1];
    if (t_s < to.t_s) {
      const double f = (t_s - from.t_s) / (to.t_s - from.t_s);
      stage = i;
      rpm = from.rpm + f * (to.rpm - from.rpm);
      return from.accounts + f * (to.accounts - from.accounts);
    }
  }
  stage = stages_.size();
  rpm = ends_.back().rpm;
  return ends_.back().accounts;
}

load_target load_shape::at(std::chrono::nanoseconds t) const {
  const double t_s = std::max(0.0, std::chrono::duration<double>(t).count());
  load_target out;
  double accounts = accounts_at(t_s, out.stage, out.rpm);
  if (spawn_rate_ > 0) {
    // Accounts are added no faster than the spawn rate and removed at once:
    // the count is the lowest of target(s) + rate * (t - s) over s <= t.
    // The target is linear between the stage ends, so only they (and t)
    // can be lowest.
    for (const auto& p : ends_) {
      if (p.t_s > t_s)
        break;
      accounts = std::min(accounts, p.accounts + spawn_rate_ * (t_s - p.t_s));
    }
  }
  out.accounts = static_cast<std::size_t>(std::floor(std::max(0.0, accounts) + 1e-9));
  return out;
}

protocol::result<load_stage, protocol::decode_error> parse_stage(const std::string& text) {
  using protocol::decode_error;
  const auto colon = text.find(':');
  if (colon == std::string::npos)
    return decode_error{"bad stage '" + text + "': expected DURATION:accounts=N[,rpm=R]"};
  load_stage s;
  const auto d = text.substr(0, colon);
  if (d != "0") {
    auto parsed = parse_duration(d);
    if (!parsed)
      return decode_error{"bad stage '" + text + "': " + parsed.error().message};
    s.duration = *parsed;
  }
  std::string_view rest{text};
  rest.remove_prefix(colon + 1);
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto eq = item.find('=');
    auto key = item.substr(0, eq);
    auto value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    const char* first = value.data();
    const char* last = value.data() + value.size();
    if (key == "accounts" && !s.accounts) {
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(first, last, n);
      if (value.empty() || ec != std::errc{} || end != last || n > 10'000'000)
        return decode_error{"bad stage '" + text
                            + "': accounts must be a whole number from 0 to 10000000"};
      s.accounts = n;
    } else if (key == "rpm" && !s.rpm) {
      double r = 0;
      auto [end, ec] = std::from_chars(first, last, r);
      if (value.empty() || ec != std::errc{} || end != last || !(r > 0) || !std::isfinite(r))
        return decode_error{"bad stage '" + text + "': rpm must be a number more than 0"};
      s.rpm = r;
    } else {
      return decode_error{"bad stage '" + text + "': unknown or repeated key '"
                          + std::string{key} + "' (accounts, rpm)"};
    }
  }
  if (!s.accounts && !s.rpm)
    return decode_error{"bad stage '" + text + "': give accounts=N, rpm=R or both"};
  return s;
}

} // namespace throng::config
