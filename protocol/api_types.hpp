#pragma once

// The request and response bodies of the notes service API, version 1
// (shared/api-v1.md). Plain values; protocol/codec.hpp turns them into JSON
// and back.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace throng::protocol {

/// The body of a sign-up (POST /v1/accounts) and of a log-in
/// (POST /v1/sessions).
struct credentials {
  std::string name;
  std::string password;
};

/// The answer to a sign-up: the new account and its first token.
struct account_created {
  std::string id;
  std::string name;
  std::string token;
};

/// The answer to a log-in: the account it opened and a new token.
struct session_created {
  std::string account_id;
  std::string token;
};

/// The answer to reading or renaming an account.
struct account_info {
  std::string id;
  std::string name;
  std::int64_t note_count = 0;
};

/// The body of an account update (PUT /v1/accounts/{aid}).
struct account_update {
  std::string name;
};

/// The body of a note create or update: the note's new content.
struct note_content {
  std::string content;
};

/// One note as the service returns it.
struct note {
  std::string id;
  std::string content;
};

/// The answer to listing an account's notes, in creation order.
struct note_list {
  std::vector<note> notes;
};

/// The body of every error answer.
struct error_body {
  std::string error;
};

/// The largest note content the API allows, in bytes.
inline constexpr std::size_t max_content_bytes = 65536;

/// The largest request body the API allows, in bytes.
inline constexpr std::size_t max_request_body_bytes = 1024 * 1024;

} // namespace throng::protocol
