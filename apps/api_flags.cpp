// The flags of API profiles (api_flags.hpp).

#include "apps/api_flags.hpp"

#include <ostream>

#include "config/api_profile_reader.hpp"

namespace throng::apps {

CLI::Option* add_api_flag(CLI::App& cmd, std::string& path) {
  return cmd.add_option("--api", path,
                        "The API profile the accounts speak (JSON with comments, see "
                        "docs/api-profiles.md); default: the built-in contract");
}

CLI::Option* add_shape_flag(CLI::App& cmd, std::string& shape) {
  return cmd.add_option("--shape", shape,
                        "Embedded service: v1 (shared/api-v1.md) or cookie (the shape "
                        "of profiles/example-cookie.json)")
    ->capture_default_str();
}

std::optional<std::shared_ptr<const model::api_profile>>
load_api_flag(std::string_view command, const std::string& path, std::ostream& err) {
  if (path.empty())
    return std::shared_ptr<const model::api_profile>{};
  auto p = config::read_api_profile(path);
  if (!p) {
    err << command << ": --api: " << p.error() << '\n';
    return std::nullopt;
  }
  return std::make_shared<const model::api_profile>(std::move(*p));
}

std::optional<server::service_shape>
parse_shape_flag(std::string_view command, const std::string& name, std::ostream& err) {
  auto s = server::parse_service_shape(name);
  if (!s) {
    err << command << ": --shape: " << s.error().message << '\n';
    return std::nullopt;
  }
  return *s;
}

} // namespace throng::apps
