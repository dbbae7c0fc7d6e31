// The `stream-writer` behaviour (stream_writer_behaviour.hpp).

#include "model/stream_writer_behaviour.hpp"

namespace throng::model {

behaviour_result stream_writer_behaviour::create(const population_spec& p) {
  return create_as<stream_writer_behaviour>("stream-writer", p);
}

step stream_writer_behaviour::next(const account_state& s, rng& r,
                                   const behaviour_context& c) const {
  // Writes due by now: those whose time k * period / burst has come. In
  // 128 bits, as elapsed * burst overflows 64 after a few hours.
  __extension__ using wide = unsigned __int128;
  auto elapsed = static_cast<wide>(elapsed_ns(s, c));
  auto due = elapsed * burst() / static_cast<wide>(period_ns()) + 1;
  if (writes_done(s) >= due)
    return step::rest();
  return step::of(pick_write(s, r));
}

} // namespace throng::model
