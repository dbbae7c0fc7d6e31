// The client pool the accounts of a run send through (metered_pool.hpp).

#include "actors/metered_pool.hpp"

#include <utility>

#include <caf/all.hpp>

#include "actors/io_scheduler.hpp"
#include "actors/messages.hpp"

namespace throng::actors {

metered_pool::metered_pool(std::unique_ptr<http::client_pool> pool,
                           const run_control& control, stats::shard_names& shards)
  : shards_(shards), figures_(control), pool_(std::move(pool)) {
}

metered_pool::~metered_pool() {
  draining_ = true;
  pool_->stop();
}

void metered_pool::submit(pool_request r, caf::actor account) {
  auto req = std::move(r.req);
  pool_->submit(std::move(req), [this, account = std::move(account),
                                 r = std::move(r)](http::response resp) {
    // Also what a submit that met the stopped pool gets, on its own thread:
    // draining_ is set by then.
    if (draining_.load(std::memory_order_relaxed))
      return;
    answered(r, std::move(resp), account);
  });
}

void metered_pool::answered(const pool_request& r, http::response resp,
                            const caf::actor& account) {
  auto a = model::read_answer(r.kind, std::move(resp));
  if (!a.shard.empty())
    a.shard = shards_.name_of(a.shard);
  // The seed-data phase has figures of its own.
  if (!r.seed)
    figures_.count(r, a);
  // On its I/O thread the account runs at once (io_scheduler::here()).
  account->enqueue(caf::make_mailbox_element(nullptr, caf::make_message_id(), {},
                                             pool_response{std::move(a)}),
                   io_scheduler::here());
}

void metered_pool::flush(const caf::actor& stats) {
  if (draining_.load(std::memory_order_relaxed))
    return;
  pool_->post([this, stats] {
    if (auto delta = figures_.take())
      caf::anon_send(stats, std::move(*delta));
  });
}

void metered_pool::drain(const caf::actor& stats) {
  if (draining_.exchange(true))
    return;
  pool_->stop();
  // The I/O thread is joined: the figures are this thread's now.
  if (auto delta = figures_.take())
    caf::anon_send(stats, std::move(*delta));
}

} // namespace throng::actors
