// The flags of a distributed run (fleet_flags.hpp).

#include "apps/fleet_flags.hpp"

#include <fstream>
#include <ostream>
#include <sstream>
#include <utility>
#include <vector>

#include <CLI/Validators.hpp>

#include "apps/commands.hpp"
#include "apps/common_flags.hpp"
#include "config/secret_file.hpp"
#include "http/url.hpp"

namespace throng::apps {

namespace {

/// Reads the file at `path` whole into `text`; false if it cannot be read.
bool read_text(const std::string& path, std::string& text) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  text = s.str();
  return static_cast<bool>(in);
}

/// Returns the workers of `--workers`, checked; nullopt having said why.
std::optional<std::vector<std::string>> parse_workers(std::string_view command,
                                                      const std::string& list,
                                                      std::ostream& err) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= list.size()) {
    const auto end = std::min(list.find(',', at), list.size());
    const auto item = list.substr(at, end - at);
    auto u = http::parse_host_port(item);
    if (!u) {
      err << command << ": --workers: '" << item << "': " << u.error().message << '\n';
      return std::nullopt;
    }
    out.push_back(u->host + ":" + std::to_string(u->port));
    at = end + 1;
  }
  return out;
}

/// Says why `o` cannot run over workers, or returns true.
bool supported(std::string_view command, const actors::run_options& o, std::size_t workers,
               std::ostream& err) {
  if (o.accounts < workers) {
    err << command << ": --accounts: " << o.accounts << " accounts cannot be split over "
        << workers << " workers\n";
    return false;
  }
  return true;
}

/// Returns the flag that names `part` of the TLS files.
const char* tls_flag(fleet::tls_error::part part) {
  using p = fleet::tls_error::part;
  return part == p::cert ? "--tls-cert" : part == p::key ? "--tls-key" : "--tls-ca";
}

/// Checks the TLS flags against the workers asked for; false having said
/// why not.
bool tls_fits(std::string_view command, const fleet_flags& f, std::ostream& err) {
  if (!f.tls.enabled())
    return true;
  if (f.local_workers > 0) {
    err << command << ": --tls-cert, --tls-key and --tls-ca are for --workers: local "
        << "workers listen on 127.0.0.1 only and are given no TLS files\n";
    return false;
  }
  if (f.workers.empty()) {
    err << command << ": --tls-cert, --tls-key and --tls-ca need --workers\n";
    return false;
  }
  return check_tls_flags(command, f.tls, err);
}

} // namespace

void add_tls_flags(CLI::App& cmd, fleet::tls_files& tls, const std::string& when) {
  cmd.add_option("--tls-cert", tls.cert,
                 when + "This node's certificate, PEM; with --tls-key and --tls-ca the "
                        "nodes talk TLS and each verifies the other's certificate");
  cmd.add_option("--tls-key", tls.key,
                 when + "The private key of --tls-cert, PEM, not encrypted (so only its owner "
                        "should read it)");
  cmd.add_option("--tls-ca", tls.ca,
                 when + "The CA certificate(s), PEM, that signed the other nodes' "
                        "certificates (any certificate it signed is taken, whatever its name)");
}

bool check_tls_flags(std::string_view command, const fleet::tls_files& tls,
                     std::ostream& err) {
  if (!tls.enabled())
    return true;
  std::vector<std::string> missing;
  if (tls.cert.empty())
    missing.emplace_back("--tls-cert");
  if (tls.key.empty())
    missing.emplace_back("--tls-key");
  if (tls.ca.empty())
    missing.emplace_back("--tls-ca");
  if (!missing.empty()) {
    err << command << ": " << missing[0];
    if (missing.size() > 1)
      err << " and " << missing[1];
    err << (missing.size() > 1 ? " are" : " is")
        << " missing: --tls-cert, --tls-key and --tls-ca go together\n";
    return false;
  }
  if (auto bad = fleet::check_tls_files(tls)) {
    err << command << ": " << tls_flag(bad->which) << ": " << bad->message << '\n';
    return false;
  }
  return true;
}

void add_fleet_flags(CLI::App& cmd, fleet_flags& f) {
  cmd.add_option("--workers", f.workers,
                 "Split the crowd over these workers (throng worker), HOST:PORT,...");
  add_count_flag(cmd, "--local-workers", f.local_workers,
                 "Split the crowd over this many worker processes on this machine", 0, 64);
  cmd.add_option("--secret-file", f.secret_file,
                 "With --workers: the secret the workers hold (chmod 600)");
  cmd.add_option("--on-worker-loss", f.on_worker_loss,
                 "continue: a lost worker's figures so far are kept and the run goes on; "
                 "fail: the run stops with exit code 3")
    ->capture_default_str()->check(CLI::IsMember({"continue", "fail"}));
  add_tls_flags(cmd, f.tls, "(with --workers) ");
}

bool fleet_wanted(const fleet_flags& f) {
  return !f.workers.empty() || f.local_workers > 0 || f.tls.enabled()
         || !f.secret_file.empty();
}

std::optional<fleet_start> start_fleet(std::string_view command, const fleet_flags& f,
                                       const actors::run_options& o,
                                       const std::string& scenario, const std::string& api,
                                       std::ostream& err, int& exit_code) {
  exit_code = exit_usage;
  fleet_start s;
  auto& fo = s.options;
  fo.fail_on_loss = f.on_worker_loss == "fail";
  if (!f.workers.empty() && f.local_workers > 0) {
    err << command << ": give --workers or --local-workers, not both\n";
    return std::nullopt;
  }
  if (!f.secret_file.empty() && f.workers.empty()) {
    err << command << ": --secret-file is for --workers"
        << (f.local_workers > 0 ? " (local workers get a fresh secret of their own)" : "")
        << '\n';
    return std::nullopt;
  }
  if (!f.workers.empty()) {
    auto ws = parse_workers(command, f.workers, err);
    if (!ws)
      return std::nullopt;
    fo.workers = std::move(*ws);
    if (f.secret_file.empty()) {
      err << command << ": --workers needs --secret-file, the secret the workers hold\n";
      return std::nullopt;
    }
    auto secret = config::read_secret_file(f.secret_file);
    if (!secret) {
      err << command << ": --secret-file: " << secret.error().message << '\n';
      return std::nullopt;
    }
    fo.secret = std::move(*secret);
  }
  if (!tls_fits(command, f, err))
    return std::nullopt;
  fo.tls = f.tls;
  const auto workers = f.local_workers > 0 ? f.local_workers : fo.workers.size();
  if (!supported(command, o, workers, err))
    return std::nullopt;
  for (auto [path, text] : {std::pair{&scenario, &fo.texts.scenario_text},
                             std::pair{&api, &fo.texts.api_text}})
    if (!path->empty() && !read_text(*path, *text)) {
      err << command << ": cannot read " << *path << " again for the workers\n";
      return std::nullopt;
    }
  fo.texts.scenario_label = scenario;
  fo.texts.api_label = api;
  if (f.local_workers > 0) {
    auto locals = local_workers::start(f.local_workers, o.scheduler_threads);
    if (!locals) {
      err << command << ": --local-workers: " << locals.error() << '\n';
      exit_code = exit_cannot_run;
      return std::nullopt;
    }
    s.locals = std::move(*locals);
    fo.workers = s.locals->addresses();
    fo.secret = s.locals->secret();
  }
  exit_code = exit_ok;
  return s;
}

} // namespace throng::apps
