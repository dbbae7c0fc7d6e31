// Tests of the /metrics page's board: built only when read, from the latest
// figures, once per publish, and safe to read while the figures change.

#include "stats/metrics_board.hpp"

#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "stats/prometheus.hpp"

namespace throng::stats {
namespace {

stats::run_stats figures_of(std::uint64_t requests) {
  stats::run_stats s;
  for (std::uint64_t i = 0; i < requests; ++i)
    s.record({protocol::operation::read_note, std::nullopt, false, "shard-0", 1000, 800});
  return s;
}

bool has(const std::string& page, const std::string& what) {
  return page.find(what) != std::string::npos;
}

const std::string read_notes_key =
  "throng_requests_total{op=\"read_note\",status_class=\"2xx\",shard=\"shard-0\"} ";

std::string read_notes_line(std::uint64_t n) {
  return read_notes_key + std::to_string(n) + '\n';
}

/// Returns the read_note requests `page` counts; 0 for an empty page.
std::uint64_t read_notes_on(const std::string& page) {
  const auto at = page.find(read_notes_key);
  return at == std::string::npos ? 0 : std::stoull(page.substr(at + read_notes_key.size()));
}

TEST(metrics_board, builds_no_page_while_nobody_reads) {
  metrics_board board;
  for (std::uint64_t second = 1; second <= 5; ++second)
    board.publish(figures_of(second), 20, 0);
  EXPECT_EQ(board.pages_built(), 0u);
}

TEST(metrics_board, is_empty_before_the_first_publish) {
  metrics_board board;
  EXPECT_EQ(board.read(), "");
  EXPECT_EQ(board.pages_built(), 0u);
}

TEST(metrics_board, a_read_gets_the_latest_figures) {
  metrics_board board;
  board.publish(figures_of(3), 20, 0);
  board.publish(figures_of(7), 18, 4);
  auto page = board.read();
  EXPECT_EQ(board.pages_built(), 1u);
  EXPECT_TRUE(has(page, read_notes_line(7))) << page;
  EXPECT_TRUE(has(page, "throng_accounts_live 18\n")) << page;
  EXPECT_TRUE(has(page, "throng_tick_backlog 4\n")) << page;
  EXPECT_EQ(page, stats::prometheus_text(figures_of(7), 18, 4));
}

TEST(metrics_board, builds_a_page_once_per_publish) {
  metrics_board board;
  board.publish(figures_of(3), 20, 0);
  auto first = board.read();
  EXPECT_EQ(board.read(), first);
  EXPECT_EQ(board.pages_built(), 1u);
  board.publish(figures_of(9), 20, 0);
  EXPECT_TRUE(has(board.read(), read_notes_line(9)));
  EXPECT_EQ(board.pages_built(), 2u);
}

TEST(metrics_board, reads_while_the_figures_change_never_go_back) {
  metrics_board board;
  constexpr std::uint64_t last = 100;
  std::thread publisher{[&board] {
    for (std::uint64_t n = 1; n <= last; ++n)
      board.publish(figures_of(n), 20, 0);
  }};
  for (std::uint64_t seen = 0; seen < last;) {
    const auto shown = read_notes_on(board.read());
    ASSERT_GE(shown, seen);
    seen = shown;
  }
  publisher.join();
  EXPECT_EQ(board.read(), stats::prometheus_text(figures_of(last), 20, 0));
}

} // namespace
} // namespace throng::stats
