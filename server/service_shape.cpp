// The shapes of the reference service's API (service_shape.hpp).

#include "server/service_shape.hpp"

#include <string>

namespace throng::server {

std::string_view to_string(service_shape s) noexcept {
  switch (s) {
    case service_shape::v1:
      return "v1";
    case service_shape::cookie:
      return "cookie";
  }
  return "v1";
}

protocol::result<service_shape> parse_service_shape(std::string_view name) {
  for (auto s : {service_shape::v1, service_shape::cookie})
    if (name == to_string(s))
      return s;
  return protocol::decode_error{"unknown service shape '" + std::string{name}
                                + "' (expected v1 or cookie)"};
}

std::string_view shard_header_of(service_shape s) noexcept {
  return s == service_shape::cookie ? "X-Backend" : "X-Shard";
}

} // namespace throng::server
