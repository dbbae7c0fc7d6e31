// The dashboard's controls of the embedded reference service
// (embedded_controls.hpp).

#include "apps/embedded_controls.hpp"

#include <optional>

namespace throng::apps {

namespace {

using control::control_error;

std::string shard_name(std::size_t i) {
  return "shard-" + std::to_string(i);
}

control::migration_view view_of(const server::migration_status& s) {
  return {s.id,       std::string{to_string(s.now)}, shard_name(s.from), shard_name(s.to),
          s.moved,    s.remaining,                   s.error};
}

/// Returns the index of shard `name` among `count`, or nullopt.
std::optional<std::size_t> shard_index(const std::string& name, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (shard_name(i) == name)
      return i;
  return std::nullopt;
}

std::optional<server::fault_kind> fault_named(const std::string& name) {
  for (std::size_t i = 0; i < server::fault_kind_count; ++i) {
    auto k = static_cast<server::fault_kind>(i);
    if (to_string(k) == name)
      return k;
  }
  return std::nullopt;
}

constexpr server::migration_bug all_bugs[] = {server::migration_bug::none,
                                              server::migration_bug::lose_writes_during_copy,
                                              server::migration_bug::stale_after_cutover};

} // namespace

std::vector<std::string> embedded_controls::shards() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < shards_; ++i)
    out.push_back(shard_name(i));
  return out;
}

std::vector<control::fault_setting> embedded_controls::faults() const {
  std::vector<control::fault_setting> out;
  for (const auto& s : service_.faults().settings())
    out.push_back({std::string{to_string(s.kind)}, s.probability, s.delay});
  return out;
}

std::string embedded_controls::migration_bug() const {
  return std::string{to_string(service_.migrations().bug())};
}

std::vector<std::string> embedded_controls::migration_bugs() const {
  std::vector<std::string> out;
  for (auto b : all_bugs)
    out.emplace_back(to_string(b));
  return out;
}

std::vector<control::migration_view> embedded_controls::migrations() const {
  std::vector<control::migration_view> out;
  for (const auto& s : service_.migrations().all())
    out.push_back(view_of(s));
  return out;
}

protocol::result<control::migration_view, control_error>
embedded_controls::start_migration(const control::migration_order& order) {
  auto from = shard_index(order.from, shards_);
  if (!from)
    return control_error{control_error::kind::bad_value, "from",
                         "no shard '" + order.from + "' (shard-0 to " + shard_name(shards_ - 1)
                           + ")"};
  auto to = shard_index(order.to, shards_);
  if (!to)
    return control_error{control_error::kind::bad_value, "to",
                         "no shard '" + order.to + "' (shard-0 to " + shard_name(shards_ - 1)
                           + ")"};
  auto started = service_.migrations().start({*from, *to, order.accounts, order.rate});
  if (!started)
    return control_error{started.error().status == 409 ? control_error::kind::conflict
                                                       : control_error::kind::bad_value,
                         started.error().status == 409 ? "" : "from",
                         started.error().message};
  return view_of(*started);
}

protocol::result<bool, control_error>
embedded_controls::set_fault(const control::fault_setting& f) {
  auto kind = fault_named(f.kind);
  if (!kind)
    return control_error{control_error::kind::bad_value, "kind",
                         "no fault '" + f.kind + "' (latency, error503, stale_read, ...)"};
  service_.faults().set({*kind, f.probability, f.delay});
  return true;
}

protocol::result<bool, control_error>
embedded_controls::set_migration_bug(const std::string& bug) {
  auto b = server::parse_migration_bug(bug);
  if (!b)
    return control_error{control_error::kind::bad_value, "bug", b.error().message};
  service_.migrations().set_bug(*b);
  return true;
}

} // namespace throng::apps
