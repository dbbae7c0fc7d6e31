// Tests of the scenario parser: every setting it reads, and each kind of file
// it refuses, with the message it gives.

#include "config/scenario.hpp"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "model/behaviour_registry.hpp"
#include "tests/build_paths.hpp"

namespace throng::config {
namespace {

using namespace std::chrono_literals;
using protocol::operation;

constexpr std::string_view known_behaviours[] = {
  "random", "lifecycle", "scripted", "batch-writer", "stream-writer", "reader", "prober",
};

protocol::result<scenario, scenario_error> parse(std::string_view text) {
  return parse_scenario(text, "test.json", known_behaviours);
}

scenario parsed(std::string_view text) {
  auto s = parse(text);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? *s : scenario{};
}

// Expects `text` to be rejected for the value at `field`, with a message
// that names the file and the field and contains `what`.
void expect_error(std::string_view text, const std::string& field, const std::string& what) {
  auto s = parse(text);
  ASSERT_FALSE(s) << text;
  const auto& e = s.error();
  EXPECT_EQ(e.field, field) << e.message;
  auto prefix = "test.json: " + (field.empty() ? "" : field + ": ");
  EXPECT_EQ(e.message.substr(0, prefix.size()), prefix) << e.message;
  EXPECT_NE(e.message.find(what), std::string::npos) << e.message;
}

TEST(scenario, an_empty_object_sets_nothing) {
  auto s = parsed("{}");
  EXPECT_FALSE(s.target);
  EXPECT_FALSE(s.api);
  EXPECT_FALSE(s.duration);
  EXPECT_FALSE(s.seed);
  EXPECT_FALSE(s.rpm);
  EXPECT_FALSE(s.accounts);
  EXPECT_FALSE(s.model);
  EXPECT_FALSE(s.spawn_rate);
  EXPECT_FALSE(s.seed_data);
  EXPECT_TRUE(s.populations.empty());
  EXPECT_TRUE(s.stages.empty());
  EXPECT_TRUE(s.thresholds.empty());
}

TEST(scenario, reads_every_run_setting) {
  auto s = parsed(R"({
    "target": "http://127.0.0.1:8080", "api": "profiles/mine.json", "duration": "60s",
    "seed": 7, "rpm": 60000, "accounts": 500, "connections": 16, "notes_per_account": 30,
    "content_bytes": 256, "client_threads": 2, "threads": 0,
    "max_response_bytes": 65536, "insecure": true, "timeout": "5s",
    "grace": "0ms", "connect_wait": "1m", "out": "runs/a",
    "summary_json": "s.json", "violations_log": "v.jsonl",
    "metrics": "127.0.0.1:9100", "shards": 4, "server_threads": 2,
    "store": "sqlite:/tmp/x", "spawn_rate": 100.5})");
  EXPECT_EQ(s.target, "http://127.0.0.1:8080");
  EXPECT_EQ(s.api, "profiles/mine.json");
  EXPECT_EQ(s.duration, 60s);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.rpm, 60000.0);
  EXPECT_EQ(s.accounts, 500u);
  EXPECT_EQ(s.connections, 16u);
  EXPECT_EQ(s.notes_per_account, 30u);
  EXPECT_EQ(s.content_bytes, 256u);
  EXPECT_EQ(s.client_threads, 2u);
  EXPECT_EQ(s.threads, 0u);
  EXPECT_EQ(s.max_response_bytes, 65536u);
  EXPECT_EQ(s.insecure, true);
  EXPECT_EQ(s.timeout, 5s);
  EXPECT_EQ(s.grace, 0ms);
  EXPECT_EQ(s.connect_wait, 1min);
  EXPECT_EQ(s.out, "runs/a");
  EXPECT_EQ(s.summary_json, "s.json");
  EXPECT_EQ(s.violations_log, "v.jsonl");
  EXPECT_EQ(s.metrics, "127.0.0.1:9100");
  EXPECT_EQ(s.shards, 4u);
  EXPECT_EQ(s.server_threads, 2u);
  EXPECT_EQ(s.store, "sqlite:/tmp/x");
  EXPECT_EQ(s.spawn_rate, 100.5);
}

