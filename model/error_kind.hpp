#pragma once

// Why a request failed (error_kind), as a run counts it, and how a user reads
// it (describe_failure).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace throng::model {

/// Why a request failed, as wrk counts it. Every failed request has exactly
/// one kind.
enum class error_kind : std::uint8_t {
  connect,    // no connection to the target
  timeout,    // no answer within the request timeout
  reset,      // the connection closed before the answer was whole
  status_4xx, // the service refused the request
  status_5xx, // the service failed; a write's outcome is unknown
  protocol,   // the answer was not valid HTTP, too large, or a status the
              // API does not use (1xx, 3xx)
  malformed,  // a 2xx answer whose body is not the JSON the API promises
};
inline constexpr std::size_t error_kind_count = 7;

/// Returns the report name of `k` ("status_5xx").
std::string_view to_string(error_kind k) noexcept;

/// Returns how a request that failed with `k` ended, as a user reads it
/// after the request's name: "answered 404", "answered 200 with a
/// malformed body", "could not connect". `status` is the HTTP status, 0
/// when no HTTP answer came.
std::string describe_failure(error_kind k, int status);

} // namespace throng::model
