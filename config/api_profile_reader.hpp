#pragma once

// API profile files: the reader that checks one and compiles it into a
// model::api_profile (the format: docs/api-profiles.md).

#include <filesystem>
#include <string>
#include <string_view>

#include "model/api_profile.hpp"
#include "protocol/result.hpp"

namespace throng::config {

/// Parses the API profile in `text` (JSON with // and /* */ comments),
/// checks it and compiles it: unknown keys (with "did you mean"), wrong
/// types, missing required operations and answer pointers, placeholders an
/// operation cannot fill, statuses outside 100..599 or both a success and a
/// refusal, bad header names and JSON pointers are errors. The error is one
/// line ready to print, `LABEL: operations.create_note.answer.note_id:
/// ...`, naming the field by its path; the first problem found wins.
/// `label` (a file name) only starts messages. Never throws.
protocol::result<model::api_profile, std::string>
parse_api_profile(std::string_view text, std::string_view label);

/// Reads the file at `path` and parses it with parse_api_profile; a file
/// that cannot be read, or over 1 MiB, is an error naming it.
protocol::result<model::api_profile, std::string>
read_api_profile(const std::filesystem::path& path);

} // namespace throng::config
