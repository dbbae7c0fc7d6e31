// The document-free rules of API profiles (profile_rules.hpp).

#include "config/profile_rules.hpp"

#include <algorithm>
#include <cstddef>

namespace throng::config {

using protocol::operation;
using protocol::template_field;

std::string_view unfillable(operation op, template_field f, bool body) noexcept {
  switch (f) {
    case template_field::note_id:
      return names_a_note(op) ? "" : "only read_note, update_note and delete_note name a note";
    case template_field::content:
      return body && (op == operation::create_note || op == operation::update_note)
               ? ""
               : "only the bodies of create_note and update_note carry a content";
    case template_field::password:
      return body && (op == operation::signup || op == operation::login)
               ? ""
               : "only the bodies of signup and login carry the password";
    case template_field::name:
      return op == operation::signup || op == operation::login
                 || op == operation::update_account
               ? ""
               : "only signup, login and update_account send a name";
    case template_field::account_id:
      return op != operation::signup && op != operation::login
               ? ""
               : "signup and login come before the account's id is known";
  }
  return "";
}

bool names_a_note(operation op) noexcept {
  return op == operation::read_note || op == operation::update_note
         || op == operation::delete_note;
}

model::status_set default_success(http::method m) {
  switch (m) {
    case http::method::post: return model::status_set{{200, 201}};
    case http::method::del: return model::status_set{{200, 204}};
    default: return model::status_set{{200}};
  }
}

std::vector<std::string_view> answer_keys(operation op) {
  switch (op) {
    case operation::signup:
    case operation::login:
      return {"account_id", "token"};
    case operation::read_account:
    case operation::update_account:
      return {"name"};
    case operation::create_note:
    case operation::read_note:
    case operation::update_note:
      return {"note_id", "content"};
    case operation::list_notes:
      return {"items", "item_id", "item_content", "next"};
    case operation::logout:
    case operation::delete_note:
      return {};
  }
  return {};
}

std::optional<protocol::json_pointer>* answer_slot(protocol::answer_fields& f,
                                                   std::span<const std::string_view> known,
                                                   std::string_view key) noexcept {
  if (std::find(known.begin(), known.end(), key) == known.end())
    return nullptr;
  std::pair<std::string_view, std::optional<protocol::json_pointer>*> slots[] = {
    {"account_id", &f.account_id}, {"token", &f.token},     {"name", &f.name},
    {"note_id", &f.note_id},       {"content", &f.content}, {"items", &f.items},
    {"item_id", &f.item_id},       {"item_content", &f.item_content},
    {"next", &f.next},
  };
  for (auto& [name, slot] : slots)
    if (name == key)
      return slot;
  return nullptr;
}

std::string body_template_text(std::string_view json) {
  std::string out;
  out.reserve(json.size() + 8);
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    out.push_back(c);
    if (in_string) {
      if (c == '\\' && i + 1 < json.size())
        out.push_back(json[++i]);
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '}') {
      out.push_back(c);
    }
  }
  return out;
}

} // namespace throng::config
