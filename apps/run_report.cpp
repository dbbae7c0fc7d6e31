// A run's result handed to stats::run_output (run_report.hpp).

#include "apps/run_report.hpp"

#include <sys/resource.h>

#include "apps/commands.hpp"
#include "http/url.hpp"

namespace throng::apps {

static_assert(static_cast<int>(stats::run_verdict::pass) == exit_ok);
static_assert(static_cast<int>(stats::run_verdict::violations) == exit_violations);
static_assert(static_cast<int>(stats::run_verdict::not_a_pass) == exit_cannot_run);
static_assert(static_cast<int>(stats::run_verdict::threshold_failed)
              == exit_threshold_failed);

stats::finished_run finished(const actors::run_result& r, stats::run_info info,
                             const model::api_profile* api) {
  stats::finished_run f;
  f.info = std::move(info);
  f.info.duration_s = r.duration_s;
  f.info.accounts_live = stats::crowd_sizes{r.peak_accounts, r.final_accounts};
  if (r.failure)
    f.info.failure = r.failure->message;
  f.info.workers = r.workers;
  f.figures = &r.stats;
  f.series = &r.series;
  f.events = r.events;
  f.interrupted = r.interrupted;
  if (auto target = http::parse_url(f.info.target))
    f.base_path = target->base_path;
  if (api != nullptr)
    for (auto op : protocol::all_operations)
      f.requests[static_cast<std::size_t>(op)] = api->request_line(op);
  return f;
}

int exit_code_of(stats::run_verdict v) {
  return static_cast<int>(v);
}

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

} // namespace throng::apps
