// report.html: its SVG charts and tables (html_report.hpp).

#include "stats/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "protocol/number_format.hpp"
#include "stats/workers_table.hpp"

namespace throng::stats {

namespace {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// Returns a coordinate of a chart, to a tenth of a pixel.
std::string num(double x) {
  return protocol::fixed(x, 1);
}

/// A line of a chart: a name and a value per second.
struct line {
  std::string name;
  std::vector<double> values;
};

constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/// Returns the smallest "nice" number (1, 2 or 5 times a power of ten) not
/// below `x`, so that axis labels are round.
double nice_ceiling(double x) {
  if (x <= 0)
    return 1;
  auto p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= x)
      return m * p;
  return 10 * p;
}

std::string chart(const std::string& id, const std::string& title,
                  const std::string& unit, const std::vector<line>& lines,
                  std::size_t seconds, const std::vector<run_event>& events) {
  constexpr double w = 900, h = 260, left = 60, right = 160, top = 30, bottom = 40;
  const double pw = w - left - right, ph = h - top - bottom;
  double ymax = 0;
  for (const auto& l : lines)
    for (double v : l.values)
      ymax = std::max(ymax, v);
  ymax = nice_ceiling(ymax);
  const double xmax = std::max<double>(1, static_cast<double>(seconds));
  auto x = [&](double s) { return left + pw * s / xmax; };
  auto y = [&](double v) { return top + ph - ph * v / ymax; };
  std::ostringstream o;
  o << "<svg class=\"chart\" id=\"" << id << "\" xmlns=\"http://www.w3.org/2000/svg\" "
    << "viewBox=\"0 0 " << w << ' ' << h << "\" width=\"" << w << "\" height=\"" << h
    << "\" role=\"img\" aria-label=\"" << escape(title) << "\">\n";
  o << "<text x=\"" << left << "\" y=\"18\" class=\"title\">" << escape(title) << "</text>\n";
  for (int i = 0; i <= 5; ++i) {
    double v = ymax * i / 5;
    o << "<line class=\"grid\" x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\""
      << num(y(v)) << "\" y2=\"" << num(y(v)) << "\"/>"
      << "<text class=\"axis\" x=\"" << left - 6 << "\" y=\"" << num(y(v) + 4)
      << "\" text-anchor=\"end\">"
      << (v < 10 ? protocol::general(v, 2) : protocol::fixed(v, 0)) << "</text>\n";
  }
  const double step = nice_ceiling(xmax / 6);
  for (double s = 0; s <= xmax; s += step)
    o << "<text class=\"axis\" x=\"" << num(x(s)) << "\" y=\"" << top + ph + 16
      << "\" text-anchor=\"middle\">" << protocol::fixed(s, 0) << "s</text>\n";
  o << "<text class=\"axis\" x=\"" << left << "\" y=\"" << h - 4 << "\">" << escape(unit)
    << "</text>\n";
  for (const auto& e : events) {
    o << "<line class=\"event\" x1=\"" << num(x(e.at_s)) << "\" x2=\"" << num(x(e.at_s))
      << "\" y1=\"" << top << "\" y2=\"" << top + ph << "\"/>"
      << "<text class=\"event-label\" x=\"";
    // A label near the right edge goes left of its line, clear of the legend.
    if (x(e.at_s) > left + 0.85 * pw)
      o << num(x(e.at_s) - 3) << "\" text-anchor=\"end";
    else
      o << num(x(e.at_s) + 3);
    o << "\" y=\"" << top + 10 << "\">" << escape(e.label) << "</text>\n";
  }
  std::size_t i = 0;
  for (const auto& l : lines) {
    const char* color = palette[i % std::size(palette)];
    o << "<polyline class=\"series\" data-name=\"" << escape(l.name)
      << "\" fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1.5\" points=\"";
    for (std::size_t s = 0; s < l.values.size(); ++s)
      o << num(x(static_cast<double>(s) + 0.5)) << ',' << num(y(l.values[s])) << ' ';
    o << "\"/>\n<text class=\"legend\" x=\"" << left + pw + 10 << "\" y=\""
      << top + 14 * static_cast<double>(i) + 10 << "\" fill=\"" << color << "\">"
      << escape(l.name) << "</text>\n";
    ++i;
  }
  o << "</svg>\n";
  return o.str();
}

/// Returns how many seconds the charts span: through the last second that
/// has a request or a violation.
std::size_t seconds_spanned(const time_series* series, const std::vector<series_row>& rows) {
  std::size_t seconds = 0;
  for (const auto& r : rows)
    seconds = std::max<std::size_t>(seconds, r.second + 1);
  if (series != nullptr && !series->violations().empty())
    seconds = std::max<std::size_t>(seconds, series->violations().rbegin()->first + 1);
  return seconds;
}

/// Returns a line named `name` that is zero for each of `seconds`.
line zero_line(std::string name, std::size_t seconds) {
  return {std::move(name), std::vector<double>(seconds, 0)};
}

/// Returns the lines of `m` in its key order.
template <class Key>
std::vector<line> lines_of(const std::map<Key, line>& m) {
  std::vector<line> out;
  for (const auto& [k, l] : m)
    out.push_back(l);
  return out;
}

/// Returns the line of `m` at `key`, first adding a zero line named `name`.
template <class Key>
line& line_at(std::map<Key, line>& m, const Key& key, std::string_view name,
              std::size_t seconds) {
  auto it = m.find(key);
  if (it == m.end())
    it = m.emplace(key, zero_line(std::string{name}, seconds)).first;
  return it->second;
}

/// Returns requests per second by category: a line for every category.
std::vector<line> category_lines(const std::vector<series_row>& rows, std::size_t seconds) {
  std::vector<line> categories;
  for (std::size_t c = 0; c < protocol::category_count; ++c)
    categories.push_back(
      zero_line(std::string{to_string(static_cast<protocol::category>(c))}, seconds));
  for (const auto& r : rows)
    categories[static_cast<std::size_t>(protocol::category_of(r.op))].values[r.second]
      += static_cast<double>(r.count);
  return categories;
}

/// Returns requests per second by shard, in the order of the shards' names.
std::vector<line> shard_lines(const std::vector<series_row>& rows, std::size_t seconds) {
  std::map<std::string, line> shards;
  for (const auto& r : rows) {
    auto name = r.shard.empty() ? std::string{"(unknown)"} : r.shard;
    line_at(shards, name, name, seconds).values[r.second] += static_cast<double>(r.count);
  }
  return lines_of(shards);
}

/// Returns each second's highest p99 latency by operation, for the operations
/// that have requests.
std::vector<line> p99_lines(const std::vector<series_row>& rows, std::size_t seconds) {
  std::map<protocol::operation, line> p99;
  for (const auto& r : rows) {
    auto& lat = line_at(p99, r.op, protocol::to_string(r.op), seconds);
    lat.values[r.second] = std::max(lat.values[r.second], r.p99_ms);
  }
  return lines_of(p99);
}

/// Returns the p50, p90 and p99 latency of all requests per second.
std::vector<line> percentile_lines(const time_series* series, std::size_t seconds) {
  std::vector<line> overall{zero_line("p50", seconds), zero_line("p90", seconds),
                            zero_line("p99", seconds)};
  if (series != nullptr)
    for (const auto& [second, o] : series->overall_latency())
      if (second < seconds) {
        overall[0].values[second] = static_cast<double>(o.p50) / 1000;
        overall[1].values[second] = static_cast<double>(o.p90) / 1000;
        overall[2].values[second] = static_cast<double>(o.p99) / 1000;
      }
  return overall;
}

/// Returns violations per second.
line violation_line(const time_series* series, std::size_t seconds) {
  auto violations = zero_line("violations", seconds);
  if (series != nullptr)
    for (const auto& [s, n] : series->violations())
      violations.values[s] = static_cast<double>(n);
  return violations;
}

/// Writes the page's head, its style sheet and the start of its body.
void write_head(std::ostream& o, const run_info& info) {
  o << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<title>throng report: " << escape(info.target) << "</title>\n<style>\n"
    << "body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}\n"
    << "h1{font-size:22px}h2{font-size:17px;margin-top:28px}\n"
    << "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;"
    << "border-bottom:1px solid #ddd}\n"
    << "pre{background:#f6f6f6;padding:10px;font-size:12px;overflow-x:auto}\n"
    << ".chart{display:block;margin:8px 0}.chart .title{font-size:14px;font-weight:bold}\n"
    << ".chart .axis{font-size:11px;fill:#555}.chart .legend{font-size:12px}\n"
    << ".chart .grid{stroke:#e4e4e4}.chart .event{stroke:#888;stroke-dasharray:4 3}\n"
    << ".chart .event-label{font-size:11px;fill:#666}\n"
    << ".pass{color:#2a7a2a}.fail{color:#b02020;font-weight:bold}\n"
    << "</style>\n</head>\n<body>\n";
}

/// Writes the title and the verdict line: violations, requests, time, target.
void write_verdict(std::ostream& o, const html_report_input& in) {
  const auto total_violations = in.figures != nullptr ? in.figures->violation_total() : 0;
  o << "<h1>throng report</h1>\n<p id=\"verdict\" class=\""
    << (total_violations == 0 ? "pass" : "fail") << "\">" << total_violations
    << " consistency violations; " << (in.figures ? in.figures->total : 0)
    << " requests in " << protocol::fixed(in.info.duration_s, 2) << " s against "
    << escape(in.info.target) << ".</p>\n";
}

/// Writes the "Over time" section: the five charts.
void write_charts(std::ostream& o, const html_report_input& in) {
  const auto rows = in.series != nullptr ? in.series->rows() : std::vector<series_row>{};
  const auto seconds = seconds_spanned(in.series, rows);
  o << "<h2>Over time</h2>\n";
  o << chart("chart-rates", "Requests per second by category", "requests/s",
             category_lines(rows, seconds), seconds, in.events);
  o << chart("chart-percentiles", "Latency percentiles, all operations (from intended send)",
             "ms", percentile_lines(in.series, seconds), seconds, in.events);
  o << chart("chart-latency", "p99 latency by operation (from intended send)", "ms",
             p99_lines(rows, seconds), seconds, in.events);
  o << chart("chart-shards", "Requests per second by shard", "requests/s",
             shard_lines(rows, seconds), seconds, in.events);
  o << chart("chart-violations", "Consistency violations per second", "violations",
             {violation_line(in.series, seconds)}, seconds, in.events);
}

/// Writes the "Thresholds" section, one item per check; nothing without checks.
void write_thresholds(std::ostream& o, const std::vector<threshold_outcome>& checks) {
  if (checks.empty())
    return;
  o << "<h2>Thresholds</h2>\n<ul id=\"thresholds\">\n";
  for (const auto& c : checks)
    o << "<li class=\"" << (c.passed ? "pass" : "fail") << "\">" << escape(to_string(c))
      << "</li>\n";
  o << "</ul>\n";
}

/// Writes a distributed run's "Workers" table, a lost worker's row marked
/// failed; nothing for a one-process run.
void write_workers(std::ostream& o, const std::vector<worker_figures>& workers) {
  if (workers.empty())
    return;
  o << "<h2>Workers</h2>\n<table id=\"workers\">\n<tr>";
  for (const auto& heading : workers_table_header())
    o << "<th>" << escape(heading) << "</th>";
  o << "</tr>\n";
  for (const auto& w : workers) {
    o << (w.lost ? "<tr class=\"fail\">" : "<tr>");
    for (const auto& cell : workers_table_row(w))
      o << "<td>" << escape(cell) << "</td>";
    o << "</tr>\n";
  }
  o << "</table>\n";
}

/// Writes the "Figures" section: the console report's tables.
void write_figures(std::ostream& o, const html_report_input& in) {
  o << "<h2>Figures</h2>\n<pre id=\"tables\">";
  if (in.figures != nullptr) {
    std::ostringstream text;
    print_report(text, in.info, *in.figures);
    o << escape(text.str());
  }
  o << "</pre>\n";
}

/// Writes the "Parameters" table.
void write_parameters(std::ostream& o,
                      const std::vector<std::pair<std::string, std::string>>& parameters) {
  o << "<h2>Parameters</h2>\n<table id=\"parameters\">\n";
  for (const auto& [k, v] : parameters)
    o << "<tr><th>" << escape(k) << "</th><td>" << escape(v) << "</td></tr>\n";
  o << "</table>\n";
}

} // namespace

std::string html_report(const html_report_input& in) {
  std::ostringstream o;
  write_head(o, in.info);
  write_verdict(o, in);
  write_charts(o, in);
  write_thresholds(o, in.checks);
  write_workers(o, in.info.workers);
  write_figures(o, in);
  write_parameters(o, in.parameters);
  o << "</body>\n</html>\n";
  return o.str();
}

} // namespace throng::stats