TEST(scenario, reads_the_model) {
  EXPECT_EQ(parsed(R"({"model": "open"})").model, workload_model::open);
  EXPECT_EQ(parsed(R"({"model": "closed"})").model, workload_model::closed);
}

TEST(scenario, a_population_without_a_note_cap_takes_the_files) {
  auto s = parsed(R"({"notes_per_account": 50, "populations": [
    {"name": "own", "count": 1, "notes_per_account": 7},
    {"name": "inherits", "count": 1}]})");
  ASSERT_EQ(s.populations.size(), 2u);
  EXPECT_EQ(s.populations[0].notes_per_account, 7u);
  EXPECT_EQ(s.populations[1].notes_per_account, 50u);
}

TEST(scenario, reads_population_fields) {
  auto s = parsed(R"({"accounts": 1000, "populations": [
    {"name": "crowd", "behaviour": "random", "count": 100,
     "weights": {"create_note": 2, "read_note": 5, "list_notes": 0.5},
     "notes_per_account": 7},
    {"name": "sessions", "behaviour": "lifecycle", "share": 0.25,
     "session_operations": 12},
    {"name": "script", "behaviour": "scripted", "count": 3,
     "script": ["signup", "create_note", "read_note"]},
    {"name": "batches", "behaviour": "batch-writer", "period": "5s", "burst": 40},
    {"name": "default", "count": 1}]})");
  ASSERT_EQ(s.populations.size(), 5u);
  const auto& crowd = s.populations[0];
  EXPECT_EQ(crowd.name, "crowd");
  EXPECT_EQ(crowd.behaviour, "random");
  EXPECT_EQ(crowd.count, 100u);
  EXPECT_FALSE(crowd.share);
  ASSERT_TRUE(crowd.weights);
  ASSERT_EQ(crowd.weights->size(), protocol::operation_count);
  EXPECT_EQ((*crowd.weights)[static_cast<std::size_t>(operation::create_note)], 2);
  EXPECT_EQ((*crowd.weights)[static_cast<std::size_t>(operation::read_note)], 5);
  EXPECT_EQ((*crowd.weights)[static_cast<std::size_t>(operation::list_notes)], 0.5);
  EXPECT_EQ((*crowd.weights)[static_cast<std::size_t>(operation::signup)], 0);
  EXPECT_EQ(crowd.notes_per_account, 7u);
  EXPECT_EQ(s.populations[1].behaviour, "lifecycle");
  EXPECT_EQ(s.populations[1].share, 0.25);
  EXPECT_FALSE(s.populations[1].count);
  EXPECT_EQ(s.populations[1].session_operations, 12u);
  EXPECT_EQ(s.populations[2].script,
            (std::vector{operation::signup, operation::create_note, operation::read_note}));
  EXPECT_EQ(s.populations[3].period, 5s);
  EXPECT_EQ(s.populations[3].burst, 40u);
  EXPECT_FALSE(s.populations[3].count);
  EXPECT_FALSE(s.populations[3].share);
  EXPECT_EQ(s.populations[4].behaviour, "random");
  EXPECT_FALSE(s.populations[4].weights);
}

