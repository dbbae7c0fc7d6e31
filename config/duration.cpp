// Parsing and formatting durations with a unit (duration.hpp).

#include "config/duration.hpp"

#include <charconv>
#include <cmath>

namespace throng::config {

protocol::result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto bad = [&](const char* why) {
    return protocol::decode_error{"bad duration '" + std::string{text} + "': " + why};
  };
  auto unit_at = text.find_first_not_of("0123456789.");
  if (unit_at == 0 || text.empty())
    return bad("expected a number followed by ms, s, m or h");
  if (unit_at == std::string_view::npos)
    return bad("missing unit (ms, s, m or h)");
  double value = 0;
  auto number = text.substr(0, unit_at);
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || end != number.data() + number.size())
    return bad("not a number");
  auto unit = text.substr(unit_at);
  double ms_per_unit = 0;
  if (unit == "ms")
    ms_per_unit = 1;
  else if (unit == "s")
    ms_per_unit = 1000;
  else if (unit == "m")
    ms_per_unit = 60'000;
  else if (unit == "h")
    ms_per_unit = 3'600'000;
  else
    return bad("unknown unit (use ms, s, m or h)");
  auto ms = value * ms_per_unit;
  if (!std::isfinite(ms) || ms > 1e12)
    return bad("too long");
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms != 0 && ms % 3'600'000 == 0)
    return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0)
    return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0)
    return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

} // namespace throng::config
