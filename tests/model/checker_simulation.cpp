// The simulated service of the checker's model-based tests
// (checker_simulation.hpp).

#include "checker_simulation.hpp"

#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <sstream>

#include "model/account.hpp"
#include "model/account_directory.hpp"
#include "model/answer.hpp"
#include "model/behaviour_registry.hpp"
#include "protocol/codec.hpp"
#include "service_loop.hpp"
#include "shape_loop.hpp"
#include "test_profiles.hpp"

namespace throng::model::testing {

namespace {

using protocol::operation;

constexpr std::size_t account_count = 3;
constexpr std::size_t target = 0; // the account whose data anomalies hit
constexpr std::size_t prober = 1;

struct sim_request {
  std::size_t account = 0;
  planned_request plan;
  fate f;
  std::int64_t sent_us = 0;
  std::int64_t effect_us = -1;
  std::int64_t answer_us = 0;
  http::server_response effect; // the service's answer when it took effect
};

struct event {
  enum class kind : std::uint8_t { tick, effect, answer };
  std::int64_t at = 0;
  std::uint64_t seq = 0;
  kind what = kind::tick;
  std::size_t index = 0; // the account of a tick, else the request
};

struct later {
  bool operator()(const event& a, const event& b) const noexcept {
    return a.at > b.at || (a.at == b.at && a.seq > b.seq);
  }
};

// What the adversary knows of one of account 0's notes, to inject an
// anomaly where the checker can see it: a note whose every write was
// answered (no write of unknown outcome), with no request in flight.
struct note_truth {
  bool clean = true;
  std::string current;
  std::string previous; // empty: never updated
  bool seen = false;    // an answer has shown `current`
  int in_flight = 0;
};

std::string content_of(const planned_request& p) {
  auto c = protocol::decode<protocol::note_content>(p.req.body);
  return c ? c->content : std::string{};
}

class simulation {
public:
  simulation(const simulation_options& o, const std::function<fate(std::size_t)>& fate_of)
    : o_(o), fate_of_(fate_of) {
    settings_.name_prefix = "sim";
    settings_.content_bytes = 24;
    settings_.seed = o.seed;
    settings_.directory = &directory_;
    settings_.profile = o.profile;
    const char* roles[account_count] = {"random", "prober", "lifecycle"};
    for (std::size_t i = 0; i < account_count; ++i) {
      population_spec p;
      p.behaviour = roles[i];
      p.notes_per_account = o.notes_per_account;
      p.session_operations = 7;
      policies_.push_back(std::move(make_behaviour(p).value()));
      accounts_.emplace_back(settings_, *policies_.back(), static_cast<std::uint32_t>(i));
      schedule(event::kind::tick, 1000 + static_cast<std::int64_t>(i) * 7, i);
    }
  }

  simulation_result run() {
    while (!events_.empty() && !(r_.injected && r_.observed)) {
      auto e = events_.top();
      events_.pop();
      switch (e.what) {
        case event::kind::tick:
          tick(e.index, e.at);
          break;
        case event::kind::effect:
          take_effect(requests_[e.index]);
          break;
        case event::kind::answer:
          hear(requests_[e.index]);
          break;
      }
      if (!r_.injected && o_.inject != anomaly::none && r_.requests >= o_.requests / 3)
        inject_state_anomaly();
    }
    return std::move(r_);
  }

private:
  void schedule(event::kind k, std::int64_t at, std::size_t index) {
    events_.push(event{at, seq_++, k, index});
  }

  bool more_requests() const {
    if (r_.injected && !r_.observed)
      return r_.requests < 2 * o_.requests;
    return r_.requests < o_.requests;
  }

  fate next_fate(std::size_t account, std::size_t i) const {
    auto f = fate_of_(i);
    if (account == target && r_.injected)
      f = fate{fate::kind::normal, 0, 0, f.think};
    return f;
  }

