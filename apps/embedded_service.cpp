// The reference service started inside a command (embedded_service.hpp).

#include "apps/embedded_service.hpp"

#include <ostream>

namespace throng::apps {

std::unique_ptr<server::notes_server>
start_embedded_service(std::string_view command, const server::service_options& so,
                       std::string& target, std::ostream& err) {
  auto s = server::notes_server::start(so);
  if (!s) {
    err << command << ": cannot start the embedded service: " << s.error().message
        << '\n';
    return nullptr;
  }
  target = local_target((*s)->port());
  return std::move(*s);
}

std::string local_target(std::uint16_t port) {
  return "http://127.0.0.1:" + std::to_string(port);
}

} // namespace throng::apps
