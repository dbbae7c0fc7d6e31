#pragma once

// The JSON answers and body checks the control API and the dashboard share.

#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "control/run_controller.hpp"
#include "http/server.hpp"

namespace throng::control {

/// Returns an answer with status `status` and `body` as JSON.
http::server_response answer(int status, const nlohmann::json& body);

/// Returns the refusal {"error": message, "field": field} (no field when
/// empty) with status `status`.
http::server_response refuse(int status, const std::string& field, const std::string& message);

/// Returns the refusal of `e`: 400 for a bad value, 409 otherwise.
http::server_response refuse(const control_error& e);

/// Returns the 405 refusal of a path that takes `method` only.
http::server_response only(const char* method);

/// Parses `body` as a JSON object whose keys are all in `allowed` into
/// `out`, or returns the 400 answer saying what is wrong.
std::optional<http::server_response> parse_object(const std::string& body,
                                                  std::initializer_list<const char*> allowed,
                                                  nlohmann::json& out);

} // namespace throng::control
