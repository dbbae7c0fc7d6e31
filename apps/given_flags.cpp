// Which flags a command was given (given_flags.hpp).

#include "apps/given_flags.hpp"

namespace throng::apps {

void given_flags::record(const CLI::App& cmd) {
  for (const auto* opt : cmd.get_options())
    if (!opt->get_lnames().empty())
      flags_.emplace("--" + opt->get_lnames().front(), opt);
}

bool given_flags::given(const std::string& name) const {
  auto it = flags_.find(name);
  return it != flags_.end() && it->second->count() > 0;
}

} // namespace throng::apps
