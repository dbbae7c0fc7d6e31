#pragma once

// One walk of an account's note list through the pages of a profile's API:
// the query of each page, when the list has ended, and the notes seen.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/answer.hpp"
#include "model/api_profile.hpp"

namespace throng::model {

/// One walk of a paged note list, page after page to its end, within the
/// profile's `max_pages`. It keeps the notes every page showed, in order,
/// and the query of the next page. A plain value owned by the account
/// walking; not thread-safe. The paging it is given must outlive it.
class list_walk {
public:
  /// What an answered page means for the walk.
  enum class progress : std::uint8_t {
    more, // the list goes on: ask for the next page
    done, // the list has ended: the walk saw all of it
    cut,  // the walk stops short of the end: the bound, or a cursor that
          // does not move
  };

  /// Starts a walk of pages `paging` (not page_kind::none).
  explicit list_walk(const list_paging& paging) noexcept;
  list_walk(list_paging&&) = delete; // it keeps a pointer

  /// Returns the target of the next page: `path` with the page's query
  /// appended (`?` or `&`, names and values url-escaped).
  std::string target(std::string_view path) const;

  /// Adds the notes of a page answered with success (`body.notes`, and
  /// `body.next` for a cursor) and says whether the list goes on.
  progress add_page(const answer_body& body);

  /// Returns the notes the walk saw, in order, each id once (its first
  /// sighting kept; a note a shifting page showed again is dropped), and
  /// leaves the walk empty. O(n log n).
  std::vector<listed_note> take_notes();

  /// Returns the number of pages answered so far.
  std::size_t pages() const noexcept { return pages_; }

  /// Returns whether the step that asked for the list was chained.
  bool chain() const noexcept { return chain_; }

  /// Says whether the step that asked for the list was chained.
  void chain_after(bool chain) noexcept { chain_ = chain; }

private:
  const list_paging* paging_;
  std::size_t pages_ = 0;
  std::size_t position_ = 0; // the next page's number or offset
  std::string cursor_;       // the next page's cursor; empty: the first page
  std::vector<listed_note> notes_;
  bool chain_ = false;
};

} // namespace throng::model
