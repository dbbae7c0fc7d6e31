#pragma once

// `throng worker`'s engine: a bare node that publishes its worker node on the
// network, waits for a coordinator, runs the share of the crowd it is given in
// an actor system of its own, reports, and waits for the next.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "fleet/node_transport.hpp"

namespace throng::fleet {

/// How a worker serves. Validated by the caller (the command line).
struct worker_options {
  std::string host = "127.0.0.1"; // the address it listens on
  std::uint16_t port = 4242;      // 0: any free port (printed)
  std::string secret;             // the shared secret (config/secret_file)
  std::size_t scheduler_threads = 0;
  std::size_t client_threads = 1;
  std::size_t runs = 0; // stop after this many shares (0: until a signal)
  bool quiet = false;   // say nothing of each share's start and end
  tls_files tls;        // TLS with these files, or none: in the clear
  /// Called, if set, with the port once the worker listens (tests in the
  /// same process).
  std::function<void(std::uint16_t)> on_listening;
};

/// Serves as a worker until `signals` (a count of SIGINT/SIGTERM) becomes
/// non-zero, or after `o.runs` shares. Publishes the worker node
/// (worker_node) at host:port, through TLS when `o.tls` is enabled
/// (node_transport), and prints "throng worker: listening on HOST:PORT
/// (throng VERSION)" on `out` once it does ("(throng VERSION, TLS)" with
/// TLS; in the clear on an address other than loopback, a warning on `log`
/// first). Then carries out each share as a run of its own (crowd_run)
/// whose figures go to the coordinator; keeps nothing between runs and
/// takes one at a time. A signal during a share stops its crowd first
/// (two: without grace). Returns the exit code: 0, or 2 when the TLS files
/// are not usable (check_tls_files) or the address cannot be listened on.
/// Says these on `log`, as it does the refusals of peers and each share's
/// end; a peer refused during the TLS handshake it cannot say (CAF does not
/// tell). Blocks.
int serve_worker(const worker_options& o, const std::atomic<int>& signals,
                 std::ostream& out, std::ostream& log);

} // namespace throng::fleet
