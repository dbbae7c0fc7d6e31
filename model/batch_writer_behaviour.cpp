// The `batch-writer` behaviour (batch_writer_behaviour.hpp).

#include "model/batch_writer_behaviour.hpp"

namespace throng::model {

behaviour_result batch_writer_behaviour::create(const population_spec& p) {
  return create_as<batch_writer_behaviour>("batch-writer", p);
}

step batch_writer_behaviour::next(const account_state& s, rng& r,
                                  const behaviour_context& c) const {
  auto window = static_cast<std::uint64_t>(elapsed_ns(s, c) / period_ns());
  auto due = (window + 1) * burst();
  auto done = writes_done(s);
  if (done >= due)
    return step::rest();
  return step::of(pick_write(s, r), done + 1 < due);
}

} // namespace throng::model
