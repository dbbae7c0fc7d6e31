// `throng check-api`: one walk through every operation of an API profile
// with a fresh account, each request and answer printed with whether it
// matched the profile.

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "apps/api_flags.hpp"
#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "http/blocking_client.hpp"
#include "http/url.hpp"
#include "model/api_check.hpp"

namespace throng::apps {

namespace {

struct check_api_flags {
  std::string target;
  std::string api;
  std::string timeout = "10s";
  std::string name;
};

std::string_view mark(model::api_check_step::verdict v) {
  switch (v) {
    case model::api_check_step::verdict::matched:
      return "ok  ";
    case model::api_check_step::verdict::mismatched:
      return "FAIL";
    case model::api_check_step::verdict::skipped:
      break;
  }
  return "skip";
}

void print_step(const model::api_check_step& s, int width, std::ostream& out) {
  out << "  " << mark(s.result) << "  " << std::left << std::setw(width) << s.label;
  if (!s.request.empty())
    out << ' ' << s.request;
  out << '\n';
  if (!s.sent_body.empty())
    out << "          sent: " << s.sent_body << '\n';
  if (!s.answer.empty())
    out << "          got:  " << s.answer << '\n';
  if (!s.problem.empty())
    out << "          " << (s.result == model::api_check_step::verdict::skipped ? "why:  " : "what: ")
        << s.problem << '\n';
}

/// A name no earlier check used: the check leaves its account behind when
/// the service has no way to delete one.
std::string fresh_name() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch()).count();
  return "check-api-" + std::to_string(ms);
}

int check_api(const check_api_flags& f) {
  constexpr std::string_view cmd = "throng check-api";
  auto loaded = load_api_flag(cmd, f.api, std::cerr);
  if (!loaded)
    return exit_usage;
  const auto& profile = *loaded;
  auto target = http::parse_url(f.target);
  if (!target) {
    std::cerr << cmd << ": --target: " << target.error().message << '\n';
    return exit_usage;
  }
  auto timeout = parse_duration_flag(cmd, "--timeout", f.timeout, std::cerr);
  if (!timeout)
    return exit_usage;
  http::client_options co;
  co.target = std::move(*target);
  co.connections = 1;
  co.timeout = *timeout;
  co.style = profile->style;
  auto client = http::blocking_client::create(co);
  if (!client) {
    std::cerr << cmd << ": cannot reach " << f.target << ": " << client.error().message << '\n';
    return exit_cannot_run;
  }
  std::cout << cmd << ": " << f.target << " through " << f.api << " (" << profile->name << ")\n";
  model::api_check walk(*profile, f.name.empty() ? fresh_name() : f.name);
  auto steps = walk.run([&client](const http::request& r) { return client->exchange(r); });
  std::size_t counts[3] = {0, 0, 0};
  std::size_t width = 0;
  for (const auto& s : steps)
    width = std::max(width, s.label.size());
  for (const auto& s : steps) {
    print_step(s, static_cast<int>(width), std::cout);
    ++counts[static_cast<std::size_t>(s.result)];
  }
  std::cout << counts[0] << " steps matched the profile, " << counts[1] << " did not, "
            << counts[2] << " skipped\n";
  if (steps.front().result == model::api_check_step::verdict::mismatched
      && steps.front().answer.find_first_not_of("0123456789") == 0) {
    std::cerr << cmd << ": " << f.target << " did not answer: " << steps.front().answer << '\n';
    return exit_cannot_run;
  }
  return model::api_check::all_matched(steps) ? exit_ok : exit_violations;
}

} // namespace

void add_check_api_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<check_api_flags>();
  auto* cmd = add_command(
    app, "check-api",
    "Walk every operation of an API profile once with a fresh account, and say what "
    "matched the profile (exit 0: all; 1: a step did not; 2: bad flags or profile; "
    "3: no answer)");
  cmd->add_option("--target", f->target, "URL of the service")->required();
  cmd->add_option("--api", f->api, "The API profile (JSON with comments)")->required();
  add_duration_flag(*cmd, "--timeout", f->timeout,
                    "How long to wait for each answer, connecting included");
  cmd->add_option("--name", f->name, "The account's name (default: check-api-<time>)");
  cmd->callback([f, &exit_code] { exit_code = check_api(*f); });
}

} // namespace throng::apps
