#include "actors/client_pool_actor.hpp"

#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace throng::actors {

namespace {

constexpr auto flush_interval = std::chrono::seconds(1);

// A refusal the account asked for: a read of a note it deleted (404), a
// probe of another account's data (401, 403, 404). Not an error.
bool expected_refusal(const pool_request& r, int status) {
  if (r.probe)
    return status == 401 || status == 403 || status == 404;
  return status == 404 && r.expect_not_found;
}

stats::request_sample sample_of(const pool_request& r, const http::response& resp) {
  stats::request_sample s;
  s.op = r.op;
  s.status_class = resp.error != http::failure::none ? http::to_string(resp.error)
                   : resp.status >= 500                ? "5xx"
                   : resp.status >= 400                ? "4xx"
                   : resp.status >= 300                ? "3xx"
                                                       : "2xx";
  switch (resp.error) {
    case http::failure::none:
      if (resp.status >= 500)
        s.error = stats::error_kind::status_5xx;
      else if (resp.status >= 400 && !expected_refusal(r, resp.status))
        s.error = stats::error_kind::status_4xx;
      break;
    case http::failure::connect:
      s.error = stats::error_kind::connect;
      break;
    case http::failure::timeout:
      s.error = stats::error_kind::timeout;
      break;
    case http::failure::reset:
      s.error = stats::error_kind::reset;
      break;
    case http::failure::protocol:
      s.error = stats::error_kind::protocol;
      break;
  }
  // A request that never got a connection was never sent: its outcome is
  // known.
  s.unknown_outcome = protocol::is_write(r.op)
                      && resp.error != http::failure::connect
                      && http::service_failed(resp);
  auto us = [](std::int64_t from, std::int64_t to) {
    return to > from ? static_cast<std::uint64_t>((to - from) / 1000) : 0;
  };
  s.latency_us = us(r.intended_ns, resp.received_ns);
  s.service_us = resp.sent_ns != 0 ? us(resp.sent_ns, resp.received_ns)
                                   : s.latency_us;
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
        if (r.seed) {
          // The seed-data phase has figures of its own.
          if (account)
            caf::anon_send(account, pool_response{std::move(resp)});
          return;
        }
        auto s = sample_of(r, resp);
        s.shard = resp.shard.empty() ? std::string_view{r.shard}
                                     : std::string_view{resp.shard};
        figures->stats.record(s);
        figures->series.record(figures->control->second_of(resp.received_ns), s.op,
                               s.shard, s.error.has_value(), s.latency_us);
        if (account)
          caf::anon_send(account, pool_response{std::move(resp)});
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
