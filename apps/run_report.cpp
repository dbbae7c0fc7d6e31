// What the end of a run prints and writes, and its exit code (run_report.hpp).

#include "apps/run_report.hpp"

#include <sys/resource.h>

#include <fstream>
#include <ostream>

#include "apps/commands.hpp"
#include "http/url.hpp"
#include "stats/time_series.hpp"
#include "stats/verdict.hpp"

namespace throng::apps {

stats::process_figures own_usage() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  stats::process_figures p;
  p.cpu_user_s = secs(ru.ru_utime);
  p.cpu_system_s = secs(ru.ru_stime);
  p.max_rss_kb = static_cast<std::uint64_t>(ru.ru_maxrss);
  return p;
}

int report_run(const actors::run_result& r, const run_report_settings& s,
               std::ostream& out, std::ostream& err) {
  std::vector<stats::threshold_outcome> outcomes;
  bool all_passed = true;
  for (const auto& t : s.checks) {
    outcomes.push_back(stats::check_threshold(t, r.stats, r.duration_s));
    all_passed = all_passed && outcomes.back().passed;
  }
  out << '\n';
  auto info = s.info;
  info.accounts_live = stats::crowd_sizes{r.peak_accounts, r.final_accounts};
  if (r.failure) {
    info.failure = r.failure->message;
  } else {
    auto target = http::parse_url(info.target);
    info.failure = stats::nothing_succeeded(r.stats, target ? target->base_path : "");
  }
  stats::print_report(out, info, r.stats, outcomes);
  bool written = true;
  if (!s.summary_json.empty()) {
    std::ofstream file(s.summary_json, std::ios::trunc);
    file << stats::summary_json(info, r.stats, outcomes) << '\n';
    if (!file) {
      err << s.command << ": --summary-json: writing " << s.summary_json
          << " failed\n";
      written = false;
    }
  }
  if (!s.out_dir.empty()) {
    auto csv_path = s.out_dir + "/timeseries.csv";
    std::ofstream csv(csv_path, std::ios::trunc);
    csv << stats::to_csv(r.series.rows());
    stats::html_report_input page;
    page.info = info;
    page.figures = &r.stats;
    page.series = &r.series;
    page.checks = outcomes;
    page.parameters = s.parameters;
    page.events.push_back({0, "start"});
    page.events.insert(page.events.end(), r.events.begin(), r.events.end());
    page.events.insert(page.events.end(), s.events.begin(), s.events.end());
    page.events.push_back({r.duration_s, r.interrupted ? "interrupted" : "end"});
    auto html_path = s.out_dir + "/report.html";
    std::ofstream html(html_path, std::ios::trunc);
    html << stats::html_report(page);
    if (!csv || !html) {
      err << s.command << ": --out: writing " << (csv ? html_path : csv_path)
          << " failed\n";
      written = false;
    }
  }
  if (!info.failure.empty())
    err << s.command << ": " << info.failure << '\n';
  if (!written)
    return exit_cannot_run;
  if (r.stats.violation_total() > 0)
    return exit_violations;
  if (!info.failure.empty())
    return exit_cannot_run;
  return all_passed ? exit_ok : exit_threshold_failed;
}

} // namespace throng::apps
