#include "actors/account.hpp"

#include <utility>

#include "actors/account_directory.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"

namespace throng::actors {

using protocol::operation;

namespace {

constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string random_text(rng& r, std::size_t n) {
  std::string s(n, ' ');
  for (auto& c : s)
    c = alphabet[r.below(sizeof(alphabet) - 1)];
  return s;
}

template <class T>
bool decode_into(const http::response& r, T& out) {
  auto x = protocol::decode<T>(r.body);
  if (!x)
    return false;
  out = std::move(*x);
  return true;
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
}

std::string account::next_content() {
  auto head = state_.name + " #" + std::to_string(++state_.writes) + " ";
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
  if (!state_.unknown_creates.empty())
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
    p.req.target = settings_->base_path + protocol::note_path(p.probe_account, p.note_id);
  } else {
    p.op = operation::list_notes;
    p.req.target = settings_->base_path + protocol::notes_path(p.probe_account);
  }
  return p;
}

void account::apply_probe(const planned_request& p, int status,
                          const http::response& r, answer_outcome& out) {
  if (status != 200)
    return; // a refusal is the right answer; a failure is counted by the caller
  violation v;
  v.kind = stats::violation_class::isolation_breach;
  v.op = p.op;
  // The other account's id and note id: what was served that should not be.
  v.note_id = p.note_id.empty() ? p.probe_account : p.probe_account + "/" + p.note_id;
  v.status = status;
  v.shard = r.shard;
  out.violations.push_back(std::move(v));
}

planned_request account::make(operation op) {
  planned_request p;
  p.op = op;
  auto& req = p.req;
  req.token = state_.token;
  const auto& base = settings_->base_path;
  auto note_op = [&](http::method m) {
    if (state_.notes.empty()) {
      // The behaviour asked for a note the account does not have.
      p.op = operation::list_notes;
      req.verb = http::method::get;
      req.target = base + protocol::notes_path(state_.id);
      return false;
    }
    p.note_id = pick_note().id;
    req.verb = m;
    req.target = base + protocol::note_path(state_.id, p.note_id);
    return true;
  };
  switch (op) {
    case operation::signup:
      req.verb = http::method::post;
      req.target = base + protocol::accounts_path();
      req.body = protocol::encode(protocol::credentials{state_.name, state_.password});
      req.token.clear();
      break;
    case operation::login:
      req.verb = http::method::post;
      req.target = base + protocol::sessions_path();
      req.body = protocol::encode(protocol::credentials{state_.name, state_.password});
      req.token.clear();
      break;
    case operation::logout:
      req.verb = http::method::del;
      req.target = base + protocol::current_session_path();
      break;
    case operation::read_account:
      req.verb = http::method::get;
      req.target = base + protocol::account_path(state_.id);
      break;
    case operation::update_account:
      req.verb = http::method::put;
      req.target = base + protocol::account_path(state_.id);
      p.new_name = settings_->name_prefix + "-" + std::to_string(state_.index)
                   + "-r" + std::to_string(++state_.writes);
      req.body = protocol::encode(protocol::account_update{p.new_name});
      break;
    case operation::create_note: {
      req.verb = http::method::post;
      req.target = base + protocol::notes_path(state_.id);
      auto content = next_content();
      p.content = protocol::hash_content(content);
      req.body = protocol::encode(protocol::note_content{std::move(content)});
      break;
    }
    case operation::read_note:
      // Now and then read back a deleted note: it must stay gone.
      if (!state_.deleted.empty() && rng_.below(10) == 0) {
        p.note_id = state_.deleted[rng_.below(state_.deleted.size())];
        req.verb = http::method::get;
        req.target = base + protocol::note_path(state_.id, p.note_id);
        break;
      }
      note_op(http::method::get);
      break;
    case operation::update_note:
      if (note_op(http::method::put)) {
        auto content = next_content();
        p.content = protocol::hash_content(content);
        req.body = protocol::encode(protocol::note_content{std::move(content)});
      }
      break;
    case operation::delete_note:
      note_op(http::method::del);
      break;
    case operation::list_notes:
      req.verb = http::method::get;
      req.target = base + protocol::notes_path(state_.id);
      break;
  }
  return p;
}

answer_outcome account::apply(const planned_request& p, const http::response& r) {
  answer_outcome out;
  const bool unknown = http::service_failed(r);
  const int status = r.error == http::failure::none ? r.status : 0;
  if (!r.shard.empty() && r.shard != state_.shard)
    state_.shard = r.shard;
  if (status == 401 && p.op != operation::signup && p.op != operation::login)
    state_.token.clear();
  auto bad_json = [&out] { out.protocol_error = true; };
  if (!p.probe_account.empty()) {
    apply_probe(p, status, r, out);
    if (!state_.token.empty())
      ++state_.ops_since_login;
    return out;
  }
  switch (p.op) {
    case operation::signup: {
      protocol::account_created x;
      if (status == 201 && decode_into(r, x)) {
        state_.id = std::move(x.id);
        state_.token = std::move(x.token);
        state_.signup_unknown = false;
        state_.ops_since_login = 0;
        if (settings_->directory != nullptr)
          settings_->directory->publish(state_.id, {});
      } else {
        if (status == 201)
          bad_json();
        // The account may exist (unknown outcome, or 409 after an earlier
        // unknown sign-up): log in to find out.
        if (unknown || status == 201 || status == 409)
          state_.signup_unknown = true;
      }
      break;
    }
    case operation::login: {
      protocol::session_created x;
      if (status == 201 && decode_into(r, x)) {
        // A sign-up of unknown outcome turned out to have happened.
        if (!state_.has_account() && settings_->directory != nullptr)
          settings_->directory->publish(x.account_id, {});
        state_.id = std::move(x.account_id);
        state_.token = std::move(x.token);
        state_.signup_unknown = false;
        state_.ops_since_login = 0;
      } else if (status == 201) {
        bad_json();
      } else if (status == 401) {
        if (!state_.has_account()) {
          state_.signup_unknown = false; // the sign-up never happened
        } else if (!state_.rename_unknown.empty()) {
          // A rename of unknown outcome: the other name is worth one try.
          state_.name = std::exchange(state_.rename_unknown, std::string{});
        } else {
          checker_.account_lost(state_, r.shard, out.violations);
          // A new name, in case the service still holds the old one.
          state_.name = settings_->name_prefix + "-" + std::to_string(state_.index)
                        + "-n" + std::to_string(++state_.writes);
        }
      }
      break;
    }
    case operation::logout:
      if (status == 204 || unknown)
        state_.token.clear();
      break;
    case operation::read_account: {
      protocol::account_info x;
      if (status == 200) {
        if (!decode_into(r, x)) {
          bad_json();
        } else if (!state_.rename_unknown.empty()) {
          if (x.name == state_.rename_unknown)
            state_.name = std::move(state_.rename_unknown);
          state_.rename_unknown.clear();
        }
      }
      break;
    }
    case operation::update_account: {
      protocol::account_info x;
      if (status == 200) {
        if (!decode_into(r, x))
          bad_json();
        state_.name = p.new_name;
        state_.rename_unknown.clear();
      } else if (unknown) {
        state_.rename_unknown = p.new_name;
      }
      break;
    }
    case operation::create_note: {
      protocol::note x;
      if (status == 201 && decode_into(r, x)) {
        if (settings_->directory != nullptr)
          settings_->directory->publish(state_.id, x.id);
        checker_.created(state_, std::move(x.id), p.content);
      }
      else if (status == 201 || unknown) {
        if (status == 201)
          bad_json();
        checker_.create_unknown(state_, p.content);
      }
      break;
    }
    case operation::read_note: {
      protocol::note x;
      if (status == 200) {
        if (decode_into(r, x))
          checker_.check_read(state_, p.op, p.note_id,
                              protocol::hash_content(x.content), r.shard,
                              out.violations);
        else
          bad_json();
      } else if (status == 404) {
        checker_.check_read(state_, p.op, p.note_id, std::nullopt, r.shard,
                            out.violations);
      }
      break;
    }
    case operation::update_note: {
      protocol::note x;
      if (status == 200 && decode_into(r, x))
        checker_.updated(state_, p.note_id, p.content);
      else if (status == 200 || unknown) {
        if (status == 200)
          bad_json();
        checker_.update_unknown(state_, p.note_id, p.content);
      } else if (status == 404) {
        checker_.check_read(state_, p.op, p.note_id, std::nullopt, r.shard,
                            out.violations);
      }
      break;
    }
    case operation::delete_note:
      if (status == 204)
        checker_.deleted(state_, p.note_id);
      else if (unknown)
        checker_.delete_unknown(state_, p.note_id);
      else if (status == 404)
        checker_.check_read(state_, p.op, p.note_id, std::nullopt, r.shard,
                            out.violations);
      break;
    case operation::list_notes: {
      protocol::note_list x;
      if (status == 200) {
        if (decode_into(r, x))
          checker_.check_list(state_, x, r.shard, out.violations);
        else
          bad_json();
      }
      break;
    }
  }
  if (state_.has_account() && !state_.token.empty())
    ++state_.ops_since_login;
  return out;
}

} // namespace throng::actors
