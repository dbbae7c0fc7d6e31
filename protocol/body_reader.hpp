#pragma once

// The reader behind protocol::decode: it fills an API body's members from
// JSON text without building a document of it: simdjson for a body that
// decodes, nlohmann_json's SAX parser to name the problem of one that does
// not. Thread-safe: each thread keeps its own simdjson parser.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/api_types.hpp"
#include "protocol/result.hpp"

namespace throng::protocol {

/// One member of a body: its key in JSON and where its value goes. The
/// caller owns the targets; a list's elements are notes.
struct body_member {
  std::string_view key;
  std::variant<std::string*, std::int64_t*, std::vector<note>*> target;
};

/// Reads JSON `body`, which must be an object, into `members`. Returns the
/// first problem, as codec.hpp describes them: the body is not valid UTF-8
/// JSON, it nests deeper than `max_depth` levels (checked as it is read, so
/// a deep body costs no more than the levels up to the limit), it is not an
/// object, or a member is missing or of the wrong type (named as
/// `notes[2].id` inside a list; members are checked in `members`' order).
/// Unknown keys are skipped; of a repeated key the last value counts, as in
/// a parsed document. On a problem the targets hold partial values.
std::optional<decode_error> read_body(std::string_view body, std::span<const body_member> members,
                                      int max_depth);

} // namespace throng::protocol
