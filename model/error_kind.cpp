// Names of error kinds and how a failure reads (error_kind.hpp).

#include "model/error_kind.hpp"

#include <array>

namespace throng::model {

namespace {

constexpr std::array<std::string_view, error_kind_count> error_kind_names{
  "connect", "timeout", "reset", "status_4xx", "status_5xx", "protocol", "malformed",
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

} // namespace throng::model
