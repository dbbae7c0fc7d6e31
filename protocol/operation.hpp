#pragma once

// The operations an account makes against the notes service, their names and
// their traffic categories.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace throng::protocol {

/// One kind of request an account makes against a notes service.
enum class operation : std::uint8_t {
  signup,
  login,
  logout,
  read_account,
  update_account,
  create_note,
  read_note,
  update_note,
  delete_note,
  list_notes,
};

/// The number of values of `operation`; they are numbered 0..count-1.
inline constexpr std::size_t operation_count = 10;

/// Every operation, in enum order.
inline constexpr std::array<operation, operation_count> all_operations{
  operation::signup,      operation::login,       operation::logout,
  operation::read_account, operation::update_account,
  operation::create_note, operation::read_note,   operation::update_note,
  operation::delete_note, operation::list_notes,
};

/// The class of traffic an operation belongs to in reports.
enum class category : std::uint8_t {
  account_read,
  account_write,
  note_read,
  note_write,
};

inline constexpr std::size_t category_count = 4;

/// Returns the snake_case name used in reports and JSON ("create_note").
std::string_view to_string(operation op) noexcept;

/// Returns the operation named `name`, or nullopt for an unknown name.
std::optional<operation> parse_operation(std::string_view name) noexcept;

/// Returns the report name of a category ("note_read").
std::string_view to_string(category c) noexcept;

/// Returns the category of `op`: sign-up, log-in, log-out and account updates
/// are account writes; reading the account is an account read; creating,
/// updating and deleting notes are note writes; reading and listing notes are
/// note reads.
category category_of(operation op) noexcept;

/// Returns whether `op` changes state on the service, so that a failure
/// without an answer leaves its outcome unknown.
bool is_write(operation op) noexcept;

} // namespace throng::protocol
