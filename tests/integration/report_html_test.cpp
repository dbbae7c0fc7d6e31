// Renders report.html in Debian's headless chromium, checks that the charts
// are in the rendered page and saves a screenshot (a CI artifact, in
// <build>/artifacts/).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/build_paths.hpp"
#include "tests/temp_dir.hpp"

namespace {

const char* chromium = "/usr/bin/chromium";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

int sh(const std::string& cmd) {
  auto status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The flags that keep chromium from reaching for the network or a sandbox
// it cannot have as root in a container.
std::string chromium_cmd(const std::string& profile) {
  return std::string{"timeout 120 "} + chromium
         + " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
           " --disable-background-networking --disable-component-update --disable-sync"
           " --hide-scrollbars --user-data-dir="
         + profile;
}

TEST(report_html, renders_in_headless_chromium_with_its_charts) {
  ASSERT_TRUE(std::filesystem::exists(chromium))
    << "chromium is missing: run scripts/install-deps.sh test";
  throng::testing::temp_dir tmp;
  auto dir = tmp / "report-html";
  auto run = std::string{throng::testing::throng_binary()}
             + " run --accounts 30 --rpm 12000 --duration 3s --seed 9 --quiet --out " + dir
             + " >/dev/null 2>&1";
  ASSERT_EQ(sh(run), 0);
  auto page = "file://" + dir + "/report.html";
  auto profile = tmp / "chromium-profile";
  auto dom = tmp / "report-dom.html";
  ASSERT_EQ(sh(chromium_cmd(profile) + " --dump-dom " + page + " >" + dom + " 2>/dev/null"), 0);
  auto rendered = slurp(dom);
  for (auto id : {"chart-rates", "chart-percentiles", "chart-latency", "chart-shards",
                  "chart-violations"})
    EXPECT_EQ(count(rendered, std::string{"id=\""} + id + "\""), 1u) << id;
  EXPECT_GE(count(rendered, "<polyline class=\"series\""), 4u + 3u + 2u + 1u);
  EXPECT_NE(rendered.find("0 consistency violations"), std::string::npos);

  std::filesystem::create_directories(throng::testing::artifacts_dir());
  auto png = std::string{throng::testing::artifacts_dir()} + "/report.png";
  std::filesystem::remove(png);
  ASSERT_EQ(sh(chromium_cmd(profile) + " --window-size=1000,1500 --screenshot=" + png + " "
               + page + " >/dev/null 2>&1"),
            0);
  ASSERT_TRUE(std::filesystem::exists(png));
  EXPECT_GT(std::filesystem::file_size(png), 20'000u); // a page with charts, not a blank
  auto header = slurp(png).substr(0, 8);
  EXPECT_EQ(header, "\x89PNG\r\n\x1a\n");
}

} // namespace
