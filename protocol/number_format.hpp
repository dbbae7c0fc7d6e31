#pragma once

// Decimal text of numbers, as the reports, the Prometheus page and the
// messages write them: printf's formats, on std::to_chars, so that the text
// is the same in every locale. Plain functions, thread-safe.

#include <string>

namespace throng::protocol {

/// Returns `x` with `decimals` digits after the point, rounded to nearest,
/// as printf's "%.*f" writes it: "12.35" for 12.3456 and 2, "-0.0" for -0.04
/// and 1. Not a number comes out as "nan" ("-nan" with its sign bit set),
/// the infinities as "inf" and "-inf", as printf writes them.
std::string fixed(double x, int decimals);

/// Returns `x` with at most `digits` significant digits, as printf's "%.*g"
/// (and a default std::ostream, with 6) writes it: trailing zeros dropped,
/// an exponent below 0.0001 and from 10^digits up ("0.25", "1e+06",
/// "1.5e-07"). Non-finite values as fixed() writes them.
std::string general(double x, int digits = 6);

/// Returns the shortest text that reads back as `x`, laid out as a JSON
/// writer does, without a trailing ".0": plain from 0.0001 up to below 1e15
/// ("0.1", "1000000"), with an exponent outside ("1e+15", "1e-05").
/// Non-finite values as fixed() writes them.
std::string shortest(double x);

} // namespace throng::protocol
