#pragma once

// The reference service started inside a command given no --target.

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "server/notes_server.hpp"

namespace throng::apps {

/// Starts the reference service in this process with `so` and sets
/// `target` to its URL. Returns it (the caller owns it and stops it), or
/// nullptr having printed "COMMAND: cannot start the embedded service: why"
/// on `err`.
std::unique_ptr<server::notes_server>
start_embedded_service(std::string_view command, const server::service_options& so,
                       std::string& target, std::ostream& err);

/// Returns the URL of a service of this process listening on `port`.
std::string local_target(std::uint16_t port);

} // namespace throng::apps
