// The client pool worker actor (client_pool_actor.hpp).

#include "actors/client_pool_actor.hpp"

#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace throng::actors {

namespace {

constexpr auto flush_interval = std::chrono::seconds(1);

stats::request_sample sample_of(const pool_request& r, const model::answer& a) {
  stats::request_sample s;
  s.op = r.kind.op;
  s.error = a.error;
  s.status = a.status;
  s.status_class = model::status_class(a);
  s.unknown_outcome = protocol::is_write(r.kind.op) && a.result == model::outcome::unknown;
  s.shard = a.shard.empty() ? std::string_view{r.shard} : std::string_view{a.shard};
  auto us = [](std::int64_t from, std::int64_t to) {
    return to > from ? static_cast<std::uint64_t>((to - from) / 1000) : 0;
  };
  s.latency_us = us(r.intended_ns, a.received_ns);
  s.service_us = a.sent_ns != 0 ? us(a.sent_ns, a.received_ns) : s.latency_us;
  return s;
}

void flush(pool_figures& f, const caf::actor& sink) {
  if (f.stats.total == 0)
    return;
  caf::anon_send(sink, stats_delta{std::exchange(f.stats, stats::run_stats{}),
                                   std::exchange(f.series, stats::time_series{})});
}

} // namespace

caf::behavior client_pool_actor(caf::stateful_actor<client_pool_actor_state>* self,
                                std::shared_ptr<client_pool_actor_args> args) {
  auto& init = self->state;
  init.figures = std::make_unique<pool_figures>();
  init.figures->control = args->control;
  init.figures->shards = args->shards;
  init.pool = std::move(args->pool);
  init.stats = std::move(args->stats);
  self->set_default_handler(caf::drop);
  self->delayed_send(self, flush_interval, flush_atom::value);
  return {
    [self](pool_request& r) {
      auto& st = self->state;
      // Drained: the run is over. A request an account sent as the run
      // stopped is abandoned, as those still in flight are.
      if (!st.pool)
        return;
      auto account = caf::actor_cast<caf::actor>(self->current_sender());
      auto* figures = st.figures.get();
      auto req = std::move(r.req);
      st.pool->submit(std::move(req), [figures, account, r = std::move(r)](
                                        http::response resp) mutable {
        if (figures->draining.load(std::memory_order_relaxed))
          return;
        auto a = model::read_answer(r.kind, std::move(resp));
        if (!a.shard.empty())
          a.shard = figures->shards->name_of(a.shard);
        // The seed-data phase has figures of its own.
        if (!r.seed) {
          auto s = sample_of(r, a);
          figures->stats.record(s);
          figures->series.record(figures->control->second_of(a.received_ns), s.op,
                                 s.shard, s.error.has_value(), s.latency_us);
        }
        if (account)
          caf::anon_send(account, pool_response{std::move(a)});
      });
    },
    [self](flush_atom) {
      auto& st = self->state;
      if (!st.pool)
        return;
      st.pool->post([f = st.figures.get(), sink = st.stats] { flush(*f, sink); });
      self->delayed_send(self, flush_interval, flush_atom::value);
    },
    [self](drain_atom) {
      auto& st = self->state;
      if (st.pool) {
        st.figures->draining = true;
        st.pool->stop();
        // The I/O thread is joined: its figures are ours now.
        flush(*st.figures, st.stats);
        st.pool.reset();
      }
      return caf::ok_atom::value;
    },
  };
}

} // namespace throng::actors
