// Parses and checks scenario files, naming the offending field (scenario.hpp).

#include "config/scenario.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>
#include <utility>

#include <nlohmann/json.hpp>

#include "config/duration.hpp"
#include "protocol/codec.hpp"
#include "protocol/number_format.hpp"
#include "protocol/operation.hpp"
#include "config/threshold_grammar.hpp"

namespace throng::config {

namespace {

using json = nlohmann::json;
using keys = std::vector<std::string_view>;

// A scenario nests four levels deep; refusing deeper input before parsing
// keeps hostile files from building a deep DOM whose destruction recurses.
constexpr int max_depth = 16;

constexpr std::uintmax_t max_file_bytes = 1u << 20;
constexpr std::size_t max_accounts = 10'000'000;
constexpr std::size_t max_notes = 100'000;
constexpr std::size_t no_limit = std::numeric_limits<std::size_t>::max();


std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      auto above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Returns the name in `names` closest to `word`, or an empty view when none
// is close enough to be a likely typo.
template <class Names>
std::string_view closest(std::string_view word, const Names& names) {
  std::string_view best;
  auto best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (std::string_view name : names) {
    auto d = edit_distance(word, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

template <class Names>
std::string join(const Names& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty())
      out += ", ";
    out += name;
  }
  return out;
}

// Says which name was meant, or lists the choices when no name is close.
template <class Names>
std::string choices(std::string_view word, const Names& names) {
  if (auto best = closest(word, names); !best.empty())
    return "; did you mean \"" + std::string{best} + "\"?";
  return " (expected one of: " + join(names) + ")";
}

std::string describe(const json& v) {
  constexpr std::size_t longest = 40;
  auto s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > longest) {
    s.resize(longest - 3);
    s += "...";
  }
  return s;
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string{key} : path + "." + std::string{key};
}

std::string element(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::vector<std::string_view> operation_names() {
  std::vector<std::string_view> names;
  for (auto op : protocol::all_operations)
    names.push_back(protocol::to_string(op));
  return names;
}

// Reads a parsed scenario into the struct, checking every value on the
// way. Keeps the first problem and ignores later ones; every read checks
// the type first, so going on after a problem is safe.
class checker {
public:
  checker(std::string_view file, std::span<const std::string_view> behaviours)
    : file_(file), behaviours_(behaviours) {
  }

  std::optional<scenario_error> read(const json& root, scenario& s) {
    if (!root.is_object()) {
      fail("", "expected a JSON object at the top level, got " + describe(root));
      return error_;
    }
    for (auto it = root.begin(); it != root.end(); ++it)
      read_top(it.key(), it.value(), s);
    if (error_)
      return error_;
    check_populations(s);
    // A population without a cap of its own takes the file's.
    const auto* list = root.contains("populations") ? &root["populations"] : nullptr;
    if (s.notes_per_account && list != nullptr)
      for (std::size_t i = 0; i < s.populations.size(); ++i)
        if (!(*list)[i].contains("notes_per_account"))
          s.populations[i].notes_per_account = *s.notes_per_account;
    return error_;
  }

private:
  void fail(const std::string& path, const std::string& what) {
    if (error_)
      return;
    scenario_error e;
    e.field = path;
    e.message = std::string{file_} + ": " + (path.empty() ? "" : path + ": ") + what;
    error_ = std::move(e);
  }

  void unknown_key(const std::string& path, std::string_view key, const keys& known) {
    if (!error_)
      fail(path, "unknown key" + choices(key, known));
  }

  bool object(const std::string& path, const json& v, std::string_view what) {
    if (v.is_object())
      return true;
    fail(path, "expected " + std::string{what} + " (a JSON object), got " + describe(v));
    return false;
  }

  bool array(const std::string& path, const json& v, std::string_view what) {
    if (!v.is_array()) {
      fail(path, "expected " + std::string{what} + " (a JSON array), got " + describe(v));
      return false;
    }
    if (v.empty()) {
      fail(path, "expected " + std::string{what} + ", got an empty array");
      return false;
    }
    return true;
  }

  std::optional<std::size_t> whole(const std::string& path, const json& v,
                                   std::size_t lo, std::size_t hi) {
    if (!v.is_number_integer()) {
      fail(path, "expected a whole number, got " + describe(v));
      return std::nullopt;
    }
    if (v.is_number_unsigned()) {
      auto n = v.get<std::uint64_t>();
      if (n >= lo && n <= hi)
        return static_cast<std::size_t>(n);
    }
    if (hi == no_limit)
      fail(path, "must be at least " + std::to_string(lo) + ", got " + describe(v));
    else
      fail(path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi)
                   + ", got " + describe(v));
    return std::nullopt;
  }

  // A number more than `lo` (or at least `lo` when `lo_included`), at most `hi`.
  std::optional<double> number(const std::string& path, const json& v, double lo,
                               bool lo_included,
                               double hi = std::numeric_limits<double>::max()) {
    if (!v.is_number()) {
      fail(path, "expected a number, got " + describe(v));
      return std::nullopt;
    }
    auto x = v.get<double>();
    if (lo_included ? x < lo : x <= lo) {
      fail(path, std::string{lo_included ? "must be at least " : "must be more than "}
                   + protocol::shortest(lo) + ", got " + describe(v));
      return std::nullopt;
    }
    if (x > hi) {
      fail(path, "must be at most " + protocol::shortest(hi) + ", got " + describe(v));
      return std::nullopt;
    }
    return x;
  }

  std::optional<std::chrono::milliseconds>
  duration(const std::string& path, const json& v, bool allow_zero) {
    if (!v.is_string()) {
      fail(path, "expected a duration string with a unit such as \"30s\", got "
                   + describe(v));
      return std::nullopt;
    }
    auto d = parse_duration(v.get_ref<const std::string&>());
    if (!d) {
      fail(path, d.error().message);
      return std::nullopt;
    }
    if (!allow_zero && d->count() <= 0) {
      fail(path, "must be more than 0, got " + describe(v));
      return std::nullopt;
    }
    return *d;
  }

  std::optional<std::string> text(const std::string& path, const json& v) {
    if (!v.is_string()) {
      fail(path, "expected a string, got " + describe(v));
      return std::nullopt;
    }
    if (v.get_ref<const std::string&>().empty()) {
      fail(path, "must not be empty");
      return std::nullopt;
    }
    return v.get<std::string>();
  }

  std::optional<bool> flag(const std::string& path, const json& v) {
    if (!v.is_boolean()) {
      fail(path, "expected true or false, got " + describe(v));
      return std::nullopt;
    }
    return v.get<bool>();
  }

  std::optional<protocol::operation> operation(const std::string& path, const json& v) {
    if (!v.is_string()) {
      fail(path, "expected an operation name, got " + describe(v));
      return std::nullopt;
    }
    const auto& name = v.get_ref<const std::string&>();
    if (auto op = protocol::parse_operation(name))
      return op;
    fail(path, "unknown operation \"" + name + "\"" + choices(name, operation_names()));
    return std::nullopt;
  }

  void read_top(const std::string& key, const json& v, scenario& s) {
    if (key == "target")
      s.target = text(key, v);
    else if (key == "duration")
      s.duration = duration(key, v, false);
    else if (key == "seed")
      s.seed = whole(key, v, 0, no_limit);
    else if (key == "rpm")
      s.rpm = number(key, v, 0, false);
    else if (key == "accounts")
      s.accounts = whole(key, v, 1, max_accounts);
    else if (key == "connections")
      s.connections = whole(key, v, 1, 10'000);
    else if (key == "notes_per_account")
      s.notes_per_account = whole(key, v, 1, max_notes);
    else if (key == "content_bytes")
      s.content_bytes = whole(key, v, 1, 65'536);
    else if (key == "client_threads")
      s.client_threads = whole(key, v, 1, 64);
    else if (key == "threads")
      s.threads = whole(key, v, 0, 256);
    else if (key == "max_response_bytes")
      s.max_response_bytes = whole(key, v, 1024, std::size_t{1} << 34);
    else if (key == "insecure")
      s.insecure = flag(key, v);
    else if (key == "timeout")
      s.timeout = duration(key, v, false);
    else if (key == "grace")
      s.grace = duration(key, v, true);
    else if (key == "connect_wait")
      s.connect_wait = duration(key, v, true);
    else if (key == "out")
      s.out = text(key, v);
    else if (key == "summary_json")
      s.summary_json = text(key, v);
    else if (key == "violations_log")
      s.violations_log = text(key, v);
    else if (key == "metrics")
      s.metrics = text(key, v);
    else if (key == "shards")
      s.shards = whole(key, v, 1, 1024);
    else if (key == "server_threads")
      s.server_threads = whole(key, v, 1, 64);
    else if (key == "store")
      s.store = text(key, v);
    else if (key == "model")
      s.model = model(key, v);
    else if (key == "spawn_rate")
      s.spawn_rate = number(key, v, 0, false);
    else if (key == "seed_data")
      s.seed_data = seed_data(key, v);
    else if (key == "populations")
      s.populations = populations(key, v);
    else if (key == "stages")
      s.stages = stages(key, v);
    else if (key == "thresholds")
      s.thresholds = thresholds(key, v);
    else
      unknown_key(key, key,
                  {"target", "duration", "seed", "rpm", "accounts", "connections",
                   "notes_per_account", "content_bytes", "client_threads", "threads",
                   "max_response_bytes", "insecure", "timeout", "grace",
                   "connect_wait", "out", "summary_json", "violations_log", "metrics",
                   "shards", "server_threads", "store", "model", "spawn_rate",
                   "seed_data", "populations", "stages", "thresholds"});
  }

  std::optional<workload_model> model(const std::string& path, const json& v) {
    if (!v.is_string()) {
      fail(path, "expected \"open\" or \"closed\", got " + describe(v));
      return std::nullopt;
    }
    const auto& name = v.get_ref<const std::string&>();
    if (name == "open")
      return workload_model::open;
    if (name == "closed")
      return workload_model::closed;
    fail(path, "unknown model \"" + name + "\" (expected \"open\" or \"closed\")");
    return std::nullopt;
  }

  std::optional<seed_data_spec> seed_data(const std::string& path, const json& v) {
    if (!object(path, v, "seed data"))
      return std::nullopt;
    seed_data_spec out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const auto& key = it.key();
      auto p = child(path, key);
      if (key == "notes_per_account")
        out.notes_per_account = whole(p, *it, 0, max_notes).value_or(0);
      else if (key == "batch")
        out.batch = whole(p, *it, 1, max_notes).value_or(0);
      else if (key == "max_errors")
        out.max_errors = whole(p, *it, 0, no_limit).value_or(0);
      else
        unknown_key(p, key, {"notes_per_account", "batch", "max_errors"});
    }
    return out;
  }

  std::vector<std::string> thresholds(const std::string& path, const json& v) {
    std::vector<std::string> out;
    if (!array(path, v, "threshold strings"))
      return out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      auto p = element(path, i);
      if (!v[i].is_string()) {
        fail(p, "expected a threshold string such as \"errors<1%\", got " + describe(v[i]));
        continue;
      }
      const auto& t = v[i].get_ref<const std::string&>();
      if (auto parsed = config::parse_threshold(t); !parsed)
        fail(p, parsed.error().message);
      out.push_back(t);
    }
    return out;
  }

  std::vector<load_stage> stages(const std::string& path, const json& v) {
    std::vector<load_stage> out;
    if (!array(path, v, "stages"))
      return out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      auto p = element(path, i);
      if (!object(p, v[i], "a stage"))
        continue;
      load_stage st;
      bool has_duration = false;
      for (auto it = v[i].begin(); it != v[i].end(); ++it) {
        const auto& key = it.key();
        auto kp = child(p, key);
        if (key == "duration") {
          has_duration = true;
          st.duration = duration(kp, *it, true).value_or(st.duration);
        } else if (key == "accounts") {
          st.accounts = whole(kp, *it, 0, max_accounts);
        } else if (key == "rpm") {
          st.rpm = number(kp, *it, 0, true);
        } else {
          unknown_key(kp, key, {"duration", "accounts", "rpm"});
        }
      }
      if (!has_duration)
        fail(child(p, "duration"), "missing; every stage needs a duration");
      if (!v[i].contains("accounts") && !v[i].contains("rpm"))
        fail(p, "sets neither accounts nor rpm; a stage needs at least one");
      out.push_back(st);
    }
    return out;
  }

