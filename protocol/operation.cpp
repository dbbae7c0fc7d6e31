// Operation names and categories (operation.hpp).

#include "protocol/operation.hpp"

namespace throng::protocol {

namespace {

constexpr std::array<std::string_view, operation_count> operation_names{
  "signup",      "login",     "logout",      "read_account", "update_account",
  "create_note", "read_note", "update_note", "delete_note",  "list_notes",
};

constexpr std::array<std::string_view, category_count> category_names{
  "account_read",
  "account_write",
  "note_read",
  "note_write",
};

} // namespace

std::string_view to_string(operation op) noexcept {
  return operation_names[static_cast<std::size_t>(op)];
}

std::optional<operation> parse_operation(std::string_view name) noexcept {
  for (auto op : all_operations)
    if (to_string(op) == name)
      return op;
  return std::nullopt;
}

std::string_view to_string(category c) noexcept {
  return category_names[static_cast<std::size_t>(c)];
}

category category_of(operation op) noexcept {
  switch (op) {
    case operation::signup:
    case operation::login:
    case operation::logout:
    case operation::update_account:
      return category::account_write;
    case operation::read_account:
      return category::account_read;
    case operation::create_note:
    case operation::update_note:
    case operation::delete_note:
      return category::note_write;
    case operation::read_note:
    case operation::list_notes:
      return category::note_read;
  }
  return category::note_read;
}

bool is_write(operation op) noexcept {
  switch (op) {
    case operation::read_account:
    case operation::read_note:
    case operation::list_notes:
      return false;
    default:
      return true;
  }
}

} // namespace throng::protocol
