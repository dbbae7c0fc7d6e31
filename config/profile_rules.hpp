#pragma once

// The rules of API profiles that need no document: which placeholders each
// operation fills, which answer pointers it reads, its default statuses,
// header names, and how a body's JSON becomes a template. Used by
// api_profile_reader; pure functions, thread-safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "model/api_profile.hpp"
#include "protocol/answer_fields.hpp"
#include "protocol/operation.hpp"
#include "protocol/text_template.hpp"

namespace throng::config {

/// The operations every profile must map (not null, not absent).
inline constexpr protocol::operation required_operations[] = {
  protocol::operation::signup, protocol::operation::login, protocol::operation::create_note,
  protocol::operation::read_note, protocol::operation::list_notes,
};

/// Returns why `op` cannot fill placeholder `f` in its body (`body`) or its
/// path, or "" when it can: {note_id} only in read_note, update_note and
/// delete_note; {content} only in the bodies of create_note and update_note;
/// {password} only in the bodies of signup and login; {name} only in
/// signup, login and update_account; {account_id} anywhere but signup and
/// login.
std::string_view unfillable(protocol::operation op, protocol::template_field f,
                            bool body) noexcept;

/// Returns whether `op` names one note, so that its path needs {note_id}.
bool names_a_note(protocol::operation op) noexcept;

/// Returns the success statuses of a method the profile gives none for:
/// POST [200, 201], DELETE [200, 204], the others [200].
model::status_set default_success(http::method m);

/// Returns the keys of an answer `op` may have (those throng reads), as
/// spelled in a profile ("note_id", "item_content"); none for logout and
/// delete_note.
std::vector<std::string_view> answer_keys(protocol::operation op);

/// Returns the member of `f` that answer key `key` sets, or nullptr when
/// `key` is not one of `known`.
std::optional<protocol::json_pointer>* answer_slot(protocol::answer_fields& f,
                                                   std::span<const std::string_view> known,
                                                   std::string_view key) noexcept;

/// Returns the template text of compact JSON `json`: braces outside
/// strings are JSON's own and are doubled, so that only the placeholders
/// inside strings fill in.
std::string body_template_text(std::string_view json);

} // namespace throng::config
