// Model-based, randomized tests of the consistency checker: accounts against
// a correct service whose timing is an adversary's (checker_simulation.hpp)
// get no violation, whatever befalls their requests; the same service with
// one anomaly injected gets exactly that anomaly's class, once an answer
// can show it. RapidCheck generates the fates and the accounts' seed, and
// shrinks a failure to the shortest history it can find; the history is
// printed with RapidCheck's seed (RC_PARAMS="seed=..." repeats a run).

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "checker_simulation.hpp"
#include "config/api_profile_reader.hpp"
#include "tests/build_paths.hpp"
#include "test_profiles.hpp"

namespace throng::model::testing {

void showValue(const fate& f, std::ostream& os) {
  os << fate::name(f.how) << "/" << f.apply_delay << "/" << f.answer_delay << "/" << f.think;
}

} // namespace throng::model::testing

namespace rc {

template <>
struct Arbitrary<throng::model::testing::fate> {
  static Gen<throng::model::testing::fate> arbitrary() {
    using throng::model::testing::fate;
    using k = fate::kind;
    // Shrinks towards the first of each: a request that takes effect at
    // once and is answered.
    return gen::build<fate>(
      gen::set(&fate::how, gen::weightedElement<k>({{70, k::normal},
                                                     {8, k::answer_lost},
                                                     {5, k::error_after},
                                                     {5, k::reset_after},
                                                     {4, k::error_before},
                                                     {4, k::never},
                                                     {4, k::not_sent}})),
      // Most at once, some before the client's timeout (1000), some long
      // after it, past many later requests.
      gen::set(&fate::apply_delay,
               gen::weightedOneOf<std::uint32_t>({{60, gen::inRange<std::uint32_t>(0, 50)},
                                                  {30, gen::inRange<std::uint32_t>(50, 1000)},
                                                  {10, gen::inRange<std::uint32_t>(1000, 20000)}})),
      gen::set(&fate::answer_delay,
               gen::weightedOneOf<std::uint32_t>({{80, gen::inRange<std::uint32_t>(0, 50)},
                                                  {20, gen::inRange<std::uint32_t>(50, 1500)}})),
      gen::set(&fate::think, gen::inRange<std::uint32_t>(0, 300)));
  }
};

} // namespace rc

namespace throng::model::testing {
namespace {

using model::violation_class;

/// The history a property runs: the accounts' seed and each request's fate.
struct history_input {
  std::uint64_t seed = 0;
  std::vector<fate> fates;
};

void showValue(const history_input& h, std::ostream& os) {
  os << "seed " << h.seed << ", " << h.fates.size() << " requests";
}

rc::Gen<history_input> histories(int min_requests, int max_requests) {
  return rc::gen::build<history_input>(
    rc::gen::set(&history_input::seed, rc::gen::arbitrary<std::uint64_t>()),
    rc::gen::set(&history_input::fates,
                 rc::gen::mapcat(rc::gen::inRange(min_requests, max_requests), [](int n) {
                   return rc::gen::container<std::vector<fate>>(
                     static_cast<std::size_t>(n), rc::gen::arbitrary<fate>());
                 })));
}

simulation_result run(const history_input& h, anomaly a,
                      const api_profile* profile = nullptr) {
  simulation_options o;
  o.seed = h.seed;
  o.requests = h.fates.size();
  o.inject = a;
  o.profile = profile;
  return simulate(o, [&h](std::size_t i) { return i < h.fates.size() ? h.fates[i] : fate{}; });
}

/// Bounds the time spent shrinking a failure: past the budget, every
/// candidate passes, so that RapidCheck reports the smallest failure found
/// so far instead of trying every smaller one of a long history.
class shrink_budget {
public:
  /// Returns whether a property that just failed with `history` should
  /// still fail; keeps the last history that did (the shortest so far).
  bool failing(std::string history) {
    const auto now = std::chrono::steady_clock::now();
    if (!first_)
      first_ = now;
    if (now - *first_ >= std::chrono::seconds(20))
      return false;
    last_ = std::move(history);
    return true;
  }

