#pragma once

// The live dashboard's page and its files, embedded in the binary at build
// time (cmake/embed_assets.cmake), so that nothing is fetched at run time.

#include <span>
#include <string_view>

namespace throng::web {

/// One embedded file, served at `path` with `content_type`.
struct asset {
  std::string_view path;
  std::string_view content_type;
  std::string_view body;
};

/// Returns every embedded file: "/" (the page), "/assets/dashboard.js",
/// "/assets/dashboard.css", "/assets/dygraph.js" and "/assets/dygraph.css"
/// (dygraphs, from Debian's libjs-dygraphs). Static data: thread-safe.
std::span<const asset> assets() noexcept;

} // namespace throng::web
