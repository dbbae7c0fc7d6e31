// Feeds arbitrary bytes to the scenario parser. It may not crash, leak or
// hit undefined behaviour; a rejection must name the file (and give a line
// and column together or not at all); what it accepts must keep the promises
// of the scenario format: distinct named populations of known behaviours,
// count or share but not both, shares adding up to at most 1, usable weights
// and think times, stages with a duration and accounts or rpm, thresholds
// that parse.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/scenario.hpp"
#include "config/threshold_grammar.hpp"

namespace {

using namespace throng;

constexpr std::string_view behaviours[] = {
  "random", "lifecycle", "scripted", "batch-writer", "stream-writer", "reader", "prober",
};

void require(bool ok) {
  if (!ok)
    std::abort();
}

void check_population(const model::population_spec& p) {
  using kind = model::think_spec::kind;
  require(!p.name.empty());
  require(std::find(std::begin(behaviours), std::end(behaviours), p.behaviour)
          != std::end(behaviours));
  require(!(p.count && p.share));
  require(!p.count || *p.count > 0);
  require(!p.share || (*p.share > 0 && *p.share <= 1));
  if (p.weights) {
    require(p.weights->size() == protocol::operation_count);
    require(std::all_of(p.weights->begin(), p.weights->end(),
                        [](double w) { return w >= 0; }));
    require(std::any_of(p.weights->begin(), p.weights->end(),
                        [](double w) { return w > 0; }));
  }
  require(p.notes_per_account > 0 && p.session_operations > 0 && p.burst > 0);
  require(p.period.count() > 0);
  const auto& t = p.think;
  require(t.how != kind::uniform || t.min <= t.max);
  require(t.how != kind::exponential || t.value.count() > 0);
  require(t.how != kind::paced || t.rate_per_s > 0);
}

void check(const config::scenario& s) {
  double shares = 0;
  for (std::size_t i = 0; i < s.populations.size(); ++i) {
    check_population(s.populations[i]);
    shares += s.populations[i].share.value_or(0);
    for (std::size_t j = 0; j < i; ++j)
      require(s.populations[j].name != s.populations[i].name);
  }
  require(shares <= 1 + 1e-9);
  for (const auto& st : s.stages) {
    require(st.duration.count() >= 0);
    require(st.accounts || st.rpm);
  }
  for (const auto& t : s.thresholds)
    require(config::parse_threshold(t).has_value());
  require(!s.duration || s.duration->count() > 0);
  require(!s.rpm || *s.rpm > 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  auto s = config::parse_scenario(input, "fuzz.json", behaviours);
  if (s) {
    check(*s);
    return 0;
  }
  const auto& e = s.error();
  require(e.message.starts_with("fuzz.json:"));
  require((e.line == 0) == (e.column == 0));
  return 0;
}
