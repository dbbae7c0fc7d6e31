// The grammar of thresholds (`read_note.p99<50ms`): parsing one into a
// stats::threshold (threshold_grammar.hpp).

#include "config/threshold_grammar.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

#include "protocol/number_format.hpp"

namespace throng::config {

namespace {

using stats::threshold;
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

/// Why a part of a threshold is wrong, or nothing when it is right.
using problem = std::optional<std::string>;

/// `METRIC CMP VALUE` cut at its comparison, the metric and value trimmed.
struct threshold_parts {
  std::string_view metric_name;
  comparison cmp = comparison::eq;
  std::string_view value;
};

/// Cuts `text` into its parts, or returns why it cannot.
protocol::result<threshold_parts, std::string> split_threshold(std::string_view text) {
  auto at = text.find_first_of("<=>");
  if (at == std::string_view::npos)
    return std::string{"expected METRIC CMP VALUE with CMP one of <, <=, ==, >=, >"};
  threshold_parts parts;
  parts.metric_name = trim(text.substr(0, at));
  auto rest = text.substr(at);
  static constexpr std::pair<std::string_view, comparison> cmps[] = {
    {"<=", comparison::le}, {">=", comparison::ge}, {"==", comparison::eq},
    {"<", comparison::lt},  {">", comparison::gt},
  };
  const auto* cmp = std::find_if(std::begin(cmps), std::end(cmps),
                                 [&](const auto& c) { return rest.starts_with(c.first); });
  if (cmp == std::end(cmps))
    return std::string{"unknown comparison (use <, <=, ==, >=, >)"};
  parts.cmp = cmp->second;
  parts.value = trim(rest.substr(cmp->first.size()));
  if (parts.metric_name.empty())
    return std::string{"missing metric"};
  if (parts.value.empty())
    return std::string{"missing value"};
  return parts;
}

/// Reads `OP.FIELD` (`read_note.p99`, `read_note.rps`) into `t`.
problem read_operation_metric(std::string_view name, threshold& t) {
  const auto dot = name.find('.');
  const auto op_name = name.substr(0, dot);
  auto op = protocol::parse_operation(op_name);
  if (!op)
    return "unknown operation '" + std::string{op_name} + "'";
  t.op = *op;
  const auto field = name.substr(dot + 1);
  if (field == "rps") {
    t.kind = metric::op_rate;
    return {};
  }
  static constexpr std::pair<std::string_view, double> qs[] = {
    {"p50", 50}, {"p90", 90}, {"p99", 99}, {"p999", 99.9}, {"max", 100},
  };
  for (const auto& [q, x] : qs)
    if (field == q) {
      t.kind = metric::latency;
      t.quantile = x;
      return {};
    }
  return "unknown field '" + std::string{field} + "' (use p50, p90, p99, p999, max or rps)";
}

/// Reads a metric of the whole run (`rps`, `errors`, `violations`, a
/// violation class) into `t`.
problem read_run_metric(std::string_view name, threshold& t) {
  if (name == "rps") {
    t.kind = metric::rate;
  } else if (name == "errors") {
    t.kind = metric::errors;
  } else if (name == "violations") {
    t.kind = metric::violations;
  } else if (auto cls = model::parse_violation_class(name)) {
    t.kind = metric::violation;
    t.cls = *cls;
  } else {
    return "unknown metric '" + std::string{name}
           + "' (use OP.p99, OP.rps, rps, errors, violations or a violation class)";
  }
  return {};
}

/// Reads a latency with its unit (`900us`, `50ms`, `0.1s`) as microseconds.
bool parse_latency(std::string_view value, double& us) {
  static constexpr std::pair<std::string_view, double> units[] = {
    {"us", 1}, {"ms", 1000}, {"s", 1'000'000},
  };
  for (const auto& [unit, scale] : units)
    if (value.size() > unit.size() && value.ends_with(unit)
        && parse_number(value.substr(0, value.size() - unit.size()), us)) {
      us *= scale;
      return true;
    }
  return false;
}

/// Reads `value` into `t` in the unit its metric takes: a latency with its
/// unit, an error count or a percentage, a plain number otherwise.
problem read_value(std::string_view value, threshold& t) {
  if (t.kind == metric::latency) {
    if (!parse_latency(value, t.value))
      return "latency needs a number with a unit: us, ms or s";
    return {};
  }
  if (t.kind == metric::errors && value.ends_with('%')) {
    t.percent = true;
    value.remove_suffix(1);
  }
  if (!parse_number(value, t.value))
    return "value '" + std::string{value} + "' is not a number";
  return {};
}

} // namespace

protocol::result<threshold> parse_threshold(std::string_view text) {
  auto parts = split_threshold(text);
  if (!parts)
    return bad(text, parts.error());
  threshold t;
  t.text = std::string{trim(text)};
  t.cmp = parts->cmp;
  auto why = parts->metric_name.find('.') != std::string_view::npos
               ? read_operation_metric(parts->metric_name, t)
               : read_run_metric(parts->metric_name, t);
  if (!why)
    why = read_value(parts->value, t);
  if (why)
    return bad(text, *why);
  return t;
}

} // namespace throng::config
