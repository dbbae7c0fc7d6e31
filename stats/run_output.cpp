// What a run leaves behind, and its verdict (run_output.hpp).

#include "stats/run_output.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <system_error>

#include "stats/verdict.hpp"

namespace throng::stats {

run_output::run_output(run_output_settings settings)
  : settings_(std::move(settings)) {
  if (settings_.summary_json.empty() && !settings_.out_dir.empty())
    settings_.summary_json = settings_.out_dir + "/summary.json";
}

std::string run_output::prepare() const {
  if (!settings_.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(settings_.out_dir, ec);
    if (ec)
      return "--out: cannot create " + settings_.out_dir + ": " + ec.message();
  }
  if (!settings_.summary_json.empty()) {
    std::ofstream check(settings_.summary_json, std::ios::app);
    if (!check)
      return "--summary-json: cannot write " + settings_.summary_json;
  }
  return {};
}

std::string run_output::violations_log() const {
  return settings_.out_dir.empty() ? std::string{}
                                   : settings_.out_dir + "/violations.jsonl";
}

run_verdict run_output::write(const finished_run& r, std::ostream& out,
                              std::ostream& err) const {
  const auto& figures = *r.figures;
  std::vector<threshold_outcome> outcomes;
  bool all_passed = true;
  for (const auto& t : settings_.checks) {
    outcomes.push_back(check_threshold(t, figures, r.info.duration_s));
    all_passed = all_passed && outcomes.back().passed;
  }
  out << '\n';
  auto info = r.info;
  if (info.failure.empty())
    info.failure = nothing_succeeded(figures, r.base_path, r.requests);
  print_report(out, info, figures, outcomes);
  bool written = true;
  if (!settings_.summary_json.empty())
    written = write_summary(info, figures, outcomes, err);
  if (!settings_.out_dir.empty())
    written = write_out_dir(r, info, outcomes, err) && written;
  if (!info.failure.empty())
    err << settings_.command << ": " << info.failure << '\n';
  if (!written)
    return run_verdict::not_a_pass;
  if (figures.violation_total() > 0)
    return run_verdict::violations;
  if (!info.failure.empty())
    return run_verdict::not_a_pass;
  return all_passed ? run_verdict::pass : run_verdict::threshold_failed;
}

bool run_output::write_summary(const run_info& info, const run_stats& figures,
                               const std::vector<threshold_outcome>& outcomes,
                               std::ostream& err) const {
  std::ofstream file(settings_.summary_json, std::ios::trunc);
  file << stats::summary_json(info, figures, outcomes) << '\n';
  if (file)
    return true;
  err << settings_.command << ": --summary-json: writing "
      << settings_.summary_json << " failed\n";
  return false;
}

bool run_output::write_out_dir(const finished_run& r, const run_info& info,
                               const std::vector<threshold_outcome>& outcomes,
                               std::ostream& err) const {
  auto csv_path = settings_.out_dir + "/timeseries.csv";
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << to_csv(r.series->rows());
  html_report_input page;
  page.info = info;
  page.figures = r.figures;
  page.series = r.series;
  page.checks = outcomes;
  page.parameters = r.parameters;
  page.events.push_back({0, "start"});
  page.events.insert(page.events.end(), r.events.begin(), r.events.end());
  page.events.push_back({r.info.duration_s, r.interrupted ? "interrupted" : "end"});
  auto html_path = settings_.out_dir + "/report.html";
  std::ofstream html(html_path, std::ios::trunc);
  html << html_report(page);
  if (csv && html)
    return true;
  err << settings_.command << ": --out: writing " << (csv ? html_path : csv_path)
      << " failed\n";
  return false;
}

} // namespace throng::stats