  void tick(std::size_t a, std::int64_t now) {
    if (!more_requests())
      return;
    auto plan = accounts_[a].plan(now * 1000);
    if (!plan) {
      schedule(event::kind::tick, now + 100, a);
      return;
    }
    sim_request r;
    r.account = a;
    r.plan = std::move(*plan);
    r.f = next_fate(a, r_.requests++);
    r.sent_us = now;
    const auto timeout = o_.timeout_us;
    const auto at_effect = now + r.f.apply_delay;
    auto answer_at = now + timeout; // by default the client hears its timeout
    switch (r.f.how) {
      case fate::kind::normal:
      case fate::kind::error_after:
      case fate::kind::reset_after:
        answer_at = std::min(answer_at, at_effect + r.f.answer_delay);
        [[fallthrough]];
      case fate::kind::answer_lost:
        r.effect_us = at_effect;
        break;
      case fate::kind::error_before:
        answer_at = now + std::min<std::int64_t>(timeout, r.f.answer_delay);
        break;
      case fate::kind::never:
        break;
      case fate::kind::not_sent:
        answer_at = now + 1;
        break;
    }
    r.answer_us = answer_at;
    if (a == target && !r.plan.note_id.empty())
      if (auto t = notes_.find(r.plan.note_id); t != notes_.end())
        ++t->second.in_flight;
    requests_.push_back(std::move(r));
    const auto index = requests_.size() - 1;
    if (requests_[index].effect_us >= 0)
      schedule(event::kind::effect, requests_[index].effect_us, index);
    schedule(event::kind::answer, answer_at, index);
  }

  void take_effect(sim_request& r) {
    if (cookie_shape()) {
      r.effect = shape_.handle(shape_loop::to_server(r.plan.req));
      return;
    }
    auto req = service_loop::to_server(r.plan.req);
    req.target = without_query(req.target);
    // The cross-account anomaly: the service authorizes a probe of account
    // 0 as if account 0 had sent it.
    if (o_.inject == anomaly::cross_account && r.account == prober
        && r.plan.probe_account == target_id_ && !target_token_.empty()) {
      req.authorization = "Bearer " + target_token_;
      r_.injected = true;
    }
    r.effect = service_.handle(req);
    if (o_.profile != nullptr && r.plan.op == operation::list_notes)
      serve_page(r);
  }

  bool cookie_shape() const noexcept {
    return o_.profile != nullptr && o_.profile->style.auth == http::auth_style::cookie;
  }

  // Serves the whole list the service answered as the page the request
  // asked for, at the moment it takes effect.
  void serve_page(sim_request& r) const {
    if (r.effect.status != 200 || !r.plan.probe_account.empty())
      return;
    http::response whole;
    whole.status = r.effect.status;
    whole.body = std::move(r.effect.body);
    r.effect.body = page_of(*o_.profile, r.plan.req.target, std::move(whole)).body;
  }

  http::response heard(const sim_request& r) const {
    http::response h;
    h.sent_ns = r.sent_us * 1000;
    h.received_ns = r.answer_us * 1000;
    const bool in_time = r.answer_us < r.sent_us + o_.timeout_us;
    switch (r.f.how) {
      case fate::kind::not_sent:
        h.error = http::failure::connect;
        h.sent_ns = 0;
        return h;
      case fate::kind::normal:
        if (!in_time)
          break;
        h.status = r.effect.status;
        h.body = r.effect.body;
        h.shard = r.effect.shard;
        h.session = shape_loop::session_of(r.effect.set_cookie);
        return h;
      case fate::kind::error_after:
      case fate::kind::error_before:
        if (!in_time)
          break;
        h.status = 503;
        h.body = R"({"error":"simulated"})";
        return h;
      case fate::kind::reset_after:
        if (!in_time)
          break;
        h.error = http::failure::reset;
        return h;
      case fate::kind::answer_lost:
      case fate::kind::never:
        break;
    }
    h.error = http::failure::timeout;
    return h;
  }

  void hear(sim_request& r) {
    auto h = heard(r);
    if (r.account == target)
      alter_answer(r, h);
    history_entry e{r.sent_us, r.account, r.plan.op,
                    r.plan.probe_account.empty() ? r.plan.note_id : r.plan.probe_account,
                    r.f, r.effect_us, r.answer_us,
                    h.error != http::failure::none ? std::string{http::to_string(h.error)}
                                                   : std::to_string(h.status)};
    auto a = read_answer(r.plan.kind(), std::move(h));
    if (r.account == target)
      track(r, a);
    if (r.account == prober && o_.inject == anomaly::cross_account && r_.injected
        && a.result == outcome::success)
      r_.observed = true;
    auto found = accounts_[r.account].apply(r.plan, a);
    r_.indeterminate += found.indeterminate;
    e.violations = found.violations.size();
    for (auto& v : found.violations)
      r_.violations.push_back({r.account, std::move(v)});
    r_.history.push_back(std::move(e));
    schedule(event::kind::tick, r.answer_us + (r.plan.chain ? 0 : r.f.think), r.account);
  }

