// The registry of the built-in behaviours by name (behaviour_registry.hpp).

#include "model/behaviour_registry.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "model/lifecycle_behaviour.hpp"
#include "model/periodic_writer_behaviour.hpp"
#include "model/prober_behaviour.hpp"
#include "model/random_behaviour.hpp"
#include "model/reader_behaviour.hpp"
#include "model/scripted_behaviour.hpp"

namespace throng::model {

namespace {

struct registration {
  std::string_view name;
  behaviour_factory make;
};

// One line per behaviour, sorted by name.
constexpr std::array registry{
  registration{"batch-writer", &periodic_writer_behaviour::create_batch_writer},
  registration{"lifecycle", &lifecycle_behaviour::create},
  registration{"prober", &prober_behaviour::create},
  registration{"random", &random_behaviour::create},
  registration{"reader", &reader_behaviour::create},
  registration{"scripted", &scripted_behaviour::create},
  registration{"stream-writer", &periodic_writer_behaviour::create_stream_writer},
};

} // namespace

behaviour_result make_behaviour(const population_spec& p) {
  for (const auto& r : registry)
    if (r.name == p.behaviour)
      return r.make(p);
  behaviour_error e;
  e.what = behaviour_error::kind::unknown_name;
  e.name = p.behaviour;
  e.message = "unknown behaviour '" + p.behaviour + "' (known:";
  for (const auto& r : registry)
    e.message.append(" ").append(r.name);
  e.message += ")";
  return e;
}

std::vector<std::string_view> behaviour_names() {
  std::vector<std::string_view> names;
  for (const auto& r : registry)
    names.push_back(r.name);
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace throng::model
