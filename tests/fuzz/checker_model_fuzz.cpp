// Drives the checker's model-based simulation (tests/model/
// checker_simulation.hpp) from arbitrary bytes: the first eight are the
// accounts' seed, each next four the fate of one request. Against the
// simulated correct service the checker must find no violation, however
// the requests fare; a finding prints the history and aborts.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tests/model/checker_simulation.hpp"

namespace {

using throng::model::testing::fate;

fate fate_of(const std::uint8_t* b) {
  using k = fate::kind;
  fate f;
  const auto how = b[0];
  f.how = how < 180   ? k::normal
          : how < 200 ? k::answer_lost
          : how < 213 ? k::error_after
          : how < 226 ? k::reset_after
          : how < 236 ? k::error_before
          : how < 246 ? k::never
                      : k::not_sent;
  // Mostly quick, some before the timeout (1000), some long after it.
  f.apply_delay = b[1] < 150 ? b[1] : b[1] < 230 ? (b[1] - 150u) * 12u : (b[1] - 230u) * 800u;
  f.answer_delay = b[2] < 200 ? b[2] / 4u : (b[2] - 200u) * 27u;
  f.think = b[3];
  return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8 + 4 * 20)
    return 0;
  throng::model::testing::simulation_options o;
  std::memcpy(&o.seed, data, sizeof o.seed);
  std::vector<fate> fates;
  for (std::size_t i = 8; i + 4 <= size; i += 4)
    fates.push_back(fate_of(data + i));
  o.requests = fates.size();
  auto r = throng::model::testing::simulate(
    o, [&fates](std::size_t i) { return i < fates.size() ? fates[i] : fate{}; });
  if (!r.violations.empty()) {
    std::fprintf(stderr, "a correct service got a violation:\n%s",
                 throng::model::testing::describe(r).c_str());
    std::abort();
  }
  return 0;
}
