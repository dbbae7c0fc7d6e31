// The walk of `throng check-api` (api_check.hpp).

#include "model/api_check.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "model/list_walk.hpp"

namespace throng::model {

using protocol::operation;
using verdict = api_check_step::verdict;

namespace {

constexpr std::size_t shown_body = 200;
// A fresh account has one note: a longer walk means pages that never end.
constexpr std::size_t max_check_pages = 20;

std::string shown(const http::response& r) {
  if (r.error != http::failure::none)
    return std::string{http::to_string(r.error)};
  auto s = std::to_string(r.status);
  if (!r.body.empty()) {
    s += ' ';
    s.append(r.body, 0, std::min(r.body.size(), shown_body));
    if (r.body.size() > shown_body)
      s += "...";
  }
  return s;
}

std::string status_list(const status_set& s) {
  std::string out;
  for (int c : s.codes)
    out += (out.empty() ? "" : " or ") + std::to_string(c);
  return out.empty() ? "none" : out;
}

void fail(api_check_step& s, std::string why) {
  if (s.result == verdict::mismatched)
    return; // the first problem is the one to fix
  s.result = verdict::mismatched;
  s.problem = std::move(why);
}

} // namespace

api_check::api_check(const api_profile& profile, std::string name)
  : profile_(&profile), name_(std::move(name)), password_("check-api-secret-1") {}

api_check_step api_check::step(operation op, std::string label) const {
  api_check_step s;
  s.op = op;
  s.label = std::move(label);
  if (!profile_->has(op))
    s.problem = "the profile has no " + std::string{protocol::to_string(op)};
  return s;
}

api_check::sent api_check::send_step(const exchange& send, api_check_step& s,
                                     const list_walk* walk) {
  const auto& m = profile_->at(s.op);
  protocol::template_values v{name_, password_, content_, account_id_, note_id_};
  http::request req;
  req.verb = m.verb;
  req.target = m.path.render(v);
  if (walk != nullptr)
    req.target = walk->target(req.target);
  if (!m.body.empty())
    req.body = m.body.render(v);
  req.token = token_;
  s.request = std::string{http::to_string(req.verb)} + " " + req.target;
  s.sent_body = req.body;
  sent r;
  r.response = send(req);
  s.answer = shown(r.response);
  s.result = verdict::matched;
  if (r.response.error == http::failure::none && m.success.contains(r.response.status))
    r.body = protocol::extract_answer(r.response.body, m.answer);
  return r;
}

void api_check::expect_success(api_check_step& s, const sent& r) {
  const auto& m = profile_->at(s.op);
  if (r.response.error != http::failure::none)
    return fail(s, "no answer: " + std::string{http::to_string(r.response.error)});
  if (!m.success.contains(r.response.status))
    return fail(s, "status " + std::to_string(r.response.status) + ", the profile's success is "
                     + status_list(m.success));
  if (!r.body)
    fail(s, "answer: " + r.body.error());
}

void api_check::expect_refusal(api_check_step& s, const sent& r, const status_set& want,
                               std::string_view what) {
  if (r.response.error != http::failure::none)
    return fail(s, "no answer: " + std::string{http::to_string(r.response.error)});
  if (!want.contains(r.response.status))
    fail(s, "status " + std::to_string(r.response.status) + ", the profile's " + std::string{what}
              + " is " + status_list(want));
}

void api_check::check_value(api_check_step& s, std::string_view field, std::string_view got,
                            std::string_view want) {
  if (got != want)
    fail(s, std::string{field} + ": \"" + std::string{got} + "\", expected \"" + std::string{want}
              + "\"");
}

std::vector<api_check_step> api_check::run(const exchange& send) {
  std::vector<api_check_step> out;
  walk_account(send, out);
  if (token_.empty()) {
    auto rest = step(operation::create_note, "every other operation");
    rest.problem = "no session: neither the sign-up nor the log-in gave one";
    out.push_back(std::move(rest));
    return out;
  }
  walk_notes(send, out);
  walk_list(send, out);
  walk_end(send, out);
  return out;
}

void api_check::walk_account(const exchange& send, std::vector<api_check_step>& out) {
  const bool cookie = profile_->style.auth == http::auth_style::cookie;
  auto credentials = [&](operation op) {
    auto s = step(op, std::string{protocol::to_string(op)});
    auto r = send_step(send, s);
    expect_success(s, r);
    if (r.body) {
      if (r.body->account_id.empty())
        fail(s, "answer.account_id: empty");
      else if (!account_id_.empty())
        check_value(s, "answer.account_id", r.body->account_id, account_id_);
      account_id_ = r.body->account_id;
      auto token = cookie ? r.response.session : r.body->token;
      if (token.empty())
        fail(s, cookie ? "no Set-Cookie of " + profile_->style.session_cookie
                       : std::string{"answer.token: empty"});
      if (!token.empty())
        token_ = std::move(token);
    }
    out.push_back(std::move(s));
  };
  credentials(operation::signup);
  credentials(operation::login);
  if (token_.empty())
    return;
  auto read = [&](std::string label) {
    auto s = step(operation::read_account, std::move(label));
    if (s.problem.empty()) {
      auto r = send_step(send, s);
      expect_success(s, r);
      if (r.body && profile_->at(operation::read_account).answer.name)
        check_value(s, "answer.name", r.body->name, name_);
    }
    out.push_back(std::move(s));
  };
  read("read_account");
  auto s = step(operation::update_account, "update_account");
  if (s.problem.empty()) {
    name_ += "-r";
    auto r = send_step(send, s);
    expect_success(s, r);
    if (r.body && profile_->at(operation::update_account).answer.name)
      check_value(s, "answer.name", r.body->name, name_);
    out.push_back(std::move(s));
    read("read_account (after the rename)");
  } else {
    out.push_back(std::move(s));
  }
}

void api_check::walk_notes(const exchange& send, std::vector<api_check_step>& out) {
  {
    auto s = step(operation::create_note, "create_note");
    content_ = "check-api note 1 of " + name_;
    auto r = send_step(send, s);
    expect_success(s, r);
    if (r.body) {
      if (r.body->note_id.empty())
        fail(s, "answer.note_id: empty");
      note_id_ = r.body->note_id;
      if (r.body->content)
        check_value(s, "answer.content", *r.body->content, content_);
    }
    out.push_back(std::move(s));
  }
  auto read = [&](std::string label) {
    auto s = step(operation::read_note, std::move(label));
    if (note_id_.empty())
      s.problem = "no note id: the create did not give one";
    if (s.problem.empty()) {
      auto r = send_step(send, s);
      expect_success(s, r);
      if (r.body && !r.body->note_id.empty())
        check_value(s, "answer.note_id", r.body->note_id, note_id_);
      if (r.body)
        check_value(s, "answer.content", r.body->content.value_or(""), content_);
    }
    out.push_back(std::move(s));
  };
  read("read_note");
  auto u = step(operation::update_note, "update_note");
  if (note_id_.empty() && u.problem.empty())
    u.problem = "no note id: the create did not give one";
  if (u.problem.empty()) {
    content_ += ", updated";
    auto r = send_step(send, u);
    expect_success(u, r);
    if (r.body && r.body->content)
      check_value(u, "answer.content", *r.body->content, content_);
    out.push_back(std::move(u));
    read("read_note (after the update)");
  } else {
    out.push_back(std::move(u));
  }
}

void api_check::walk_list(const exchange& send, std::vector<api_check_step>& out) {
  auto paging = profile_->paging;
  paging.max_pages = std::min(paging.max_pages, max_check_pages);
  std::optional<list_walk> walk;
  if (paging.kind != page_kind::none)
    walk.emplace(paging);
  bool found = note_id_.empty();
  for (std::size_t page = 1;; ++page) {
    auto label = page == 1 ? std::string{"list_notes"}
                           : "list_notes (page " + std::to_string(page) + ")";
    auto s = step(operation::list_notes, std::move(label));
    auto r = send_step(send, s, walk ? &*walk : nullptr);
    expect_success(s, r);
    auto progress = list_walk::progress::done;
    if (r.body) {
      answer_body seen;
      for (const auto& item : r.body->items) {
        seen.notes.push_back({item.id, {}});
        if (item.id != note_id_)
          continue;
        found = true;
        if (profile_->lists_carry_content)
          check_value(s, "answer.item_content", item.content.value_or(""), content_);
      }
      seen.next = r.body->next;
      if (walk)
        progress = walk->add_page(seen);
    }
    if (progress == list_walk::progress::cut)
      fail(s, "the list did not end within " + std::to_string(paging.max_pages)
                + " pages, or its cursor did not move");
    if (progress != list_walk::progress::more && !found)
      fail(s, "answer.items: the note " + note_id_ + " is not in the list");
    out.push_back(std::move(s));
    if (progress != list_walk::progress::more)
      return;
  }
}

void api_check::walk_end(const exchange& send, std::vector<api_check_step>& out) {
  auto d = step(operation::delete_note, "delete_note");
  if (note_id_.empty() && d.problem.empty())
    d.problem = "no note id: the create did not give one";
  const bool deleted = d.problem.empty();
  if (deleted)
    expect_success(d, send_step(send, d));
  out.push_back(std::move(d));
  auto gone = step(operation::read_note, "read_note (deleted: not found expected)");
  if (!deleted && gone.problem.empty())
    gone.problem = "the note was not deleted";
  if (gone.problem.empty())
    expect_refusal(gone, send_step(send, gone), profile_->at(operation::read_note).not_found,
                   "not_found");
  out.push_back(std::move(gone));
  auto l = step(operation::logout, "logout");
  const bool logged_out = l.problem.empty();
  if (logged_out)
    expect_success(l, send_step(send, l));
  out.push_back(std::move(l));
  auto after = step(operation::list_notes, "list_notes (after the log-out: unauthorized expected)");
  if (!logged_out)
    after.problem = "no log-out";
  if (after.problem.empty())
    expect_refusal(after, send_step(send, after), profile_->at(operation::list_notes).unauthorized,
                   "unauthorized");
  out.push_back(std::move(after));
}

bool api_check::all_matched(const std::vector<api_check_step>& steps) noexcept {
  bool any = false;
  for (const auto& s : steps) {
    if (s.result == verdict::mismatched)
      return false;
    any = any || s.result == verdict::matched;
  }
  return any;
}

} // namespace throng::model