  /// Returns the last failing history, or "".
  const std::string& last() const noexcept { return last_; }

private:
  std::optional<std::chrono::steady_clock::time_point> first_;
  std::string last_;
};

/// Runs property `prop` over `cases` generated histories; fails the test
/// with RapidCheck's report (seed, shrunk input) and the shortest failing
/// history `budget` kept.
/// Tests are deterministic: each starts from a seed of its own, unless
/// RC_PARAMS sets one ("seed=N" repeats a reported run).
template <class Property>
void check(Property prop, int cases, const shrink_budget& budget) {
  auto params = rc::detail::configuration().testParams;
  params.maxSuccess = cases;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  rc::detail::TestMetadata meta;
  meta.id = std::string{info->test_suite_name()} + "/" + info->name();
  meta.description = info->name();
  const char* env = std::getenv("RC_PARAMS");
  if (env == nullptr || std::string_view{env}.find("seed=") == std::string_view::npos)
    params.seed = std::hash<std::string>{}(meta.id);
  auto result = rc::detail::checkTestable(prop, meta, params);
  if (!result.template is<rc::detail::SuccessResult>()) {
    std::ostringstream report;
    rc::detail::printResultMessage(result, report);
    FAIL() << report.str() << "\nshortest failing history:\n" << budget.last();
  }
}

/// A scale for the number of histories: THRONG_MODEL_SCALE=10 runs ten
/// times as many (a longer soak), 0.25 a quarter (the sanitizer builds).
int scaled(int cases) {
  const char* s = std::getenv("THRONG_MODEL_SCALE");
  const double k = s != nullptr ? std::atof(s) : 1.0;
  return std::max(1, static_cast<int>(cases * (k > 0 ? k : 1.0)));
}

struct tally {
  std::uint64_t histories = 0;
  std::uint64_t requests = 0;
  std::uint64_t indeterminate = 0;
  std::uint64_t injected = 0;
  std::uint64_t observed = 0;
};

void print(const char* what, const tally& t, std::chrono::steady_clock::duration took) {
  std::cout << what << ": " << t.requests << " requests over " << t.histories
            << " histories, " << t.injected << " injected, " << t.observed
            << " observed, " << t.indeterminate
            << " indeterminate, "
            << std::chrono::duration<double>(took).count() << " s\n";
}

/// Runs `cases` generated histories against the service with anomaly `a`
/// (none: a correct service); a history whose result `right` refuses fails
/// the test with `failure`. Prints the tally under `what` and returns it.
template <class Judge>
tally check_histories(anomaly a, int cases, Judge right, const char* failure,
                      const char* what, const api_profile* profile = nullptr) {
  tally t;
  shrink_budget budget;
  const auto began = std::chrono::steady_clock::now();
  check(
    [&] {
      const auto h = *histories(50, 600);
      auto r = run(h, a, profile);
      ++t.histories;
      t.requests += r.requests;
      t.indeterminate += r.indeterminate;
      t.injected += r.injected;
      t.observed += r.observed;
      if (!right(r) && budget.failing(describe(r)))
        RC_FAIL(failure);
    },
    cases, budget);
  print(what, t, std::chrono::steady_clock::now() - began);
  return t;
}

// The checker's promise: against a correct service, no violation, whatever
// the delays, timeouts, 5xx and dropped connections.
void expect_no_violation(int cases) {
  check_histories(
    anomaly::none, cases, [](const simulation_result& r) { return r.violations.empty(); },
    "a violation against a correct service", "correct service");
}

// Two tests, two seeds: ctest runs them side by side.
TEST(checker_model, a_correct_service_gets_no_violation) {
  expect_no_violation(scaled(4000));
}

TEST(checker_model, a_correct_service_gets_no_violation_more_histories) {
  expect_no_violation(scaled(4000));
}

// The same promise through a profile whose lists come in pages (small
// ones, so that writes of unknown outcome land between them, and a bound
// that cuts some walks short), with contents or membership only.
TEST(checker_model, a_correct_service_gets_no_violation_through_paged_lists) {
  const auto offsets = paged(v1_profile(), page_kind::offset, 2, 3);
  check_histories(
    anomaly::none, scaled(1500),
    [](const simulation_result& r) { return r.violations.empty(); },
    "a violation against a correct service", "correct service, offset pages", &offsets);
}

TEST(checker_model, a_correct_service_gets_no_violation_through_lists_without_contents) {
  const auto cursors = paged(v1_profile(), page_kind::cursor, 2, 100, false);
  check_histories(
    anomaly::none, scaled(1500),
    [](const simulation_result& r) { return r.violations.empty(); },
    "a violation against a correct service", "correct service, membership only", &cursors);
  const auto whole = paged(v1_profile(), page_kind::none, 0, 100, false);
  check_histories(
    anomaly::none, scaled(1500),
    [](const simulation_result& r) { return r.violations.empty(); },
    "a violation against a correct service", "correct service, one list without contents",
    &whole);
}

// And through the cookie shape of the service, driven by the repository's
// profiles/example-cookie.json: cookie sessions, a 422 for a name taken,
// cursor pages of ids.
TEST(checker_model, a_correct_service_gets_no_violation_through_the_cookie_shape) {
  const auto path = std::filesystem::path{throng::testing::scenarios_dir()}.parent_path()
                    / "profiles" / "example-cookie.json";
  auto profile = config::read_api_profile(path);
  ASSERT_TRUE(profile.has_value()) << profile.error();
  profile->paging.size = 2; // many pages, so that writes land between them
  check_histories(
    anomaly::none, scaled(1500),
    [](const simulation_result& r) { return r.violations.empty(); },
    "a violation against a correct service", "correct service, cookie shape", &*profile);
}

/// An anomaly and the class of violation it must be caught as.
struct anomaly_case {
  anomaly injected;
  violation_class caught_as;
};

void PrintTo(const anomaly_case& c, std::ostream* os) {
  *os << to_string(c.injected);
}

const anomaly_case anomaly_cases[] = {
  {anomaly::stale_read, violation_class::stale_read},
  {anomaly::lost_update, violation_class::lost_update},
  {anomaly::lost_note, violation_class::missing_note},
  {anomaly::phantom_note, violation_class::unexpected_note},
  {anomaly::corrupt, violation_class::corrupt_content},
  {anomaly::resurrect, violation_class::resurrected_note},
  {anomaly::cross_account, violation_class::isolation_breach},
};

class anomaly_model : public ::testing::TestWithParam<anomaly_case> {};

// Each anomaly is caught with its class, by the account it hit, once an
// answer that shows it has reached the account; and nothing else is found.
TEST_P(anomaly_model, is_caught_with_its_class_once_an_answer_shows_it) {
  const auto a = GetParam().injected;
  const auto expected = GetParam().caught_as;
  const std::size_t finder = a == anomaly::cross_account ? 1 : 0;
  const auto t = check_histories(
    a, scaled(300),
    [&](const simulation_result& r) {
      bool right = r.observed == !r.violations.empty();
      for (const auto& [account, v] : r.violations)
        right = right && v.kind == expected && account == finder;
      return right;
    },
    "not caught as expected", to_string(a));
  // The test means something only if many runs injected the anomaly and
  // most of those showed it.
  EXPECT_GE(t.injected * 3, t.histories) << to_string(a);
  EXPECT_GE(t.observed * 2, t.injected) << to_string(a);
}

INSTANTIATE_TEST_SUITE_P(anomalies, anomaly_model, ::testing::ValuesIn(anomaly_cases),
                         [](const auto& p) { return std::string{to_string(p.param.injected)}; });

} // namespace
} // namespace throng::model::testing