  // Keeps what the adversary knows of account 0 up to date with an answer
  // it is about to hear (after any anomaly made it).
  void track(const sim_request& r, const answer& a) {
    const auto& p = r.plan;
    const bool ok = a.result == outcome::success;
    if ((p.op == operation::signup || p.op == operation::login) && ok) {
      target_id_ = a.body.id;
      target_token_ = a.body.token;
    }
    if (p.op == operation::create_note) {
      if (ok) {
        note_truth t;
        t.current = content_of(p);
        notes_[a.body.id] = std::move(t);
      }
      else if (a.result == outcome::unknown)
        ++unknown_creates_;
      return;
    }
    if (p.op == operation::list_notes && ok) {
      for (const auto& n : a.body.notes)
        if (auto t = notes_.find(n.id);
            t != notes_.end() && n.content == protocol::hash_content(t->second.current))
          t->second.seen = true;
      return;
    }
    auto t = notes_.find(p.note_id);
    if (t == notes_.end())
      return;
    auto& n = t->second;
    --n.in_flight;
    if (a.result == outcome::unknown && protocol::is_write(p.op))
      n.clean = false;
    if (!ok)
      return;
    if (p.op == operation::update_note) {
      n.previous = std::exchange(n.current, content_of(p));
      n.seen = false;
      if (reverted_ == p.note_id)
        reverted_.clear(); // overwritten: the revert can no longer be seen
    } else if (p.op == operation::read_note
               && a.body.content == protocol::hash_content(n.current)) {
      n.seen = true;
    } else if (p.op == operation::delete_note) {
      if (o_.inject == anomaly::resurrect && !r_.injected && n.clean) {
        // The delete is acknowledged and not done.
        resurrected_ = p.note_id;
        resurrected_content_ = n.current;
        r_.injected = true;
      }
      notes_.erase(t);
    }
  }

  // Returns a clean note of account 0 for which `fits` holds, or nullptr.
  template <class Fits>
  std::pair<const std::string, note_truth>* pick(Fits fits) {
    for (auto& entry : notes_)
      if (entry.second.clean && entry.second.in_flight == 0 && fits(entry.second))
        return &entry;
    return nullptr;
  }

  void inject_state_anomaly();
  void alter_answer(const sim_request& r, http::response& h);
  void alter_read(const sim_request& r, http::response& h);
  void alter_list(http::response& h);

