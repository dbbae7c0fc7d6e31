#pragma once

// Chooses the storage of the reference notes service from a spec string:
// "memory" (memory_store) or "sqlite:DIR" (sqlite_store in DIR).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "protocol/result.hpp"
#include "server/store.hpp"

namespace throng::server {

/// Returns why `spec` names no store, or an empty string when it names one.
/// Checks the form only: whether DIR can be opened is make_store's concern.
std::string store_spec_error(std::string_view spec);

/// Makes the store `spec` names, with `shards` shards (at least 1). Returns
/// an error naming a bad spec, or the file that could not be opened and why.
protocol::result<std::unique_ptr<store>> make_store(std::string_view spec,
                                                    std::size_t shards);

} // namespace throng::server
