// Why a run without violations can still fail (verdict.hpp).

#include "stats/verdict.hpp"

#include "protocol/routes.hpp"

namespace throng::stats {

namespace {

using protocol::operation;

// What "every ... failed" calls the requests of `op`.
std::string_view noun(operation op) noexcept {
  switch (op) {
    case operation::signup:
      return "sign-up";
    case operation::login:
      return "log-in";
    case operation::logout:
      return "log-out";
    case operation::read_account:
      return "account read";
    case operation::update_account:
      return "rename";
    case operation::create_note:
      return "note create";
    case operation::read_note:
      return "note read";
    case operation::update_note:
      return "note update";
    case operation::delete_note:
      return "note delete";
    case operation::list_notes:
      return "note list";
  }
  return "request";
}

// "POST /v1/accounts" with `base` after the method; `given`, if not empty,
// instead of the built-in line.
std::string request_of(operation op, std::string_view base, const std::string& given) {
  std::string_view line = given.empty() ? protocol::request_line(op) : given;
  auto space = line.find(' ');
  return std::string{line.substr(0, space + 1)} + std::string{base}
         + std::string{line.substr(space + 1)};
}

} // namespace

std::string nothing_succeeded(const run_stats& s, std::string_view base_path,
                              const request_lines& lines) {
  if (s.total == 0)
    return "no request went out during the run";
  if (s.ok > 0 || s.failures.empty())
    return "";
  auto worst = s.failures.begin();
  for (auto i = s.failures.begin(); i != s.failures.end(); ++i)
    if (i->second > worst->second)
      worst = i;
  const auto& [op, kind, status] = worst->first;
  const auto& o = s.ops[static_cast<std::size_t>(op)];
  std::string out = o.count == s.total ? "every " + std::string{noun(op)} + " failed: "
                                       : "every request failed; most often ";
  out += request_of(op, base_path, lines[static_cast<std::size_t>(op)]) + " " + model::describe_failure(kind, status) + " ("
         + std::to_string(worst->second) + (worst->second == 1 ? " time)" : " times)");
  if (kind == model::error_kind::connect || status == 404 || status == 405)
    out += "; is --target right?";
  return out;
}

} // namespace throng::stats
