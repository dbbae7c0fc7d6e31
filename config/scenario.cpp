// Parses and checks scenario files, naming the offending field (scenario.hpp).

#include "config/scenario.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "config/duration.hpp"
#include "config/json_reader.hpp"
#include "config/threshold_grammar.hpp"
#include "protocol/join.hpp"
#include "protocol/number_format.hpp"
#include "protocol/operation.hpp"

namespace throng::config {

namespace {

using namespace std::chrono_literals;
using keys = std::vector<std::string_view>;

// A scenario nests four levels deep; json_reader refuses deeper input.
constexpr int max_depth = 16;

constexpr std::uintmax_t max_file_bytes = 1u << 20;
constexpr std::size_t max_accounts = 10'000'000;
constexpr std::size_t max_notes = 100'000;
constexpr std::size_t no_limit = json_reader::no_limit;

scenario_error to_scenario_error(json_error e) {
  return scenario_error{std::move(e.message), std::move(e.field), e.line, e.column};
}

std::vector<std::string_view> operation_names() {
  std::vector<std::string_view> names;
  for (auto op : protocol::all_operations)
    names.push_back(protocol::to_string(op));
  return names;
}

std::optional<std::chrono::milliseconds> duration(const json_reader& v, bool allow_zero) {
  auto text = v.string("a duration string with a unit such as \"30s\"");
  if (!text)
    return std::nullopt;
  auto d = parse_duration(*text);
  if (!d) {
    v.fail(d.error().message);
    return std::nullopt;
  }
  if (!allow_zero && d->count() <= 0) {
    v.fail("must be more than 0, got " + v.describe());
    return std::nullopt;
  }
  return *d;
}

// The operation called `name`; an unknown name is reported at `at`.
std::optional<protocol::operation> operation_named(const json_reader& at,
                                                   const std::string& name) {
  if (auto op = protocol::parse_operation(name))
    return op;
  at.fail_unknown("operation", name, operation_names());
  return std::nullopt;
}

std::optional<protocol::operation> operation(const json_reader& v) {
  auto name = v.string("an operation name");
  if (!name)
    return std::nullopt;
  return operation_named(v, *name);
}

std::optional<workload_model> model(const json_reader& v) {
  auto name = v.string("\"open\" or \"closed\"");
  if (!name)
    return std::nullopt;
  if (*name == "open")
    return workload_model::open;
  if (*name == "closed")
    return workload_model::closed;
  v.fail("unknown model \"" + *name + "\" (expected \"open\" or \"closed\")");
  return std::nullopt;
}

// The keys a think time of kind `name` takes, "kind" first, and sets `how`;
// nothing for an unknown kind.
std::optional<keys> think_keys(const std::string& name, model::think_spec::kind& how) {
  using kind = model::think_spec::kind;
  if (name == "none") {
    how = kind::none;
    return keys{"kind"};
  }
  if (name == "constant") {
    how = kind::constant;
    return keys{"kind", "value"};
  }
  if (name == "uniform") {
    how = kind::uniform;
    return keys{"kind", "min", "max"};
  }
  if (name == "exponential") {
    how = kind::exponential;
    return keys{"kind", "mean"};
  }
  if (name == "paced") {
    how = kind::paced;
    return keys{"kind", "rate"};
  }
  return std::nullopt;
}

// Reads the times or rate of the think time `v` whose kind is `out.how`.
void read_think_values(const json_reader& v, model::think_spec& out) {
  using kind = model::think_spec::kind;
  auto time = [&](std::string_view field, bool allow_zero) {
    auto f = v.member(field);
    if (!f.present())
      return std::chrono::nanoseconds{0};
    return std::chrono::nanoseconds{duration(f, allow_zero).value_or(0ms)};
  };
  switch (out.how) {
    case kind::none:
      break;
    case kind::constant:
      out.value = time("value", true);
      break;
    case kind::uniform:
      out.min = time("min", true);
      out.max = time("max", true);
      if (!v.failed() && out.max < out.min)
        v.member("max").fail("must be at least min (" + v.member("min").describe()
                             + "), got " + v.member("max").describe());
      break;
    case kind::exponential:
      out.value = time("mean", false);
      break;
    case kind::paced:
      if (auto rate = v.member("rate"); rate.present())
        out.rate_per_s = rate.number_above(0).value_or(0);
      break;
  }
}

model::think_spec think(const json_reader& v) {
  model::think_spec out;
  if (!v.object("a think time"))
    return out;
  auto kind = v.member("kind");
  if (!kind.present()) {
    kind.fail("missing; one of none, constant, uniform, exponential, paced");
    return out;
  }
  const keys kinds{"none", "constant", "uniform", "exponential", "paced"};
  auto name = kind.string("a think kind (" + protocol::join(kinds, ", ") + ")");
  if (!name)
    return out;
  auto fields = think_keys(*name, out.how);
  if (!fields) {
    kind.fail_unknown("think kind", *name, kinds);
    return out;
  }
  v.check_keys(*fields);
  const keys needed(std::next(fields->begin()), fields->end());
  for (auto field : needed)
    if (!v.member(field).present())
      v.member(field).fail("missing; a " + *name + " think time needs "
                           + protocol::join(needed, ", "));
  read_think_values(v, out);
  return out;
}

std::optional<std::vector<double>> weights(const json_reader& v) {
  if (!v.object("weights by operation name"))
    return std::nullopt;
  std::vector<double> out(protocol::operation_count, 0.0);
  bool any = false;
  v.for_each_member([&](std::string_view key, const json_reader& weight) {
    auto op = operation_named(weight, std::string{key});
    auto w = weight.number_from(0);
    if (op && w) {
      out[static_cast<std::size_t>(*op)] = *w;
      any = any || *w > 0;
    }
  });
  if (!any)
    v.fail("at least one weight must be more than 0");
  return out;
}

std::vector<protocol::operation> script(const json_reader& v) {
  std::vector<protocol::operation> out;
  if (!v.array("a list of operation names"))
    return out;
  v.for_each_element([&](const json_reader& e) {
    if (auto op = operation(e))
      out.push_back(*op);
  });
  return out;
}

std::optional<seed_data_spec> seed_data(const json_reader& v) {
  if (!v.object("seed data"))
    return std::nullopt;
  seed_data_spec out;
  v.read_members({
    {"notes_per_account",
     [&](auto& f) { out.notes_per_account = f.whole(0, max_notes).value_or(0); }},
    {"batch", [&](auto& f) { out.batch = f.whole(1, max_notes).value_or(0); }},
    {"max_errors", [&](auto& f) { out.max_errors = f.whole(0, no_limit).value_or(0); }},
  });
  return out;
}

std::vector<std::string> thresholds(const json_reader& v) {
  std::vector<std::string> out;
  if (!v.array("threshold strings"))
    return out;
  v.for_each_element([&](const json_reader& e) {
    auto t = e.string("a threshold string such as \"errors<1%\"");
    if (!t)
      return;
    if (auto parsed = config::parse_threshold(*t); !parsed)
      e.fail(parsed.error().message);
    out.push_back(*t);
  });
  return out;
}

std::vector<load_stage> stages(const json_reader& v) {
  std::vector<load_stage> out;
  if (!v.array("stages"))
    return out;
  v.for_each_element([&](const json_reader& e) {
    if (!e.object("a stage"))
      return;
    load_stage st;
    e.read_members({
      {"duration", [&](auto& f) { st.duration = duration(f, true).value_or(st.duration); }},
      {"accounts", [&](auto& f) { st.accounts = f.whole(0, max_accounts); }},
      {"rpm", [&](auto& f) { st.rpm = f.number_from(0); }},
    });
    if (auto d = e.member("duration"); !d.present())
      d.fail("missing; every stage needs a duration");
    if (!e.member("accounts").present() && !e.member("rpm").present())
      e.fail("sets neither accounts nor rpm; a stage needs at least one");
    out.push_back(st);
  });
  return out;
}

// Reads a parsed scenario into the struct: which keys a scenario and its
// parts have, and what each value may be. The document's reader keeps the
// first problem; reading goes on after it, which every read allows.
class scenario_reader {
public:
  explicit scenario_reader(std::span<const std::string_view> behaviours)
    : behaviours_(behaviours) {
  }

