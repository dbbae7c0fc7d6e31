#pragma once

#include <optional>
#include <string>
#include <vector>

#include "protocol/content_hash.hpp"
#include "protocol/operation.hpp"
#include "stats/kinds.hpp"

namespace throng::actors {

/// One consistency violation as the checker finds it: what the account
/// expected of a note and what the service answered.
struct violation {
  stats::violation_class kind = stats::violation_class::corrupt_content;
  protocol::operation op = protocol::operation::read_note;
  std::string note_id;
  /// The contents the account would have accepted (empty when the note
  /// should not exist).
  std::vector<protocol::content_hash> expected;
  /// The content the service served, if it served one.
  std::optional<protocol::content_hash> received;
  int status = 0;
  std::string shard;
};

} // namespace throng::actors
