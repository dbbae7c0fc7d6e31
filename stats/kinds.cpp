// Names of error kinds and violation classes (kinds.hpp).

#include "stats/kinds.hpp"

namespace throng::stats {

namespace {

constexpr std::array<std::string_view, error_kind_count> error_kind_names{
  "connect", "timeout", "reset", "status_4xx", "status_5xx", "protocol", "malformed",
};

constexpr std::array<std::string_view, violation_class_count>
  violation_class_names{
    "stale_read",      "lost_update",      "corrupt_content",
    "missing_note",    "unexpected_note",  "resurrected_note",
    "isolation_breach",
  };

} // namespace

std::string_view to_string(error_kind k) noexcept {
  return error_kind_names[static_cast<std::size_t>(k)];
}

std::string describe_failure(error_kind k, int status) {
  const auto code = std::to_string(status);
  switch (k) {
    case error_kind::connect:
      return "could not connect";
    case error_kind::timeout:
      return "timed out";
    case error_kind::reset:
      return "had its connection closed before the whole answer";
    case error_kind::status_4xx:
    case error_kind::status_5xx:
      return "answered " + code;
    case error_kind::protocol:
      return status == 0 ? "got an answer that is not valid HTTP, or too large"
                         : "answered " + code + ", a status the API does not use";
    case error_kind::malformed:
      return "answered " + code + " with a malformed body";
  }
  return "failed";
}

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

} // namespace throng::stats