  protocol::result<scenario, scenario_error> read(const json_reader& root) const {
    if (!root.is_object()) {
      root.fail("expected a JSON object at the top level, got " + root.describe());
      return to_scenario_error(*root.error());
    }
    scenario s;
    root.read_members(top_level(s));
    if (!root.failed())
      check_populations(root.member("populations"), s);
    if (root.failed())
      return to_scenario_error(*root.error());
    // A population without a cap of its own takes the file's.
    if (s.notes_per_account)
      for (std::size_t i = 0; i < s.populations.size(); ++i)
        if (!root.member("populations").element(i).member("notes_per_account").present())
          s.populations[i].notes_per_account = *s.notes_per_account;
    return s;
  }

private:
  std::vector<json_field> top_level(scenario& s) const {
    return {
      {"target", [&](auto& v) { s.target = v.text(); }},
      {"api", [&](auto& v) { s.api = v.text(); }},
      {"duration", [&](auto& v) { s.duration = duration(v, false); }},
      {"seed", [&](auto& v) { s.seed = v.whole(0, no_limit); }},
      {"rpm", [&](auto& v) { s.rpm = v.number_above(0); }},
      {"accounts", [&](auto& v) { s.accounts = v.whole(1, max_accounts); }},
      {"connections", [&](auto& v) { s.connections = v.whole(1, 10'000); }},
      {"notes_per_account", [&](auto& v) { s.notes_per_account = v.whole(1, max_notes); }},
      {"content_bytes", [&](auto& v) { s.content_bytes = v.whole(1, 65'536); }},
      {"client_threads", [&](auto& v) { s.client_threads = v.whole(1, 64); }},
      {"threads", [&](auto& v) { s.threads = v.whole(0, 256); }},
      {"max_response_bytes",
       [&](auto& v) { s.max_response_bytes = v.whole(1024, std::size_t{1} << 34); }},
      {"insecure", [&](auto& v) { s.insecure = v.flag(); }},
      {"timeout", [&](auto& v) { s.timeout = duration(v, false); }},
      {"grace", [&](auto& v) { s.grace = duration(v, true); }},
      {"connect_wait", [&](auto& v) { s.connect_wait = duration(v, true); }},
      {"out", [&](auto& v) { s.out = v.text(); }},
      {"summary_json", [&](auto& v) { s.summary_json = v.text(); }},
      {"violations_log", [&](auto& v) { s.violations_log = v.text(); }},
      {"metrics", [&](auto& v) { s.metrics = v.text(); }},
      {"shards", [&](auto& v) { s.shards = v.whole(1, 1024); }},
      {"server_threads", [&](auto& v) { s.server_threads = v.whole(1, 64); }},
      {"store", [&](auto& v) { s.store = v.text(); }},
      {"model", [&](auto& v) { s.model = model(v); }},
      {"spawn_rate", [&](auto& v) { s.spawn_rate = v.number_above(0); }},
      {"seed_data", [&](auto& v) { s.seed_data = seed_data(v); }},
      {"populations", [&](auto& v) { s.populations = populations(v); }},
      {"stages", [&](auto& v) { s.stages = stages(v); }},
      {"thresholds", [&](auto& v) { s.thresholds = thresholds(v); }},
    };
  }

  std::vector<model::population_spec> populations(const json_reader& v) const {
    std::vector<model::population_spec> out;
    if (!v.array("a list of populations"))
      return out;
    v.for_each_element([&](const json_reader& e) { out.push_back(population(e)); });
    return out;
  }

  model::population_spec population(const json_reader& v) const {
    model::population_spec out;
    if (!v.object("a population"))
      return out;
    v.read_members({
      {"name", [&](auto& f) { out.name = f.text().value_or(""); }},
      {"behaviour", [&](auto& f) { out.behaviour = behaviour(f); }},
      {"count", [&](auto& f) { out.count = f.whole(1, max_accounts); }},
      {"share", [&](auto& f) { out.share = f.number_above(0, 1); }},
      {"weights", [&](auto& f) { out.weights = weights(f); }},
      {"think", [&](auto& f) { out.think = think(f); }},
      {"notes_per_account",
       [&](auto& f) { out.notes_per_account = f.whole(1, max_notes).value_or(0); }},
      {"session_operations",
       [&](auto& f) { out.session_operations = f.whole(1, no_limit).value_or(0); }},
      {"script", [&](auto& f) { out.script = script(f); }},
      {"period", [&](auto& f) { out.period = duration(f, false).value_or(0ms); }},
      {"burst", [&](auto& f) { out.burst = f.whole(1, no_limit).value_or(0); }},
    });
    if (auto name = v.member("name"); !name.present())
      name.fail("missing; every population needs a name");
    if (out.count && out.share)
      v.fail("sets both count and share; give one of them");
    return out;
  }

  std::string behaviour(const json_reader& v) const {
    auto name = v.text();
    if (!name)
      return {};
    if (std::find(behaviours_.begin(), behaviours_.end(), *name) == behaviours_.end())
      v.fail_unknown("behaviour", *name, behaviours_);
    return *name;
  }

  // The checks that look at all populations at once; `list` is the file's.
  static void check_populations(const json_reader& list, const scenario& s) {
    const auto& ps = s.populations;
    double shares = 0;
    std::size_t counted = 0;
    std::optional<std::size_t> open_ended;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      auto p = list.element(i);
      for (std::size_t j = 0; j < i; ++j)
        if (ps[j].name == ps[i].name)
          p.member("name").fail("duplicate name \"" + ps[i].name + "\" (also "
                                + list.element(j).path() + ")");
      shares += ps[i].share.value_or(0);
      counted += ps[i].count.value_or(0);
      if (!ps[i].count && !ps[i].share) {
        if (open_ended)
          p.fail("sets neither count nor share, as " + list.element(*open_ended).path()
                 + " does; only one population may take the accounts the others leave");
        open_ended = i;
      }
    }
    // Shares written as decimals such as 0.7 + 0.2 + 0.1 add up to a hair
    // over 1 in binary; that is not the user's mistake.
    if (shares > 1 + 1e-9)
      list.fail("the shares add up to " + protocol::shortest(shares) + ", more than 1");
    if (s.accounts && counted > *s.accounts)
      list.fail("the counts add up to " + std::to_string(counted) + ", more than the "
                + std::to_string(*s.accounts) + " accounts of the run");
  }

  std::span<const std::string_view> behaviours_;
};

} // namespace

protocol::result<scenario, scenario_error>
parse_scenario(std::string_view text, std::string_view file_name,
               std::span<const std::string_view> behaviours) {
  auto root = json_reader::parse(text, file_name, max_depth);
  if (!root)
    return to_scenario_error(root.error());
  return scenario_reader{behaviours}.read(*root);
}

protocol::result<scenario, scenario_error>
load_scenario(const std::filesystem::path& path,
              std::span<const std::string_view> behaviours) {
  auto name = path.string();
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec)
    return scenario_error{name + ": cannot read: " + ec.message(), "", 0, 0};
  if (size > max_file_bytes)
    return scenario_error{name + ": too large for a scenario (" + std::to_string(size)
                            + " bytes, at most " + std::to_string(max_file_bytes) + ")",
                          "", 0, 0};
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (in.bad())
    return scenario_error{name + ": cannot read: " + std::strerror(errno), "", 0, 0};
  return parse_scenario(text, name, behaviours);
}

} // namespace throng::config
