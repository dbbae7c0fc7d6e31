#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "apps/commands.hpp"

namespace throng::apps {

namespace {

struct ctl_flags {
  std::string control;
  std::size_t count = 0;
  std::string behaviour = "random";
  double rpm = 0;
};

/// An answer of the control API, or why there was none.
struct answer {
  int status = 0; // 0: no answer
  std::string body;
  std::string failure;
};

/// Sends one request to the control API at `address` ("host:port") and
/// reads the whole answer. Blocking, with a 10 s limit on each step: this is
/// a command line tool talking to a loopback server.
answer exchange(const std::string& address, const std::string& method,
                const std::string& path, const std::string& body) {
  answer a;
  const auto colon = address.rfind(':');
  unsigned port = 0;
  if (colon == std::string::npos || colon == 0) {
    a.failure = "expected HOST:PORT, got '" + address + "'";
    return a;
  }
  const auto digits = std::string_view{address}.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535) {
    a.failure = "bad port in '" + address + "'";
    return a;
  }
  auto host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  sockaddr_storage where{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&where);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&where);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v6;
  } else {
    a.failure = "'" + host + "' is not an IP address";
    return a;
  }
  const int fd = socket(where.ss_family, SOCK_STREAM, 0);
  if (fd < 0) {
    a.failure = std::strerror(errno);
    return a;
  }
  timeval limit{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  std::string raw;
  if (connect(fd, reinterpret_cast<sockaddr*>(&where), len) != 0) {
    a.failure = std::strerror(errno);
    close(fd);
    return a;
  }
  std::ostringstream req;
  req << method << ' ' << path << " HTTP/1.1\r\nHost: " << address
      << "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
      << body.size() << "\r\n\r\n" << body;
  const auto text = req.str();
  if (send(fd, text.data(), text.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(text.size())) {
    a.failure = std::strerror(errno);
    close(fd);
    return a;
  }
  char buf[4096];
  ssize_t n = 0;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
    raw.append(buf, static_cast<std::size_t>(n));
  close(fd);
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 9, "HTTP/1.1 ") != 0 || raw.size() < 12 || head_end == std::string::npos) {
    a.failure = raw.empty() ? "no answer" : "not an HTTP answer";
    return a;
  }
  std::from_chars(raw.data() + 9, raw.data() + 12, a.status);
  a.body = raw.substr(head_end + 4);
  return a;
}

/// Runs one control request and prints its answer: the body on standard
/// output when it succeeded, the error on standard error otherwise.
int call(const ctl_flags& f, const std::string& method, const std::string& path,
         const std::string& body) {
  auto a = exchange(f.control, method, path, body);
  if (a.status == 0) {
    std::cerr << "throng ctl: no run answered at " << f.control << ": " << a.failure << '\n';
    return exit_cannot_run;
  }
  if (a.status >= 200 && a.status < 300) {
    std::cout << a.body << '\n';
    return exit_ok;
  }
  // The API's errors are {"error": ..., "field": ...}: print them as
  // "field: error", as the other commands name their flags.
  auto j = nlohmann::json::parse(a.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    std::cerr << "throng ctl: ";
    if (j.contains("field") && j["field"].is_string())
      std::cerr << j["field"].get<std::string>() << ": ";
    std::cerr << j["error"].get<std::string>() << " (" << a.status << ")\n";
  } else {
    std::cerr << "throng ctl: " << a.status << ' ' << a.body << '\n';
  }
  return a.status == 400 ? exit_usage : exit_cannot_run;
}

} // namespace

void add_ctl_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<ctl_flags>();
  auto* cmd = app.add_subcommand(
    "ctl", "Control a running `throng run --control ADDR`: status, add or remove "
           "accounts, change the rate, stop");
  cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cmd->add_option("--control", f->control, "HOST:PORT of the run's control API")
    ->required();
  cmd->require_subcommand(1);
  cmd->add_subcommand("status", "Print the run's status as JSON")
    ->callback([f, &exit_code] { exit_code = call(*f, "GET", "/status", ""); });
  auto* add = cmd->add_subcommand("add", "Add N accounts");
  add->add_option("N", f->count, "How many")
    ->required()->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  add->add_option("--behaviour", f->behaviour, "Their behaviour")->capture_default_str();
  add->callback([f, &exit_code] {
    nlohmann::json body{{"add", f->count}, {"behaviour", f->behaviour}};
    exit_code = call(*f, "POST", "/accounts", body.dump());
  });
  auto* remove = cmd->add_subcommand("remove", "Remove the N most recently added accounts");
  remove->add_option("N", f->count, "How many")
    ->required()->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  remove->callback([f, &exit_code] {
    exit_code = call(*f, "POST", "/accounts", nlohmann::json{{"remove", f->count}}.dump());
  });
  auto* rate = cmd->add_subcommand("rate", "Set the total rate, requests per minute");
  rate->add_option("RPM", f->rpm, "Requests per minute")->required()->check(CLI::PositiveNumber);
  rate->callback([f, &exit_code] {
    exit_code = call(*f, "POST", "/rate", nlohmann::json{{"rpm", f->rpm}}.dump());
  });
  cmd->add_subcommand("stop", "End the run as SIGINT would")
    ->callback([f, &exit_code] { exit_code = call(*f, "POST", "/stop", ""); });
}

} // namespace throng::apps
