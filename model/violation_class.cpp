// Names of violation classes (violation_class.hpp).

#include "model/violation_class.hpp"

#include <array>

namespace throng::model {

namespace {

constexpr std::array<std::string_view, violation_class_count>
  violation_class_names{
    "stale_read",      "lost_update",      "corrupt_content",
    "missing_note",    "unexpected_note",  "resurrected_note",
    "isolation_breach",
  };

} // namespace

std::string_view to_string(violation_class v) noexcept {
  return violation_class_names[static_cast<std::size_t>(v)];
}

std::optional<violation_class>
parse_violation_class(std::string_view name) noexcept {
  for (std::size_t i = 0; i < violation_class_count; ++i)
    if (violation_class_names[i] == name)
      return static_cast<violation_class>(i);
  return std::nullopt;
}

} // namespace throng::model
