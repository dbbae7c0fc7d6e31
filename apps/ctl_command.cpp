// `throng ctl`: one request to the control API of a running `throng run
// --control`, its answer printed, and an exit code that says how it went.

#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "http/blocking_client.hpp"
#include "http/url.hpp"

namespace throng::apps {

namespace {

struct ctl_flags {
  std::string control;
  std::string timeout = "10s";
  std::size_t count = 0;
  std::string behaviour = "random";
  double rpm = 0;
};

/// Returns a client for the run at --control, or the exit code after
/// printing why there is none.
protocol::result<http::blocking_client, int> connect_to_run(const ctl_flags& f) {
  auto where = http::parse_host_port(f.control);
  if (!where) {
    std::cerr << "throng ctl: --control: " << where.error().message << '\n';
    return exit_usage;
  }
  auto timeout = parse_duration_flag("throng ctl", "--timeout", f.timeout, std::cerr);
  if (!timeout)
    return exit_usage;
  http::client_options co;
  co.target = std::move(*where);
  co.connections = 1;
  co.timeout = *timeout;
  auto client = http::blocking_client::create(co);
  if (!client) {
    std::cerr << "throng ctl: no run answered at " << f.control << ": "
              << client.error().message << '\n';
    return exit_cannot_run;
  }
  return std::move(*client);
}

/// Prints why the run gave no answer to a request with `verb`.
void print_no_answer(const ctl_flags& f, http::method verb, http::failure why) {
  std::cerr << "throng ctl: ";
  if (why == http::failure::timeout) {
    std::cerr << "the run at " << f.control << " did not answer within " << f.timeout
              << " (--timeout)";
    if (verb != http::method::get)
      std::cerr << "; it may still carry the request out";
    std::cerr << '\n';
    return;
  }
  std::cerr << "no run answered at " << f.control << ": "
            << (why == http::failure::connect  ? "cannot connect"
                : why == http::failure::reset ? "the connection closed before the answer"
                                               : "the answer was not valid HTTP/1.1, or over 8 MiB")
            << '\n';
}

/// Prints an answer of the control API: the body on standard output when
/// it is a 2xx, the error on standard error otherwise.
int print_answer(const http::response& r) {
  if (r.status >= 200 && r.status < 300) {
    std::cout << r.body << '\n';
    return exit_ok;
  }
  // The API's errors are {"error": ..., "field": ...}: print them as
  // "field: error", as the other commands name their flags.
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    std::cerr << "throng ctl: ";
    if (j.contains("field") && j["field"].is_string())
      std::cerr << j["field"].get<std::string>() << ": ";
    std::cerr << j["error"].get<std::string>() << " (" << r.status << ")\n";
  } else {
    std::cerr << "throng ctl: " << r.status << ' ' << r.body << '\n';
  }
  return r.status == 400 ? exit_usage : exit_cannot_run;
}

/// Runs one control request and prints what came of it; returns the exit
/// code.
int call(const ctl_flags& f, http::method verb, std::string target, std::string body) {
  auto client = connect_to_run(f);
  if (!client)
    return client.error();
  http::request req;
  req.verb = verb;
  req.target = std::move(target);
  req.body = std::move(body);
  auto r = client->exchange(std::move(req));
  if (r.error != http::failure::none) {
    print_no_answer(f, verb, r.error);
    return exit_cannot_run;
  }
  return print_answer(r);
}

} // namespace

void add_ctl_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<ctl_flags>();
  auto* cmd = add_command(
    app, "ctl", "Control a running `throng run --control ADDR`: status, add or remove "
                "accounts, change the rate, stop");
  cmd->add_option("--control", f->control, "HOST:PORT of the run's control API")
    ->required();
  add_duration_flag(*cmd, "--timeout", f->timeout,
                    "How long to wait for the whole answer, connecting included");
  cmd->require_subcommand(1);
  cmd->add_subcommand("status", "Print the run's status as JSON")
    ->callback([f, &exit_code] { exit_code = call(*f, http::method::get, "/status", ""); });
  auto* add = cmd->add_subcommand("add", "Add N accounts");
  add->add_option("N", f->count, "How many")
    ->required()->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  add->add_option("--behaviour", f->behaviour, "Their behaviour")->capture_default_str();
  add->callback([f, &exit_code] {
    nlohmann::json body{{"add", f->count}, {"behaviour", f->behaviour}};
    exit_code = call(*f, http::method::post, "/accounts", body.dump());
  });
  auto* remove = cmd->add_subcommand("remove", "Remove the N most recently added accounts");
  remove->add_option("N", f->count, "How many")
    ->required()->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  remove->callback([f, &exit_code] {
    nlohmann::json body{{"remove", f->count}};
    exit_code = call(*f, http::method::post, "/accounts", body.dump());
  });
  auto* rate = cmd->add_subcommand("rate", "Set the total rate, requests per minute");
  rate->add_option("RPM", f->rpm, "Requests per minute")->required()->check(CLI::PositiveNumber);
  rate->callback([f, &exit_code] {
    exit_code = call(*f, http::method::post, "/rate", nlohmann::json{{"rpm", f->rpm}}.dump());
  });
  cmd->add_subcommand("stop", "End the run as SIGINT would")
    ->callback([f, &exit_code] { exit_code = call(*f, http::method::post, "/stop", ""); });
}

} // namespace throng::apps