  std::vector<model::population_spec> populations(const std::string& path, const json& v) {
    std::vector<model::population_spec> out;
    if (!array(path, v, "a list of populations"))
      return out;
    for (std::size_t i = 0; i < v.size(); ++i)
      out.push_back(population(element(path, i), v[i]));
    return out;
  }

  model::population_spec population(const std::string& path, const json& v) {
    model::population_spec out;
    if (!object(path, v, "a population"))
      return out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const auto& key = it.key();
      auto p = child(path, key);
      if (key == "name")
        out.name = text(p, *it).value_or("");
      else if (key == "behaviour")
        out.behaviour = behaviour(p, *it);
      else if (key == "count")
        out.count = whole(p, *it, 1, max_accounts);
      else if (key == "share")
        out.share = number(p, *it, 0, false, 1);
      else if (key == "weights")
        out.weights = weights(p, *it);
      else if (key == "think")
        out.think = think(p, *it);
      else if (key == "notes_per_account")
        out.notes_per_account = whole(p, *it, 1, max_notes).value_or(0);
      else if (key == "session_operations")
        out.session_operations = whole(p, *it, 1, no_limit).value_or(0);
      else if (key == "script")
        out.script = script(p, *it);
      else if (key == "period")
        out.period = duration(p, *it, false).value_or(std::chrono::milliseconds{0});
      else if (key == "burst")
        out.burst = whole(p, *it, 1, no_limit).value_or(0);
      else
        unknown_key(p, key,
                    {"name", "behaviour", "count", "share", "weights", "think",
                     "notes_per_account", "session_operations", "script", "period",
                     "burst"});
    }
    if (!v.contains("name"))
      fail(child(path, "name"), "missing; every population needs a name");
    if (out.count && out.share)
      fail(path, "sets both count and share; give one of them");
    return out;
  }