TEST(scenario, reads_every_think_kind) {
  using kind = model::think_spec::kind;
  auto s = parsed(R"({"populations": [
    {"name": "a", "count": 1, "think": {"kind": "constant", "value": "500ms"}},
    {"name": "b", "count": 1, "think": {"kind": "uniform", "min": "100ms", "max": "1s"}},
    {"name": "c", "count": 1, "think": {"kind": "exponential", "mean": "1s"}},
    {"name": "d", "count": 1, "think": {"kind": "paced", "rate": 2.5}},
    {"name": "e", "count": 1, "think": {"kind": "none"}},
    {"name": "f", "count": 1}]})");
  ASSERT_EQ(s.populations.size(), 6u);
  EXPECT_EQ(s.populations[0].think.how, kind::constant);
  EXPECT_EQ(s.populations[0].think.value, 500ms);
  EXPECT_EQ(s.populations[1].think.how, kind::uniform);
  EXPECT_EQ(s.populations[1].think.min, 100ms);
  EXPECT_EQ(s.populations[1].think.max, 1s);
  EXPECT_EQ(s.populations[2].think.how, kind::exponential);
  EXPECT_EQ(s.populations[2].think.value, 1s);
  EXPECT_EQ(s.populations[3].think.how, kind::paced);
  EXPECT_EQ(s.populations[3].think.rate_per_s, 2.5);
  EXPECT_EQ(s.populations[4].think.how, kind::none);
  EXPECT_EQ(s.populations[5].think.how, kind::none);
}

TEST(scenario, reads_stages) {
  auto s = parsed(R"({"stages": [{"duration": "30s", "accounts": 1000},
                                  {"duration": "1m", "rpm": 120000},
                                  {"duration": "10s", "accounts": 0, "rpm": 0},
                                  {"duration": "0s", "accounts": 10}]})");
  ASSERT_EQ(s.stages.size(), 4u);
  EXPECT_EQ(s.stages[0].duration, 30s);
  EXPECT_EQ(s.stages[0].accounts, 1000u);
  EXPECT_FALSE(s.stages[0].rpm);
  EXPECT_EQ(s.stages[1].duration, 1min);
  EXPECT_FALSE(s.stages[1].accounts);
  EXPECT_EQ(s.stages[1].rpm, 120000.0);
  EXPECT_EQ(s.stages[2].accounts, 0u);
  EXPECT_EQ(s.stages[2].rpm, 0.0);
  EXPECT_EQ(s.stages[3].duration, 0s) << "a stage of duration 0 is a step";
}

TEST(scenario, reads_seed_data_and_keeps_defaults_for_missing_keys) {
  auto s = parsed(R"({"seed_data": {"notes_per_account": 10, "batch": 50, "max_errors": 0}})");
  ASSERT_TRUE(s.seed_data);
  EXPECT_EQ(s.seed_data->notes_per_account, 10u);
  EXPECT_EQ(s.seed_data->batch, 50u);
  EXPECT_EQ(s.seed_data->max_errors, 0u);
  auto d = parsed(R"({"seed_data": {"notes_per_account": 3}})");
  ASSERT_TRUE(d.seed_data);
  EXPECT_EQ(d.seed_data->notes_per_account, 3u);
  EXPECT_EQ(d.seed_data->batch, seed_data_spec{}.batch);
  EXPECT_EQ(d.seed_data->max_errors, seed_data_spec{}.max_errors);
}

TEST(scenario, reads_thresholds_as_written) {
  auto s = parsed(R"({"thresholds": ["read_note.p99<50ms", "errors<1%", "violations==0"]})");
  EXPECT_EQ(s.thresholds,
            (std::vector<std::string>{"read_note.p99<50ms", "errors<1%", "violations==0"}));
}

TEST(scenario, accepts_comments) {
  auto s = parsed(R"(// a line comment
    {
      /* a block comment
         over two lines { [ */
      "rpm": 600, // after a value
      "populations": [ /* [ ] */ {"name": "x", "count": 1}]
    })");
  EXPECT_EQ(s.rpm, 600.0);
  EXPECT_EQ(s.populations.size(), 1u);
}

