#pragma once

// The flags of a distributed run (`--workers`, `--local-workers`,
// `--secret-file`, `--on-worker-loss`, `--tls-cert/--tls-key/--tls-ca`) and
// what they start.

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/App.hpp>

#include "actors/run_options.hpp"
#include "apps/local_workers.hpp"
#include "fleet/fleet_run.hpp"

namespace throng::apps {

/// The flags of a distributed run, as given.
struct fleet_flags {
  std::string workers; // "host:port,host:port", or empty
  std::size_t local_workers = 0;
  std::string secret_file;
  std::string on_worker_loss = "continue";
  fleet::tls_files tls; // --tls-cert, --tls-key, --tls-ca
};

/// Adds the flags of a distributed run to `cmd`.
void add_fleet_flags(CLI::App& cmd, fleet_flags& f);

/// Adds --tls-cert, --tls-key and --tls-ca to `cmd`, the files of a node
/// that talks TLS to the others; `when` opens their descriptions
/// ("With --workers: ", or empty).
void add_tls_flags(CLI::App& cmd, fleet::tls_files& tls, const std::string& when);

/// Checks the TLS flags `tls` of `command`: none, or all three naming
/// usable files (fleet::check_tls_files). Returns false having said on
/// `err` which flag is wrong ("COMMAND: --tls-key: ..."), or which are
/// missing from a partial set.
bool check_tls_flags(std::string_view command, const fleet::tls_files& tls, std::ostream& err);

/// Returns whether the flags ask for workers, or name TLS files or a
/// secret file, which only workers take (start_fleet then says so).
bool fleet_wanted(const fleet_flags& f);

/// A distributed run's workers: the options of the run over them, and the
/// local worker processes, if any, which must outlive the run.
struct fleet_start {
  fleet::fleet_options options;
  std::unique_ptr<local_workers> locals;
};

/// Checks the flags against the run's options `o` (read from `scenario`
/// and `api`, the files' paths or empty) and starts the local workers.
/// Returns nullopt having said on `err` what is wrong and set `exit_code`:
/// 2 for a bad flag or a combination not supported with workers (TLS
/// flags without --workers: local workers listen on loopback and are given
/// no TLS files; fewer accounts than workers), 3 when local workers cannot
/// start.
std::optional<fleet_start> start_fleet(std::string_view command, const fleet_flags& f,
                                       const actors::run_options& o,
                                       const std::string& scenario, const std::string& api,
                                       std::ostream& err, int& exit_code);

} // namespace throng::apps
