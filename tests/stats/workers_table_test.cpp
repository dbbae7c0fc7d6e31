// Tests of the workers table's columns and rows.

#include "stats/workers_table.hpp"

#include <gtest/gtest.h>

namespace throng::stats {
namespace {

worker_figures busy_worker() {
  worker_figures w;
  w.name = "127.0.0.1:4101";
  w.accounts = 500;
  w.requests = 20'000;
  w.rate = 1999.996;
  w.cpu_s = 1.5;
  w.max_rss_kb = 51'200;
  w.tick_lateness_p99_us = 1250;
  return w;
}

TEST(workers_table, has_one_heading_per_cell) {
  const std::vector<std::string> header{"worker", "accounts", "requests", "rate/s", "cpu s",
                                        "cpu us/request", "max rss MiB",
                                        "tick lateness p99 ms", "state"};
  EXPECT_EQ(workers_table_header(), header);
  EXPECT_EQ(workers_table_row(busy_worker()).size(), header.size());
}

TEST(workers_table, formats_a_row_as_the_console_report_does) {
  const std::vector<std::string> row{"127.0.0.1:4101", "500", "20000", "2000.00", "1.50",
                                     "75.00", "50.00", "1.25", "ok"};
  EXPECT_EQ(workers_table_row(busy_worker()), row);
}

TEST(workers_table, cpu_per_request_is_zero_without_requests) {
  auto w = busy_worker();
  EXPECT_DOUBLE_EQ(cpu_us_per_request(w), 75.0);
  w.requests = 0;
  EXPECT_DOUBLE_EQ(cpu_us_per_request(w), 0.0);
  EXPECT_EQ(workers_table_row(w)[5], "0.00");
}

TEST(workers_table, state_says_ok_or_why_the_worker_was_lost) {
  auto w = busy_worker();
  EXPECT_EQ(worker_state(w), "ok");
  w.lost = true;
  EXPECT_EQ(worker_state(w), "lost");
  w.lost_reason = "silent for 10 s";
  EXPECT_EQ(worker_state(w), "lost: silent for 10 s");
  EXPECT_EQ(workers_table_row(w).back(), "lost: silent for 10 s");
}

} // namespace
} // namespace throng::stats
