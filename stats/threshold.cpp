// Parsing and checking thresholds (threshold.hpp).

#include "stats/threshold.hpp"

#include <charconv>
#include <cmath>

#include "protocol/number_format.hpp"

namespace throng::stats {

namespace {

using metric = threshold::metric;
using comparison = threshold::comparison;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

protocol::decode_error bad(std::string_view text, const std::string& why) {
  return {"bad threshold '" + std::string{text} + "': " + why};
}

bool parse_number(std::string_view s, double& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && std::isfinite(out);
}

} // namespace

protocol::result<threshold> parse_threshold(std::string_view text) {
  threshold t;
  t.text = std::string{trim(text)};
  auto at = text.find_first_of("<=>");
  if (at == std::string_view::npos)
    return bad(text, "expected METRIC CMP VALUE with CMP one of <, <=, ==, >=, >");
  auto name = trim(text.substr(0, at));
  auto rest = text.substr(at);
  static constexpr std::pair<std::string_view, comparison> cmps[] = {
    {"<=", comparison::le}, {">=", comparison::ge}, {"==", comparison::eq},
    {"<", comparison::lt},  {">", comparison::gt},
  };
  bool found = false;
  for (auto& [sym, c] : cmps) {
    if (rest.substr(0, sym.size()) == sym) {
      t.cmp = c;
      rest.remove_prefix(sym.size());
      found = true;
      break;
    }
  }
  if (!found)
    return bad(text, "unknown comparison (use <, <=, ==, >=, >)");
  auto value = trim(rest);
  if (name.empty())
    return bad(text, "missing metric");
  if (value.empty())
    return bad(text, "missing value");

  auto dot = name.find('.');
  if (dot != std::string_view::npos) {
    auto op = protocol::parse_operation(name.substr(0, dot));
    if (!op)
      return bad(text, "unknown operation '" + std::string{name.substr(0, dot)} + "'");
    t.op = *op;
    auto field = name.substr(dot + 1);
    if (field == "rps") {
      t.kind = metric::op_rate;
    } else {
      static constexpr std::pair<std::string_view, double> qs[] = {
        {"p50", 50}, {"p90", 90}, {"p99", 99}, {"p999", 99.9}, {"max", 100},
      };
      bool known = false;
      for (auto& [q, x] : qs)
        if (field == q) {
          t.quantile = x;
          known = true;
        }
      if (!known)
        return bad(text, "unknown field '" + std::string{field}
                           + "' (use p50, p90, p99, p999, max or rps)");
      t.kind = metric::latency;
      static constexpr std::pair<std::string_view, double> units[] = {
        {"us", 1}, {"ms", 1000}, {"s", 1'000'000},
      };
      for (auto& [u, scale] : units) {
        if (value.size() > u.size() && value.substr(value.size() - u.size()) == u
            && parse_number(value.substr(0, value.size() - u.size()), t.value)) {
          if (u == "s" && value.size() >= 2 && (value[value.size() - 2] == 'm'
                                                || value[value.size() - 2] == 'u'))
            continue;
          t.value *= scale;
          return t;
        }
      }
      return bad(text, "latency needs a number with a unit: us, ms or s");
    }
  } else if (name == "rps") {
    t.kind = metric::rate;
  } else if (name == "errors") {
    t.kind = metric::errors;
    if (value.back() == '%') {
      t.percent = true;
      value.remove_suffix(1);
    }
  } else if (name == "violations") {
    t.kind = metric::violations;
  } else if (auto cls = parse_violation_class(name)) {
    t.kind = metric::violation;
    t.cls = *cls;
  } else {
    return bad(text, "unknown metric '" + std::string{name}
                       + "' (use OP.p99, OP.rps, rps, errors, violations or a "
                         "violation class)");
  }
  if (!parse_number(value, t.value))
    return bad(text, "value '" + std::string{value} + "' is not a number");
  return t;
}

threshold_outcome check_threshold(const threshold& t, const run_stats& s,
                                  double duration_s) {
  threshold_outcome o;
  o.condition = t;
  auto per_second = [&](std::uint64_t n) {
    return duration_s > 0 ? static_cast<double>(n) / duration_s : 0.0;
  };
  const auto& op = s.ops[static_cast<std::size_t>(t.op)];
  switch (t.kind) {
    case metric::latency:
      o.actual = static_cast<double>(t.quantile >= 100 ? op.latency_us.max()
                                                       : op.latency_us.percentile(t.quantile));
      break;
    case metric::op_rate:
      o.actual = per_second(op.count);
      break;
    case metric::rate:
      o.actual = per_second(s.total);
      break;
    case metric::errors:
      o.actual = t.percent ? (s.total == 0 ? 0.0
                                           : 100.0 * static_cast<double>(s.failed)
                                               / static_cast<double>(s.total))
                           : static_cast<double>(s.failed);
      break;
    case metric::violations:
      o.actual = static_cast<double>(s.violation_total());
      break;
    case metric::violation:
      o.actual = static_cast<double>(s.violations[static_cast<std::size_t>(t.cls)]);
      break;
  }
  switch (t.cmp) {
    case comparison::lt: o.passed = o.actual < t.value; break;
    case comparison::le: o.passed = o.actual <= t.value; break;
    case comparison::eq: o.passed = o.actual == t.value; break;
    case comparison::ge: o.passed = o.actual >= t.value; break;
    case comparison::gt: o.passed = o.actual > t.value; break;
  }
  return o;
}

std::string to_string(const threshold_outcome& o) {
  std::string actual;
  const auto& t = o.condition;
  switch (t.kind) {
    case metric::latency: actual = protocol::general(o.actual / 1000) + "ms"; break;
    case metric::op_rate:
    case metric::rate: actual = protocol::general(o.actual) + "/s"; break;
    case metric::errors: actual = protocol::general(o.actual) + (t.percent ? "%" : ""); break;
    case metric::violations:
    case metric::violation: actual = protocol::general(o.actual); break;
  }
  return std::string{o.passed ? "PASS " : "FAIL "} + t.text + " (" + actual + ")";
}

} // namespace throng::stats