TEST(scenario, reads_the_example_of_the_issue) {
  auto s = parsed(R"(
{"target": "http://127.0.0.1:8080", "duration": "60s", "seed": 7,
 "rpm": 60000, "connections": 16, "model": "closed",
 "populations": [
   {"name": "crowd", "behaviour": "random", "count": 100,
    "weights": {"create_note": 2, "read_note": 5, "update_note": 2,
                "delete_note": 1, "list_notes": 1,
                "read_account": 1, "update_account": 1},
    "think": {"kind": "exponential", "mean": "1s"},
    "notes_per_account": 20},
   {"name": "probes", "behaviour": "prober", "count": 10}],
 "stages": [{"duration": "30s", "accounts": 1000}, {"duration": "1m", "rpm": 120000}],
 "spawn_rate": 100,
 "seed_data": {"notes_per_account": 10, "batch": 25, "max_errors": 5},
 "thresholds": ["read_note.p99<50ms", "errors<1%", "violations==0"]})");
  EXPECT_EQ(s.populations.size(), 2u);
  EXPECT_EQ(s.stages.size(), 2u);
  EXPECT_EQ(s.thresholds.size(), 3u);
}

// The examples are parsed against the real registry, and every population
// of theirs must make a behaviour.
TEST(scenario, the_examples_in_the_repository_parse) {
  auto registered = model::behaviour_names();
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(throng::testing::scenarios_dir())) {
    if (entry.path().extension() != ".json")
      continue;
    ++files;
    auto s = load_scenario(entry.path(), registered);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_FALSE(s->populations.empty()) << entry.path();
    EXPECT_FALSE(s->target) << entry.path() << ": the examples use the embedded service";
    for (const auto& p : s->populations) {
      auto b = model::make_behaviour(p);
      EXPECT_TRUE(b) << entry.path() << ": " << p.name << ": " << b.error().message;
    }
  }
  EXPECT_GE(files, 5u);
}

TEST(scenario_error, a_syntax_error_gives_line_and_column) {
  // The colon is missing: the parser stops at the 5, line 3 column 14.
  auto s = parse("{\n  \"rpm\": 600,\n  \"accounts\" 5\n}");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().line, 3u);
  EXPECT_EQ(s.error().column, 14u);
  EXPECT_EQ(s.error().message.substr(0, 15), "test.json:3:14:") << s.error().message;
  EXPECT_NE(s.error().message.find("not valid JSON"), std::string::npos);
  auto empty = parse("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().line, 1u);
}

TEST(scenario_error, an_unterminated_comment_is_a_syntax_error) {
  auto s = parse("{\"rpm\": 1} /* open");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().line, 1u);
}

TEST(scenario_error, the_top_level_must_be_an_object) {
  expect_error("[1, 2]", "", "expected a JSON object at the top level, got [1,2]");
}

TEST(scenario_error, deep_nesting_is_refused) {
  auto s = parse(std::string(100, '[') + std::string(100, ']'));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("nested deeper"), std::string::npos);
}

TEST(scenario_error, unknown_keys_are_named_with_the_closest_known_one) {
  expect_error(R"({"rmp": 5})", "rmp", "unknown key; did you mean \"rpm\"?");
  expect_error(R"({"zzzzzz": 5})", "zzzzzz", "unknown key (expected one of: target,");
  expect_error(R"({"populations": [{"name": "a", "cuont": 1}]})", "populations[0].cuont",
               "did you mean \"count\"?");
  expect_error(R"({"populations": [{"name": "a", "think": {"kind": "exponential",
                   "value": "1s"}}]})",
               "populations[0].think.value", "unknown key (expected one of: kind, mean)");
  expect_error(R"({"stages": [{"duration": "1s", "rpm": 1, "acounts": 3}]})",
               "stages[0].acounts", "did you mean \"accounts\"?");
  expect_error(R"({"seed_data": {"bach": 3}})", "seed_data.bach", "did you mean \"batch\"?");
}

