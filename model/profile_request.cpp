// An account's requests rendered through an API profile (profile_request.hpp).

#include "model/profile_request.hpp"

namespace throng::model {

using protocol::operation;
using protocol::template_field;

void render_request(const api_profile& profile, const account_state& s,
                    planned_request& p, std::string_view content) {
  const auto& m = profile.at(p.op);
  protocol::template_values v;
  v.name = p.op == operation::login            ? s.login_name()
           : p.op == operation::update_account ? std::string_view{p.new_name}
                                               : s.name.view();
  v.password = s.password.view();
  v.content = content;
  v.account_id = p.probe_account.empty() ? s.id.view() : std::string_view{p.probe_account};
  v.note_id = p.note_id;
  p.req.verb = m.verb;
  p.req.target.clear();
  m.path.render_to(p.req.target, v);
  p.req.body.clear();
  m.body.render_to(p.req.body, v);
}

bool can_probe(const api_profile& profile, operation op) noexcept {
  const auto& path = profile.at(op).path;
  return path.uses(template_field::account_id) || path.uses(template_field::note_id);
}

} // namespace throng::model
