// The JSON answers and body checks the control API and the dashboard share
// (json_answers.hpp).

#include "control/json_answers.hpp"

namespace throng::control {

http::server_response answer(int status, const nlohmann::json& body) {
  http::server_response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

http::server_response refuse(int status, const std::string& field, const std::string& message) {
  nlohmann::json j{{"error", message}};
  if (!field.empty())
    j["field"] = field;
  return answer(status, j);
}

http::server_response refuse(const control_error& e) {
  return refuse(e.what == control_error::kind::bad_value ? 400 : 409, e.field, e.message);
}

http::server_response only(const char* method) {
  auto out = refuse(405, "", std::string{"this path takes "} + method + " only");
  out.allow = method;
  return out;
}

std::optional<http::server_response> parse_object(const std::string& body,
                                                  std::initializer_list<const char*> allowed,
                                                  nlohmann::json& out) {
  out = nlohmann::json::parse(body, nullptr, false);
  if (out.is_discarded())
    return refuse(400, "body", "the body is not JSON");
  if (!out.is_object())
    return refuse(400, "body", "the body must be a JSON object");
  for (const auto& [key, value] : out.items()) {
    bool known = false;
    for (const char* a : allowed)
      known = known || key == a;
    if (!known)
      return refuse(400, key, "unknown field '" + key + "'");
  }
  return std::nullopt;
}

} // namespace throng::control