  std::string behaviour(const std::string& path, const json& v) {
    auto name = text(path, v);
    if (!name)
      return {};
    if (std::find(behaviours_.begin(), behaviours_.end(), *name) == behaviours_.end())
      fail(path, "unknown behaviour \"" + *name + "\"" + choices(*name, behaviours_));
    return *name;
  }

  std::optional<std::vector<double>> weights(const std::string& path, const json& v) {
    if (!object(path, v, "weights by operation name"))
      return std::nullopt;
    std::vector<double> out(protocol::operation_count, 0.0);
    bool any = false;
    for (auto it = v.begin(); it != v.end(); ++it) {
      auto p = child(path, it.key());
      auto op = operation(p, json(it.key()));
      auto w = number(p, *it, 0, true);
      if (op && w) {
        out[static_cast<std::size_t>(*op)] = *w;
        any = any || *w > 0;
      }
    }
    if (!any)
      fail(path, "at least one weight must be more than 0");
    return out;
  }

  std::vector<protocol::operation> script(const std::string& path, const json& v) {
    std::vector<protocol::operation> out;
    if (!array(path, v, "a list of operation names"))
      return out;
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto op = operation(element(path, i), v[i]))
        out.push_back(*op);
    return out;
  }

  model::think_spec think(const std::string& path, const json& v) {
    using kind = model::think_spec::kind;
    model::think_spec out;
    if (!object(path, v, "a think time"))
      return out;
    auto kind_path = child(path, "kind");
    if (!v.contains("kind")) {
      fail(kind_path, "missing; one of none, constant, uniform, exponential, paced");
      return out;
    }
    const auto& k = v["kind"];
    auto kind_name = k.is_string() ? k.get<std::string>() : std::string{};
    keys fields;
    if (kind_name == "none") {
      out.how = kind::none;
      fields = {"kind"};
    } else if (kind_name == "constant") {
      out.how = kind::constant;
      fields = {"kind", "value"};
    } else if (kind_name == "uniform") {
      out.how = kind::uniform;
      fields = {"kind", "min", "max"};
    } else if (kind_name == "exponential") {
      out.how = kind::exponential;
      fields = {"kind", "mean"};
    } else if (kind_name == "paced") {
      out.how = kind::paced;
      fields = {"kind", "rate"};
    } else {
      keys kinds{"none", "constant", "uniform", "exponential", "paced"};
      if (k.is_string())
        fail(kind_path, "unknown think kind \"" + kind_name + "\"" + choices(kind_name, kinds));
      else
        fail(kind_path, "expected a think kind (" + join(kinds) + "), got " + describe(k));
      return out;
    }
    for (auto it = v.begin(); it != v.end(); ++it)
      if (std::find(fields.begin(), fields.end(), it.key()) == fields.end())
        unknown_key(child(path, it.key()), it.key(), fields);
    for (auto field : fields) {
      if (field != "kind" && !v.contains(field))
        fail(child(path, field), "missing; a " + kind_name + " think time needs "
                                   + join(keys(std::next(fields.begin()), fields.end())));
    }
    auto time = [&](std::string_view field, bool allow_zero) {
      auto p = child(path, field);
      auto it = v.find(field);
      if (it == v.end())
        return std::chrono::nanoseconds{0};
      return std::chrono::nanoseconds{duration(p, *it, allow_zero).value_or(
        std::chrono::milliseconds{0})};
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
        if (!error_ && out.max < out.min)
          fail(child(path, "max"), "must be at least min (" + describe(v["min"])
                                     + "), got " + describe(v["max"]));
        break;
      case kind::exponential:
        out.value = time("mean", false);
        break;
      case kind::paced:
        if (auto it = v.find("rate"); it != v.end())
          out.rate_per_s = number(child(path, "rate"), *it, 0, false).value_or(0);
        break;
    }
    return out;
  }

  // The checks that look at all populations at once.
  void check_populations(const scenario& s) {
    const auto& ps = s.populations;
    double shares = 0;
    std::size_t counted = 0;
    std::optional<std::size_t> open_ended;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      auto p = element("populations", i);
      for (std::size_t j = 0; j < i; ++j)
        if (ps[j].name == ps[i].name)
          fail(child(p, "name"), "duplicate name \"" + ps[i].name + "\" (also "
                                   + element("populations", j) + ")");
      shares += ps[i].share.value_or(0);
      counted += ps[i].count.value_or(0);
      if (!ps[i].count && !ps[i].share) {
        if (open_ended)
          fail(p, "sets neither count nor share, as " + element("populations", *open_ended)
                    + " does; only one population may take the accounts the "
                      "others leave");
        open_ended = i;
      }
    }
    // Shares written as decimals such as 0.7 + 0.2 + 0.1 add up to a hair
    // over 1 in binary; that is not the user's mistake.
    if (shares > 1 + 1e-9)
      fail("populations", "the shares add up to " + protocol::shortest(shares)
                            + ", more than 1");
    if (s.accounts && counted > *s.accounts)
      fail("populations", "the counts add up to " + std::to_string(counted)
                            + ", more than the " + std::to_string(*s.accounts)
                            + " accounts of the run");
  }

  std::string_view file_;
  std::span<const std::string_view> behaviours_;
  std::optional<scenario_error> error_;
};

