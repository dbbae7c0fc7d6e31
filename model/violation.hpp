#pragma once

// What the consistency checker finds in an answer: violations, and writes it
// can no longer check.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/content_hash.hpp"
#include "protocol/operation.hpp"
#include "model/violation_class.hpp"

namespace throng::model {

/// One consistency violation as the checker finds it: what the account
/// expected of a note (or of its own name) and what the service answered.
struct violation {
  model::violation_class kind = model::violation_class::corrupt_content;
  protocol::operation op = protocol::operation::read_note;
  /// The note's id; empty for the account itself (its name).
  std::string note_id;
  /// The contents the account would have accepted (empty when the note
  /// should not exist); for the account, the SHA-256 of each name.
  std::vector<protocol::content_hash> expected;
  /// The content the service served, if it served one.
  std::optional<protocol::content_hash> received;
  int status = 0;
  std::string shard;
};

/// What checking one answer found. A plain value.
struct findings {
  std::vector<violation> violations;
  /// Notes, names or sets of notes that became indeterminate: more writes
  /// of unknown outcome than the account remembers, so that from now on
  /// whatever the service shows of them is accepted.
  std::uint32_t indeterminate = 0;
};

} // namespace throng::model
