// The live dashboard of one command's run (web_dashboard.hpp).

#include "apps/web_dashboard.hpp"

#include <utility>

namespace throng::apps {

web_dashboard::web_dashboard(control::dashboard_settings settings,
                             server::notes_server* embedded, std::size_t shards)
  : board_(std::move(settings)) {
  if (embedded != nullptr) {
    service_ = std::make_unique<embedded_controls>(*embedded, shards);
    board_.attach(service_.get());
  }
}

web_dashboard::~web_dashboard() {
  board_.attach(static_cast<control::service_controls*>(nullptr));
}

std::string replay_prefix(std::uint64_t seed, const std::string& target,
                          std::size_t notes_per_account, std::size_t content_bytes,
                          std::size_t seed_notes, const std::string& scenario,
                          const std::string& api, const std::string& shape) {
  std::string out = "throng replay --seed " + std::to_string(seed);
  if (!target.empty())
    out += " --target " + target;
  out += " --notes-per-account " + std::to_string(notes_per_account) + " --content-bytes "
         + std::to_string(content_bytes);
  if (seed_notes > 0)
    out += " --seed-notes " + std::to_string(seed_notes);
  if (!scenario.empty())
    out += " --scenario " + scenario;
  if (!api.empty())
    out += " --api " + api;
  if (target.empty() && shape != "v1")
    out += " --shape " + shape;
  return out;
}

} // namespace throng::apps
