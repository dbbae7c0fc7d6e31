// How a distributed run is split over its workers (work_split.hpp).

#include "fleet/work_split.hpp"

#include <algorithm>
#include <memory>

#include "config/api_profile_reader.hpp"
#include "config/scenario.hpp"
#include "model/behaviour_registry.hpp"

namespace throng::fleet {

namespace {

/// Returns the stages of `o` as worker `k` of `workers` takes them, its
/// rates a `fraction` of the run's.
std::vector<share_stage> stages_of(const actors::run_options& o, std::size_t k,
                                   std::size_t workers, double fraction) {
  std::vector<share_stage> out;
  for (const auto& st : o.stages) {
    share_stage s;
    s.duration_ms = st.duration.count();
    if (st.accounts) {
      s.has_accounts = true;
      s.accounts = even_split(*st.accounts, workers)[k];
    }
    if (st.rpm) {
      s.has_rpm = true;
      s.rpm = *st.rpm * fraction;
    }
    out.push_back(s);
  }
  return out;
}

} // namespace

std::vector<std::uint64_t> even_split(std::uint64_t n, std::size_t parts) {
  std::vector<std::uint64_t> out(parts, n / parts);
  for (std::size_t i = 0; i < n % parts; ++i)
    ++out[i];
  return out;
}

std::vector<worker_share> split_run(const actors::run_options& o, std::size_t workers,
                                    const share_texts& texts) {
  const auto accounts = even_split(o.accounts, workers);
  const auto connections = even_split(o.connections, workers);
  const auto batches = even_split(o.seed_batch, workers);
  const auto budgets = even_split(o.seed_max_errors, workers);
  std::vector<worker_share> out;
  std::uint64_t first = 0;
  for (std::size_t k = 0; k < workers; ++k) {
    const double fraction =
      static_cast<double>(accounts[k]) / static_cast<double>(std::max<std::size_t>(1, o.accounts));
    worker_share s;
    s.worker = static_cast<std::uint32_t>(k);
    s.target = o.target;
    s.name_prefix = texts.name_prefix;
    s.scenario_text = texts.scenario_text;
    s.scenario_label = texts.scenario_label;
    s.api_text = texts.api_text;
    s.api_label = texts.api_label;
    s.accounts = accounts[k];
    s.run_accounts = o.accounts;
    s.first_index = static_cast<std::uint32_t>(first);
    s.later_base = static_cast<std::uint32_t>(o.accounts);
    s.later_offset = static_cast<std::uint32_t>(k);
    s.later_stride = static_cast<std::uint32_t>(workers);
    s.notes_per_account = o.notes_per_account;
    s.rpm = o.rpm * fraction;
    s.duration_ms = o.duration.count();
    s.connections = std::max<std::uint64_t>(1, connections[k]);
    s.timeout_ms = o.timeout.count();
    s.max_response_bytes = o.max_response_bytes;
    s.insecure = o.insecure;
    s.seed = o.seed;
    s.content_bytes = o.content_bytes;
    s.seed_notes = o.seed_notes;
    s.seed_batch = std::max<std::uint64_t>(1, batches[k]);
    s.seed_max_errors = budgets[k];
    s.grace_ms = o.grace.count();
    s.connect_wait_ms = o.connect_wait.count();
    s.stages = stages_of(o, k, workers, fraction);
    s.spawn_rate = o.spawn_rate / static_cast<double>(workers);
    s.closed = o.model == config::workload_model::closed;
    out.push_back(std::move(s));
    first += accounts[k];
  }
  return out;
}

protocol::result<actors::run_options, std::string> options_of(const worker_share& share) {
  actors::run_options o;
  o.target = share.target;
  o.name_prefix = share.name_prefix;
  o.accounts = share.accounts;
  o.population_accounts = share.run_accounts;
  o.indexes.first = share.first_index;
  o.indexes.initial = share.accounts;
  o.indexes.later_base = share.later_base;
  o.indexes.later_offset = share.later_offset;
  o.indexes.later_stride = std::max<std::uint32_t>(1, share.later_stride);
  o.notes_per_account = share.notes_per_account;
  o.rpm = share.rpm;
  o.duration = std::chrono::milliseconds{share.duration_ms};
  o.connections = share.connections;
  o.timeout = std::chrono::milliseconds{share.timeout_ms};
  o.max_response_bytes = share.max_response_bytes;
  o.insecure = share.insecure;
  o.seed = share.seed;
  o.content_bytes = share.content_bytes;
  o.seed_notes = share.seed_notes;
  o.seed_batch = share.seed_batch;
  o.seed_max_errors = share.seed_max_errors;
  o.grace = std::chrono::milliseconds{share.grace_ms};
  o.connect_wait = std::chrono::milliseconds{share.connect_wait_ms};
  for (const auto& s : share.stages) {
    config::load_stage st;
    st.duration = std::chrono::milliseconds{s.duration_ms};
    if (s.has_accounts)
      st.accounts = s.accounts;
    if (s.has_rpm)
      st.rpm = s.rpm;
    o.stages.push_back(st);
  }
  o.spawn_rate = share.spawn_rate;
  o.model = share.closed ? config::workload_model::closed : config::workload_model::open;
  if (!share.scenario_text.empty()) {
    const auto names = model::behaviour_names();
    auto sc = config::parse_scenario(share.scenario_text, share.scenario_label, names);
    if (!sc)
      return "the coordinator's scenario: " + sc.error().message;
    o.populations = sc->populations;
  }
  if (!share.api_text.empty()) {
    auto p = config::parse_api_profile(share.api_text, share.api_label);
    if (!p)
      return "the coordinator's API profile: " + p.error();
    o.api = std::make_shared<const model::api_profile>(std::move(*p));
  }
  return o;
}

} // namespace throng::fleet