// Says where a JSON syntax error is: nlohmann gives the count of bytes read,
// the last of which is the offending one.
scenario_error syntax_error(std::string_view text, std::string_view file,
                            std::size_t bytes_read, std::string_view what) {
  auto at = std::min(bytes_read > 0 ? bytes_read - 1 : 0, text.size());
  auto before = text.substr(0, at);
  scenario_error e;
  e.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  auto line_start = before.rfind('\n');
  e.column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  // nlohmann says "[json.exception.parse_error.101] parse error at line 1,
  // column 5: syntax error ..."; keep what follows the position.
  if (auto colon = what.find(": "); colon != std::string_view::npos)
    what.remove_prefix(colon + 2);
  e.message = std::string{file} + ":" + std::to_string(e.line) + ":"
              + std::to_string(e.column) + ": not valid JSON: " + std::string{what};
  return e;
}

} // namespace

protocol::result<scenario, scenario_error>
parse_scenario(std::string_view text, std::string_view file_name,
               std::span<const std::string_view> behaviours) {
  if (protocol::nests_deeper_than(text, max_depth, true))
    return scenario_error{std::string{file_name} + ": nested deeper than "
                            + std::to_string(max_depth) + " levels",
                          "", 0, 0};
  json root;
  try {
    root = json::parse(text.begin(), text.end(), nullptr, true, true);
  } catch (const json::parse_error& e) {
    return syntax_error(text, file_name, e.byte, e.what());
  } catch (const json::exception& e) {
    std::string_view what = e.what();
    if (auto tag_end = what.find("] "); tag_end != std::string_view::npos)
      what.remove_prefix(tag_end + 2);
    return scenario_error{std::string{file_name} + ": not valid JSON: " + std::string{what},
                          "", 0, 0};
  }
  scenario s;
  if (auto e = checker{file_name, behaviours}.read(root, s))
    return std::move(*e);
  return s;
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
