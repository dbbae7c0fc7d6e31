#pragma once

// The classes of consistency violation the checker finds (violation_class),
// and their report names.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace throng::model {

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

} // namespace throng::model
