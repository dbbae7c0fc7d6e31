// One simulated account's logic (account.hpp).

#include "model/account.hpp"

#include <utility>

#include "model/account_directory.hpp"
#include "model/profile_request.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"

namespace throng::model {

using protocol::operation;

namespace {

constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string random_text(rng& r, std::size_t n) {
  std::string s(n, ' ');
  for (auto& c : s)
    c = alphabet[r.below(sizeof(alphabet) - 1)];
  return s;
}

} // namespace

account::account(const account_settings& settings, const behaviour& b,
                 std::uint32_t index)
  : settings_(&settings), behaviour_(&b),
    rng_(derive_seed(settings.seed, index)) {
  state_.index = index;
  state_.name = settings.name_prefix + "-" + std::to_string(index);
  // 15 characters: fits the small-string buffer, no allocation per account.
  state_.password = random_text(rng_, 15);
  // The seed notes, exactly: most of a crowd's memory is its notes.
  state_.notes.reserve(settings.seed_notes);
}

std::string account::next_content() {
  auto head = state_.name.str() + " #" + std::to_string(++state_.writes) + " ";
  // As many draws whatever the name's length, so that a replay under
  // another name prefix makes the same choices.
  auto tail = random_text(rng_, settings_->content_bytes);
  if (head.size() < settings_->content_bytes)
    head.append(tail, 0, settings_->content_bytes - head.size());
  return head;
}

const known_note& account::pick_note() {
  return state_.notes[rng_.below(state_.notes.size())];
}

std::optional<planned_request> account::plan(std::int64_t now_ns) {
  if (walk_)
    return next_page();
  if (std::exchange(rest_after_walk_, false))
    return std::nullopt;
  if (!state_.has_account())
    return make(state_.signup_unknown ? operation::login : operation::signup);
  if (state_.token.empty())
    return make(operation::login);
  if (!state_.seeded) {
    if (state_.possible_notes() < settings_->seed_notes)
      return make(operation::create_note);
    state_.seeded = true;
  }
  if (state_.mix_start_ns < 0) {
    state_.mix_start_ns = now_ns;
    state_.mix_start_writes = state_.writes;
  }
  auto s = next_step(now_ns);
  if (!s)
    return std::nullopt;
  if (!s->target.account_id.empty()) {
    auto p = make_probe(*s);
    if (p)
      p->chain = s->chain;
    return p;
  }
  auto p = make(s->op);
  p.chain = s->chain || walk_ != nullptr;
  if (walk_)
    walk_->chain_after(s->chain);
  return p;
}

std::optional<step> account::next_step(std::int64_t now_ns) {
  const auto* profile = settings_->profile;
  // An operation the profile lacks is drawn again, so that the rate holds;
  // a behaviour that keeps asking for one (a script of it) rests the tick.
  constexpr int max_draws = 8;
  for (int draw = 0; draw < max_draws; ++draw) {
    auto s = behaviour_->next(state_, rng_, behaviour_context{now_ns, settings_->directory});
    if (s.idle)
      return std::nullopt;
    ++state_.behaviour_steps;
    if (profile == nullptr || profile->has(s.op))
      return s;
    if (s.op == operation::logout && profile->has(operation::login)) {
      s.op = operation::login;
      return s;
    }
  }
  return std::nullopt;
}

std::optional<planned_request> account::plan_seed() {
  rest_after_walk_ = false;
  if (walk_)
    return next_page();
  if (!state_.has_account())
    return make(state_.signup_unknown ? operation::login : operation::signup);
  if (state_.token.empty())
    return make(operation::login);
  if (state_.notes.size() >= settings_->seed_notes) {
    state_.seeded = true;
    return std::nullopt;
  }
  if (state_.creates_unlisted > 0)
    return make(operation::list_notes);
  return make(operation::create_note);
}

std::optional<planned_request> account::make_probe(const step& s) {
  planned_request p;
  p.req.token = state_.token;
  p.req.verb = http::method::get;
  p.probe_account = s.target.account_id;
  p.profile = settings_->profile;
  if (s.op == operation::read_note && !s.target.note_id.empty()) {
    p.op = operation::read_note;
    p.note_id = s.target.note_id;
    p.req.target = protocol::note_path(p.probe_account, p.note_id);
  } else {
    p.op = operation::list_notes;
    p.req.target = protocol::notes_path(p.probe_account);
  }
  if (p.profile == nullptr)
    return p;
  if (!can_probe(*p.profile, p.op))
    return std::nullopt;
  render_request(*p.profile, state_, p);
  // A list probe asks for the first page, as a walk would; only its
  // answer's status counts.
  if (p.op == operation::list_notes && p.profile->paging.kind != page_kind::none)
    p.req.target = list_walk{p.profile->paging}.target(p.req.target);
  return p;
}

void account::apply_probe(const planned_request& p, const answer& a, findings& out) {
  if (a.result != outcome::success)
    return; // a refusal is the right answer; a failure is counted by the caller
  violation v;
  v.kind = model::violation_class::isolation_breach;
  v.op = p.op;
  // The other account's id and note id: what was served that should not be.
  v.note_id = p.note_id.empty() ? p.probe_account : p.probe_account + "/" + p.note_id;
  v.status = a.status;
  v.shard = a.shard;
  out.violations.push_back(std::move(v));
}

planned_request account::make(operation op) {
  planned_request p;
  p.op = op;
  p.req.token = state_.token;
  p.profile = settings_->profile;
  std::string content; // a profile's create or update: the content sent
  switch (op) {
    case operation::signup:
    case operation::login:
    case operation::logout:
    case operation::read_account:
    case operation::update_account:
      make_account_request(p);
      break;
    case operation::create_note:
    case operation::read_note:
    case operation::update_note:
    case operation::delete_note:
    case operation::list_notes:
      content = make_note_request(p);
      break;
  }
  if (p.profile != nullptr)
    render(p, content);
  return p;
}

void account::render(planned_request& p, std::string_view content) {
  render_request(*p.profile, state_, p, content);
  if (p.op == operation::list_notes && p.profile->paging.kind != page_kind::none) {
    walk_ = std::make_unique<list_walk>(p.profile->paging);
    p.req.target = walk_->target(p.req.target);
  }
}

planned_request account::next_page() {
  planned_request p;
  p.op = operation::list_notes;
  p.profile = settings_->profile;
  p.req.token = state_.token;
  p.chain = true;
  render_request(*p.profile, state_, p);
  p.req.target = walk_->target(p.req.target);
  return p;
}

std::string account::note_body(planned_request& p) {
  auto content = next_content();
  p.content = protocol::hash_content(content);
  if (p.profile != nullptr)
    return content;
  p.req.body = protocol::encode(protocol::note_content{std::move(content)});
  return {};
}

void account::make_account_request(planned_request& p) {
  auto& req = p.req;
  switch (p.op) {
    case operation::signup:
      req.verb = http::method::post;
      req.target = protocol::accounts_path();
      req.body = protocol::encode(protocol::credentials{state_.name.str(), state_.password.str()});
      req.token.clear();
      break;
    case operation::login:
      req.verb = http::method::post;
      req.target = protocol::sessions_path();
      req.body = protocol::encode(protocol::credentials{std::string{state_.login_name()}, state_.password.str()});
      req.token.clear();
      break;
    case operation::logout:
      req.verb = http::method::del;
      req.target = protocol::current_session_path();
      break;
    case operation::read_account:
      req.verb = http::method::get;
      req.target = protocol::account_path(state_.id);
      break;
    case operation::update_account:
      req.verb = http::method::put;
      req.target = protocol::account_path(state_.id);
      p.new_name = settings_->name_prefix + "-" + std::to_string(state_.index)
                   + "-r" + std::to_string(++state_.writes);
      req.body = protocol::encode(protocol::account_update{p.new_name});
      break;
    default:
      break;
  }
}

std::string account::make_note_request(planned_request& p) {
  auto& req = p.req;
  std::string content;
  switch (p.op) {
    case operation::create_note:
      req.verb = http::method::post;
      req.target = protocol::notes_path(state_.id);
      content = note_body(p);
      break;
    case operation::read_note:
      // Now and then read back a deleted note: it must stay gone.
      if (!state_.deleted.empty() && rng_.below(10) == 0) {
        p.note_id = state_.deleted[rng_.below(state_.deleted.size())];
        p.expect_not_found = true;
        req.verb = http::method::get;
        req.target = protocol::note_path(state_.id, p.note_id);
        break;
      }
      target_note(p, http::method::get);
      break;
    case operation::update_note:
      if (target_note(p, http::method::put))
        content = note_body(p);
      break;
    case operation::delete_note:
      target_note(p, http::method::del);
      break;
    case operation::list_notes:
      req.verb = http::method::get;
      req.target = protocol::notes_path(state_.id);
      break;
    default:
      break;
  }
  return content;
}

bool account::target_note(planned_request& p, http::method m) {
  if (state_.notes.empty()) {
    // The behaviour asked for a note the account does not have.
    p.op = operation::list_notes;
    p.req.verb = http::method::get;
    p.req.target = protocol::notes_path(state_.id);
    return false;
  }
  p.note_id = pick_note().id;
  p.req.verb = m;
  p.req.target = protocol::note_path(state_.id, p.note_id);
  return true;
}

findings account::apply(const planned_request& p, const answer& a) {
  findings out;
  if (!a.shard.empty() && a.shard != state_.shard)
    state_.shard = a.shard;
  if (a.refusal == refusal::unauthorized && p.op != operation::signup
      && p.op != operation::login)
    state_.token.clear();
  if (!p.probe_account.empty())
    apply_probe(p, a, out);
  else if (p.op == operation::signup || p.op == operation::login
           || p.op == operation::logout || p.op == operation::read_account
           || p.op == operation::update_account)
    apply_account(p, a, out);
  else
    apply_note(p, a, out);
  if (state_.has_account() && !state_.token.empty())
    ++state_.ops_since_login;
  return out;
}

void account::apply_account(const planned_request& p, const answer& a,
                            findings& out) {
  const bool ok = a.result == outcome::success;
  const bool unknown = a.result == outcome::unknown;
  switch (p.op) {
    case operation::signup:
      if (ok) {
        state_.id = a.body.id;
        state_.token = a.body.token;
        state_.signup_unknown = false;
        state_.ops_since_login = 0;
        if (settings_->directory != nullptr)
          settings_->directory->publish(state_.id, {});
      } else if (unknown || a.refusal == refusal::conflict) {
        // The account may exist (unknown outcome, or 409 after an earlier
        // unknown sign-up): log in to find out.
        state_.signup_unknown = true;
      }
      break;
    case operation::login:
      apply_login(a, out);
      break;
    case operation::logout:
      // A log-out of unknown outcome may still revoke the token.
      if (ok || unknown)
        state_.token.clear();
      break;
    case operation::read_account:
      if (ok && (p.profile == nullptr || p.profile->at(p.op).answer.name))
        checker_.check_name(state_, p.op, a.body.name, a.shard, out);
      break;
    case operation::update_account:
      if (ok)
        checker_.renamed(state_, p.new_name);
      else if (unknown)
        checker_.rename_unknown(state_, p.new_name, out);
      break;
    default:
      break;
  }
}

void account::apply_login(const answer& a, findings& out) {
  // The name opened another account: a sign-up of unknown outcome that
  // landed late, once a rename had freed the name. Not this account's name.
  const bool other = a.result == outcome::success && state_.has_account()
                     && a.body.id != state_.id;
  if (a.result == outcome::success && !other) {
    // A sign-up of unknown outcome turned out to have happened.
    if (!state_.has_account() && settings_->directory != nullptr)
      settings_->directory->publish(a.body.id, {});
    checker_.logged_in(state_);
    state_.id = a.body.id;
    state_.token = a.body.token;
    state_.signup_unknown = false;
    state_.ops_since_login = 0;
    return;
  }
  if (a.refusal != refusal::unauthorized && !other)
    return;
  if (!state_.has_account()) {
    // The sign-up had not happened by then; a second one tells (a 409 if
    // the first landed meanwhile).
    state_.signup_unknown = false;
    return;
  }
  if (!checker_.login_refused(state_))
    return;
  checker_.account_lost(state_, a.shard, out);
  // A new name, in case the service still holds the old one.
  state_.name = settings_->name_prefix + "-" + std::to_string(state_.index)
                + "-n" + std::to_string(++state_.writes);
}

void account::apply_note(const planned_request& p, const answer& a, findings& out) {
  const bool ok = a.result == outcome::success;
  const bool unknown = a.result == outcome::unknown;
  const bool not_found = a.refusal == refusal::not_found;
  switch (p.op) {
    case operation::create_note:
      if (ok) {
        if (settings_->directory != nullptr)
          settings_->directory->publish(state_.id, a.body.id);
        checker_.created(state_, a.body.id, p.content);
      } else if (unknown) {
        checker_.create_unknown(state_, p.content, out);
      }
      break;
    case operation::read_note:
      if (ok)
        checker_.check_read(state_, p.op, p.note_id, a.body.content, a.shard, out);
      else if (not_found)
        checker_.check_read(state_, p.op, p.note_id, std::nullopt, a.shard, out);
      break;
    case operation::update_note:
      if (ok)
        checker_.updated(state_, p.note_id, p.content);
      else if (unknown)
        checker_.update_unknown(state_, p.note_id, p.content, out);
      else if (not_found)
        checker_.check_read(state_, p.op, p.note_id, std::nullopt, a.shard, out);
      break;
    case operation::delete_note:
      if (ok)
        checker_.deleted(state_, p.note_id);
      else if (unknown)
        checker_.delete_unknown(state_, p.note_id);
      else if (not_found)
        checker_.check_read(state_, p.op, p.note_id, std::nullopt, a.shard, out);
      break;
    case operation::list_notes:
      if (p.profile != nullptr)
        apply_list(p, a, out);
      else if (ok)
        checker_.check_list(state_, a.body.notes, a.shard, out);
      break;
    default:
      break;
  }
}

void account::apply_list(const planned_request& p, const answer& a, findings& out) {
  const bool ok = a.result == outcome::success;
  if (!walk_) {
    if (ok)
      checker_.check_list(state_, a.body.notes, a.shard, out,
                          list_view{p.profile->lists_carry_content, true});
    return;
  }
  if (!ok) {
    finish_walk(a, false, out);
    return;
  }
  switch (walk_->add_page(a.body)) {
    case list_walk::progress::more:
      return;
    case list_walk::progress::done:
      finish_walk(a, !consistency_checker::writes_may_land(state_), out);
      return;
    case list_walk::progress::cut:
      finish_walk(a, false, out);
      return;
  }
}

void account::finish_walk(const answer& a, bool complete, findings& out) {
  auto walk = std::move(walk_);
  // The actor chains the next request after this answer unless it failed.
  rest_after_walk_ = !walk->chain() && !a.service_failed();
  if (walk->pages() == 0)
    return;
  const auto notes = walk->take_notes();
  checker_.check_list(state_, notes, a.shard, out,
                      list_view{settings_->profile->lists_carry_content, complete});
}

} // namespace throng::model
