#pragma once

// What a run counts by: why a request failed (error_kind) and what the checker
// found (violation_class).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::stats {

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

/// A class of consistency violation found by the checker.
enum class violation_class : std::uint8_t {
  stale_read,       // a read returned an earlier content of the note before
                    // its latest acknowledged write had ever been seen
  lost_update,      // a read returned an earlier content after the latest
                    // one had been seen: the acknowledged write is gone
  corrupt_content,  // a read returned a content the note never had
  missing_note,     // a note the account knows is gone
  unexpected_note,  // a note the account never knew is there
  resurrected_note, // a note whose delete was acknowledged is back
  isolation_breach, // another account's data was served to this account
};
inline constexpr std::size_t violation_class_count = 7;

/// Returns the report name of `v` ("stale_read").
std::string_view to_string(violation_class v) noexcept;

/// Returns the class named `name`, or nullopt.
std::optional<violation_class> parse_violation_class(std::string_view name) noexcept;

} // namespace throng::stats
