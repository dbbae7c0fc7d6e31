#pragma once

/// Returns `x` plus one. A `///` comment documents the declaration below it,
/// not the file.
inline int plus_one(int x) { return x + 1; }