TEST(scenario_error, wrong_types_are_named) {
  expect_error(R"({"populations": [{"name": "a", "count": 1},
                   {"name": "b", "count": 1, "think": {"kind": "exponential", "mean": 5}}]})",
               "populations[1].think.mean",
               "expected a duration string with a unit such as \"30s\", got 5");
  expect_error(R"({"duration": "30"})", "duration", "missing unit");
  expect_error(R"({"rpm": "fast"})", "rpm", "expected a number, got \"fast\"");
  expect_error(R"({"connections": 1.5})", "connections", "expected a whole number, got 1.5");
  expect_error(R"({"insecure": 1})", "insecure", "expected true or false, got 1");
  expect_error(R"({"target": 8080})", "target", "expected a string, got 8080");
  expect_error(R"({"populations": {"name": "a"}})", "populations",
               "expected a list of populations (a JSON array)");
  expect_error(R"({"populations": [{"name": "a", "script": "read_note"}]})",
               "populations[0].script", "expected a list of operation names");
  expect_error(R"({"populations": [{"name": "a", "weights": [1, 2]}]})",
               "populations[0].weights", "expected weights by operation name");
  expect_error(R"({"seed_data": 10})", "seed_data", "expected seed data");
  expect_error(R"({"thresholds": [5]})", "thresholds[0]",
               "expected a threshold string such as \"errors<1%\", got 5");
  expect_error(R"({"populations": [{"name": "a", "think": {"kind": 1}}]})",
               "populations[0].think.kind", "expected a think kind");
}

TEST(scenario_error, meaningless_numbers_are_refused) {
  expect_error(R"({"populations": [{"name": "a", "count": -3}]})", "populations[0].count",
               "must be between 1 and 10000000, got -3");
  expect_error(R"({"populations": [{"name": "a", "count": 0}]})", "populations[0].count",
               "got 0");
  expect_error(R"({"populations": [{"name": "a", "share": 0}]})", "populations[0].share",
               "must be more than 0, got 0");
  expect_error(R"({"populations": [{"name": "a", "share": 1.5}]})", "populations[0].share",
               "must be at most 1, got 1.5");
  expect_error(R"({"populations": [{"name": "a", "burst": 0}]})", "populations[0].burst",
               "must be at least 1, got 0");
  expect_error(R"({"populations": [{"name": "a", "period": "0s"}]})",
               "populations[0].period", "must be more than 0");
  expect_error(R"({"populations": [{"name": "a", "think": {"kind": "paced", "rate": 0}}]})",
               "populations[0].think.rate", "must be more than 0, got 0");
  expect_error(R"({"populations": [{"name": "a", "think":
                   {"kind": "uniform", "min": "2s", "max": "1s"}}]})",
               "populations[0].think.max", "must be at least min");
  expect_error(R"({"rpm": 0})", "rpm", "must be more than 0, got 0");
  expect_error(R"({"connections": 0})", "connections", "must be between 1 and 10000");
  expect_error(R"({"duration": "0s"})", "duration", "must be more than 0");
  expect_error(R"({"spawn_rate": -1})", "spawn_rate", "must be more than 0, got -1");
  expect_error(R"({"seed": -1})", "seed", "must be at least 0, got -1");
  expect_error(R"({"seed_data": {"batch": 0}})", "seed_data.batch", "got 0");
  expect_error(R"({"stages": [{"duration": "1s", "rpm": -5}]})", "stages[0].rpm",
               "must be at least 0, got -5");
}

TEST(scenario_error, shares_may_not_add_up_to_more_than_one) {
  expect_error(R"({"populations": [{"name": "a", "share": 0.7},
                                   {"name": "b", "share": 0.5}]})",
               "populations", "the shares add up to 1.2, more than 1");
  EXPECT_TRUE(parse(R"({"populations": [{"name": "a", "share": 0.7},
    {"name": "b", "share": 0.2}, {"name": "c", "share": 0.1}]})"));
}

TEST(scenario_error, a_population_takes_a_count_or_a_share_not_both) {
  expect_error(R"({"populations": [{"name": "a", "count": 3}, {"name": "b", "count": 3,
                   "share": 0.5}]})",
               "populations[1]", "sets both count and share");
}

TEST(scenario_error, only_one_population_may_take_the_rest) {
  expect_error(R"({"populations": [{"name": "a"}, {"name": "b"}]})", "populations[1]",
               "sets neither count nor share, as populations[0] does");
}

