#pragma once

// An account's requests rendered through an API profile: the profile's
// method, path and body for the operation, filled in from the account.

#include <string_view>

#include "model/account.hpp"
#include "model/account_state.hpp"
#include "model/api_profile.hpp"
#include "protocol/operation.hpp"

namespace throng::model {

/// Renders `p.req`'s method, target and body from `profile`'s mapping of
/// `p.op` (which must be present), filled in from account `s`: `{name}` is
/// the name it signs up with, logs in with (login_name()) or renames to
/// (`p.new_name`), else its name; `{password}` its password; `{content}`
/// is `content`; `{account_id}` its id, or `p.probe_account` for a probe;
/// `{note_id}` is `p.note_id`. The token is left as it is. Compiles
/// nothing: the templates are rendered as compiled.
void render_request(const api_profile& profile, const account_state& s,
                    planned_request& p, std::string_view content = {});

/// Returns whether `profile` can ask for another account's data with `op`:
/// a read_note path always names the note; a list_notes path must name the
/// account ({account_id}), else it lists the asker's own notes.
bool can_probe(const api_profile& profile, protocol::operation op) noexcept;

} // namespace throng::model
