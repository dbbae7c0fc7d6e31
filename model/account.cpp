// One simulated account's logic (account.hpp).

#include "model/account.hpp"

#include <utility>

#include "model/account_directory.hpp"
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
  auto s = behaviour_->next(state_, rng_, behaviour_context{now_ns, settings_->directory});
  if (s.idle)
    return std::nullopt;
  ++state_.behaviour_steps;
  auto p = s.target.account_id.empty() ? make(s.op) : make_probe(s);
  p.chain = s.chain;
  return p;
}

std::optional<planned_request> account::plan_seed() {
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

planned_request account::make_probe(const step& s) {
  planned_request p;
  p.req.token = state_.token;
  p.req.verb = http::method::get;
  p.probe_account = s.target.account_id;
  if (s.op == operation::read_note && !s.target.note_id.empty()) {
    p.op = operation::read_note;
    p.note_id = s.target.note_id;
    p.req.target = protocol::note_path(p.probe_account, p.note_id);
  } else {
    p.op = operation::list_notes;
    p.req.target = protocol::notes_path(p.probe_account);
  }
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
      make_note_request(p);
      break;
  }
  return p;
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

void account::make_note_request(planned_request& p) {
  auto& req = p.req;
  switch (p.op) {
    case operation::create_note: {
      req.verb = http::method::post;
      req.target = protocol::notes_path(state_.id);
      auto content = next_content();
      p.content = protocol::hash_content(content);
      req.body = protocol::encode(protocol::note_content{std::move(content)});
      break;
    }
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
      if (target_note(p, http::method::put)) {
        auto content = next_content();
        p.content = protocol::hash_content(content);
        req.body = protocol::encode(protocol::note_content{std::move(content)});
      }
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
  if (a.status == 401 && p.op != operation::signup && p.op != operation::login)
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
      } else if (unknown || a.status == 409) {
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
      if (ok)
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
  if (a.status != 401 && !other)
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
  const bool not_found = a.status == 404;
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
      if (ok)
        checker_.check_list(state_, a.body.notes, a.shard, out);
      break;
    default:
      break;
  }
}

} // namespace throng::model