TEST(scenario_error, counts_may_not_exceed_the_accounts) {
  expect_error(R"({"accounts": 10, "populations": [{"name": "a", "count": 8},
                   {"name": "b", "count": 3}]})",
               "populations", "the counts add up to 11, more than the 10 accounts");
}

TEST(scenario_error, populations_need_distinct_names) {
  expect_error(R"({"populations": [{"count": 1}]})", "populations[0].name", "missing");
  expect_error(R"({"populations": [{"name": "", "count": 1}]})", "populations[0].name",
               "must not be empty");
  expect_error(R"({"populations": [{"name": "a", "count": 1}, {"name": "a", "count": 1}]})",
               "populations[1].name", "duplicate name \"a\" (also populations[0])");
}

TEST(scenario_error, unknown_behaviours_list_the_known_ones) {
  expect_error(R"({"populations": [{"name": "a", "behaviour": "randm"}]})",
               "populations[0].behaviour", "unknown behaviour \"randm\"; did you mean \"random\"?");
  expect_error(R"({"populations": [{"name": "a", "behaviour": "sleeper"}]})",
               "populations[0].behaviour",
               "unknown behaviour \"sleeper\" (expected one of: random, lifecycle, scripted, "
               "batch-writer, stream-writer, reader, prober)");
}

TEST(scenario_error, unknown_operations_are_named) {
  expect_error(R"({"populations": [{"name": "a", "weights": {"read_notes": 1}}]})",
               "populations[0].weights.read_notes",
               "unknown operation \"read_notes\"; did you mean");
  expect_error(R"({"populations": [{"name": "a", "script": ["signup", "fly"]}]})",
               "populations[0].script[1]", "unknown operation \"fly\" (expected one of: signup,");
  expect_error(R"({"populations": [{"name": "a", "weights": {"read_note": 0}}]})",
               "populations[0].weights", "at least one weight must be more than 0");
  expect_error(R"({"populations": [{"name": "a", "weights": {"read_note": -1}}]})",
               "populations[0].weights.read_note", "must be at least 0, got -1");
}

TEST(scenario_error, unknown_models_and_think_kinds_are_named) {
  expect_error(R"({"model": "half-open"})", "model",
               "unknown model \"half-open\" (expected \"open\" or \"closed\")");
  expect_error(R"({"populations": [{"name": "a", "think": {"kind": "gaussian"}}]})",
               "populations[0].think.kind", "unknown think kind \"gaussian\"");
  expect_error(R"({"populations": [{"name": "a", "think": {"mean": "1s"}}]})",
               "populations[0].think.kind", "missing");
  expect_error(R"({"populations": [{"name": "a", "think": {"kind": "uniform", "min": "1s"}}]})",
               "populations[0].think.max", "missing; a uniform think time needs min, max");
}

TEST(scenario_error, empty_lists_are_refused) {
  expect_error(R"({"populations": []})", "populations",
               "expected a list of populations, got an empty array");
  expect_error(R"({"stages": []})", "stages", "expected stages, got an empty array");
  expect_error(R"({"populations": [{"name": "a", "script": []}]})", "populations[0].script",
               "got an empty array");
}

TEST(scenario_error, a_stage_needs_accounts_or_rpm_and_a_duration) {
  expect_error(R"({"stages": [{"duration": "1s", "rpm": 5}, {"duration": "1s"}]})",
               "stages[1]", "sets neither accounts nor rpm");
  expect_error(R"({"stages": [{"rpm": 5}]})", "stages[0].duration", "missing");
}

TEST(scenario_error, bad_thresholds_are_refused_with_the_parsers_reason) {
  expect_error(R"({"thresholds": ["errors<1%", "read_note.p99<<50ms"]})", "thresholds[1]",
               "read_note.p99<<50ms");
}

TEST(scenario_error, a_missing_file_is_named) {
  auto s = load_scenario("/nonexistent/throng/x.json", known_behaviours);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message.substr(0, 26), "/nonexistent/throng/x.json");
  EXPECT_NE(s.error().message.find("cannot read"), std::string::npos);
}

} // namespace
} // namespace throng::config
