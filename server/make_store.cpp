// Choosing a store from its spec string (make_store.hpp).

#include "server/make_store.hpp"

#include <utility>

#include "server/memory_store.hpp"
#include "server/sqlite_store.hpp"

namespace throng::server {

namespace {

constexpr std::string_view sqlite_prefix = "sqlite:";

} // namespace

std::string store_spec_error(std::string_view spec) {
  if (spec == "memory")
    return {};
  if (spec.substr(0, sqlite_prefix.size()) == sqlite_prefix) {
    if (spec.size() == sqlite_prefix.size())
      return "'sqlite:' needs a directory, as in sqlite:/var/lib/throng";
    return {};
  }
  return "unknown store '" + std::string{spec}
         + "' (expected memory or sqlite:DIR)";
}

protocol::result<std::unique_ptr<store>> make_store(std::string_view spec,
                                                    std::size_t shards) {
  using error = protocol::decode_error;
  if (auto why = store_spec_error(spec); !why.empty())
    return error{std::move(why)};
  if (spec == "memory")
    return std::unique_ptr<store>{std::make_unique<memory_store>(shards)};
  auto opened = sqlite_store::open(std::string{spec.substr(sqlite_prefix.size())},
                                   shards);
  if (!opened)
    return error{"store " + std::string{spec} + ": " + opened.error().message};
  return std::unique_ptr<store>{std::move(*opened)};
}

} // namespace throng::server
