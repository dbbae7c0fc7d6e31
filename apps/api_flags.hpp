#pragma once

// The flags of API profiles, shared by run, replay and demo: --api (the
// profile the accounts speak) and --shape (the shape of the embedded
// service), and how they are read.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/App.hpp>

#include "model/api_profile.hpp"
#include "server/service_shape.hpp"

namespace throng::apps {

/// Adds --api FILE, the API profile the accounts speak.
CLI::Option* add_api_flag(CLI::App& cmd, std::string& path);

/// Adds --shape v1|cookie, the shape of the embedded service, its default
/// shown.
CLI::Option* add_shape_flag(CLI::App& cmd, std::string& shape);

/// Returns the profile in `path` (nullptr when `path` is empty: the
/// built-in contract), or nullopt having printed "COMMAND: --api PATH:
/// why" on `err`.
std::optional<std::shared_ptr<const model::api_profile>>
load_api_flag(std::string_view command, const std::string& path, std::ostream& err);

/// Returns the shape named `name`, or nullopt having printed "COMMAND:
/// --shape: why" on `err`.
std::optional<server::service_shape>
parse_shape_flag(std::string_view command, const std::string& name, std::ostream& err);

} // namespace throng::apps