  simulation_options o_;
  const std::function<fate(std::size_t)>& fate_of_;
  server::memory_store store_{2};
  server::notes_service service_{store_};
  server::cookie_notes_service shape_{service_};
  account_directory directory_;
  account_settings settings_;
  std::vector<std::unique_ptr<behaviour>> policies_;
  std::vector<account> accounts_;
  std::vector<sim_request> requests_;
  std::priority_queue<event, std::vector<event>, later> events_;
  std::uint64_t seq_ = 0;
  simulation_result r_;
  std::string target_id_;
  std::string target_token_;
  std::map<std::string, note_truth> notes_;
  std::size_t unknown_creates_ = 0;
  std::string reverted_;    // lost_update: the note reverted, until overwritten
  protocol::content_hash reverted_content_{}; // and the content it went back to
  std::string lost_;        // lost_note: the note deleted behind the account's back
  std::string resurrected_; // resurrect: the note whose delete was not done
  std::string resurrected_content_;
};

void simulation::inject_state_anomaly() {
  if (o_.inject == anomaly::lost_update) {
    if (auto* n = pick([](const note_truth& t) { return t.seen && !t.previous.empty(); })) {
      (void) store_.update_note(target_id_, n->first, n->second.previous);
      reverted_ = n->first;
      reverted_content_ = protocol::hash_content(n->second.previous);
      n->second.clean = false;
      r_.injected = true;
    }
  } else if (o_.inject == anomaly::lost_note) {
    if (auto* n = pick([](const note_truth&) { return true; })) {
      (void) store_.delete_note(target_id_, n->first);
      lost_ = n->first;
      n->second.clean = false;
      r_.injected = true;
    }
  }
}

void simulation::alter_answer(const sim_request& r, http::response& h) {
  if (h.error != http::failure::none)
    return;
  const auto op = r.plan.op;
  if (op == operation::list_notes && h.status == 200)
    alter_list(h);
  else if (op == operation::read_note)
    alter_read(r, h);
  // A lost note shows as soon as an answer about it comes back.
  if (!lost_.empty() && r.plan.note_id == lost_ && h.status == 404)
    r_.observed = true;
}

void simulation::alter_read(const sim_request& r, http::response& h) {
  const auto& nid = r.plan.note_id;
  if (nid == resurrected_ && h.status == 404) {
    h.status = 200;
    h.body = protocol::encode(protocol::note{nid, resurrected_content_});
    r_.observed = true;
    return;
  }
  if (nid == reverted_ && h.status == 200) {
    // An answer that took effect before the revert does not show it.
    auto shown = protocol::decode<protocol::note>(h.body);
    r_.observed = r_.observed
                  || (shown && protocol::hash_content(shown->content) == reverted_content_);
    return;
  }
  auto t = notes_.find(nid);
  if (r_.injected || h.status != 200 || t == notes_.end() || !t->second.clean)
    return;
  auto& n = t->second;
  if (o_.inject == anomaly::stale_read && !n.seen && !n.previous.empty())
    h.body = protocol::encode(protocol::note{nid, n.previous});
  else if (o_.inject == anomaly::corrupt)
    h.body = protocol::encode(protocol::note{nid, "corrupted: never written"});
  else
    return;
  n.clean = false;
  r_.injected = r_.observed = true;
}

void simulation::alter_list(http::response& h) {
  auto l = protocol::decode<protocol::note_list>(h.body);
  if (!l)
    return;
  auto listed = [&l](const std::string& id) {
    for (const auto& n : l->notes)
      if (n.id == id)
        return true;
    return false;
  };
  for (const auto& n : l->notes)
    if (n.id == reverted_ && protocol::hash_content(n.content) == reverted_content_)
      r_.observed = true;
  if (!lost_.empty() && !listed(lost_))
    r_.observed = true;
  if (o_.inject == anomaly::phantom_note && !r_.injected
      && unknown_creates_ < account_state::pending_create_depth) {
    l->notes.push_back({"phantom", "nobody wrote this"});
    r_.injected = r_.observed = true;
  } else if (!resurrected_.empty() && !listed(resurrected_)) {
    l->notes.push_back({resurrected_, resurrected_content_});
    r_.observed = true;
  } else {
    return;
  }
  h.body = protocol::encode(*l);
}

} // namespace

const char* fate::name(kind k) {
  static const char* const names[] = {"normal",       "answer_lost", "error_after",
                                      "reset_after",  "error_before", "never",
                                      "not_sent"};
  return names[static_cast<std::size_t>(k)];
}

const char* to_string(anomaly a) {
  static const char* const names[] = {"none",         "stale_read", "lost_update",
                                      "lost_note",    "phantom_note", "corrupt",
                                      "resurrect",    "cross_account"};
  return names[static_cast<std::size_t>(a)];
}

simulation_result simulate(const simulation_options& o,
                           const std::function<fate(std::size_t)>& fate_of) {
  return simulation{o, fate_of}.run();
}

std::string describe(const simulation_result& r, std::size_t lines) {
  std::ostringstream out;
  out << r.requests << " requests, " << r.violations.size() << " violations, injected "
      << r.injected << ", observed " << r.observed << "\n";
  const auto from = r.history.size() > lines ? r.history.size() - lines : 0;
  for (auto i = from; i < r.history.size(); ++i) {
    const auto& e = r.history[i];
    out << "  t=" << e.sent_us << " a" << e.account << " " << protocol::to_string(e.op);
    if (!e.note.empty())
      out << " " << e.note;
    out << " [" << fate::name(e.f.how) << "] effect ";
    if (e.effect_us < 0)
      out << "never";
    else
      out << "t=" << e.effect_us;
    out << " -> " << e.heard << " at t=" << e.answered_us;
    if (e.violations > 0)
      out << "  VIOLATION x" << e.violations;
    out << '\n';
  }
  for (const auto& [account, v] : r.violations)
    out << "  violation: a" << account << " " << model::to_string(v.kind) << " "
        << protocol::to_string(v.op) << " note '" << v.note_id << "'\n";
  return out.str();
}

} // namespace throng::model::testing
