// One walk of a paged note list (list_walk.hpp).

#include "model/list_walk.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "protocol/text_template.hpp"

namespace throng::model {

namespace {

void append_param(std::string& out, std::string_view name, std::string_view value) {
  out += out.find('?') == std::string::npos ? '?' : '&';
  protocol::append_url_escaped(out, name);
  out += '=';
  protocol::append_url_escaped(out, value);
}

} // namespace

list_walk::list_walk(const list_paging& paging) noexcept
  : paging_(&paging),
    position_(paging.kind == page_kind::page ? paging.first_page : 0) {
}

std::string list_walk::target(std::string_view path) const {
  std::string out{path};
  const auto& p = *paging_;
  if (p.kind == page_kind::page || p.kind == page_kind::offset)
    append_param(out, p.param, std::to_string(position_));
  else if (p.kind == page_kind::cursor && pages_ > 0)
    append_param(out, p.param, cursor_);
  if (!p.size_param.empty())
    append_param(out, p.size_param, std::to_string(p.size));
  return out;
}

list_walk::progress list_walk::add_page(const answer_body& body) {
  const auto& p = *paging_;
  const auto n = body.notes.size();
  ++pages_;
  notes_.insert(notes_.end(), body.notes.begin(), body.notes.end());
  bool ended = false;
  if (p.kind == page_kind::cursor) {
    ended = !body.next.has_value();
    if (!ended) {
      // A cursor that does not move would ask for the same page forever.
      if (pages_ > 1 && *body.next == cursor_)
        return progress::cut;
      cursor_ = *body.next;
    }
  } else if (p.kind == page_kind::page || p.kind == page_kind::offset) {
    ended = n == 0 || (p.size > 0 && n < p.size);
    position_ += p.kind == page_kind::page ? 1 : n;
  } else {
    ended = true;
  }
  if (ended)
    return progress::done;
  return pages_ >= p.max_pages ? progress::cut : progress::more;
}

std::vector<listed_note> list_walk::take_notes() {
  auto notes = std::move(notes_);
  notes_.clear();
  // Sort the positions by id (then position), keep each id's first.
  std::vector<std::uint32_t> order(notes.size());
  std::iota(order.begin(), order.end(), 0U);
  std::sort(order.begin(), order.end(), [&notes](std::uint32_t a, std::uint32_t b) {
    return notes[a].id != notes[b].id ? notes[a].id < notes[b].id : a < b;
  });
  std::vector<bool> keep(notes.size(), false);
  for (std::size_t i = 0; i < order.size(); ++i)
    keep[order[i]] = i == 0 || notes[order[i]].id != notes[order[i - 1]].id;
  std::size_t w = 0;
  for (std::size_t r = 0; r < notes.size(); ++r)
    if (keep[r] && w++ != r)
      notes[w - 1] = std::move(notes[r]);
  notes.resize(w);
  return notes;
}

} // namespace throng::model
