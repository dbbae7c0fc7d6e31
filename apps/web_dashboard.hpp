#pragma once

// The live dashboard of one command's run (`--web`), with the controls of
// the embedded service when the command runs one.

#include <cstddef>
#include <memory>

#include "apps/embedded_controls.hpp"
#include "control/dashboard.hpp"

namespace throng::apps {

/// The live dashboard of one run: a control::dashboard, and when the
/// command runs the reference service itself (`embedded` not null) that
/// service's controls attached to it. The service must outlive this. Not
/// thread-safe itself (the dashboard is).
class web_dashboard {
public:
  web_dashboard(control::dashboard_settings settings, server::notes_server* embedded,
                std::size_t shards);
  ~web_dashboard();

  web_dashboard(const web_dashboard&) = delete;
  web_dashboard& operator=(const web_dashboard&) = delete;

  control::dashboard& board() noexcept { return board_; }

private:
  control::dashboard board_;
  std::unique_ptr<embedded_controls> service_;
};

/// Returns the `throng replay` command line of a run without --account:
/// its seed, its target unless it was the embedded service, and the flags
/// of the run that replay takes ("throng replay --seed 7 --seed-notes 5").
std::string replay_prefix(std::uint64_t seed, const std::string& target,
                          std::size_t notes_per_account, std::size_t content_bytes,
                          std::size_t seed_notes, const std::string& scenario,
                          const std::string& api, const std::string& shape);

} // namespace throng::apps
