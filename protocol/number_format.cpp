// Decimal text of numbers on std::to_chars (number_format.hpp).

#include "protocol/number_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace throng::protocol {

namespace {

/// Returns what std::to_chars writes for `x` and `format`, however long.
template <class... Format>
std::string to_text(double x, Format... format) {
  std::string out(64, '\0');
  for (;;) {
    auto [end, ec] = std::to_chars(out.data(), out.data() + out.size(), x, format...);
    if (ec == std::errc{}) {
      out.resize(static_cast<std::size_t>(end - out.data()));
      return out;
    }
    out.resize(out.size() * 2); // only a long fixed form, such as 1e300's
  }
}

} // namespace

std::string fixed(double x, int decimals) {
  return to_text(x, std::chars_format::fixed, decimals);
}

std::string general(double x, int digits) {
  return to_text(x, std::chars_format::general, digits);
}

std::string shortest(double x) {
  if (!std::isfinite(x))
    return to_text(x, std::chars_format::fixed);
  auto scientific = to_text(x, std::chars_format::scientific);
  auto exponent = std::atoi(scientific.c_str() + scientific.find('e') + 1);
  if (exponent < -4 || exponent >= 15)
    return scientific;
  return to_text(x, std::chars_format::fixed);
}

} // namespace throng::protocol
