// Tests of the embedded dashboard files: each is there and not empty, each
// has its type, and the page refers only to files that are embedded.

#include "web/assets.hpp"

#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace throng::web {
namespace {

TEST(assets, every_file_is_embedded_with_its_type) {
  std::set<std::string> paths;
  for (const auto& a : assets()) {
    EXPECT_FALSE(a.body.empty()) << a.path;
    paths.insert(std::string{a.path});
    auto ext = a.path.substr(a.path.rfind('.') + 1);
    if (a.path == "/")
      EXPECT_EQ(a.content_type, "text/html; charset=utf-8");
    else if (ext == "js")
      EXPECT_EQ(a.content_type, "text/javascript; charset=utf-8") << a.path;
    else
      EXPECT_EQ(a.content_type, "text/css; charset=utf-8") << a.path;
  }
  EXPECT_EQ(paths, (std::set<std::string>{"/", "/assets/dashboard.js", "/assets/dashboard.css",
                                          "/assets/dygraph.js", "/assets/dygraph.css"}));
}

TEST(assets, the_page_refers_only_to_embedded_files) {
  std::string page;
  std::set<std::string> paths;
  for (const auto& a : assets()) {
    paths.insert(std::string{a.path});
    if (a.path == "/")
      page = a.body;
  }
  const std::regex ref{R"re((?:src|href)="([^"]*)")re"};
  std::size_t refs = 0;
  for (std::sregex_iterator i{page.begin(), page.end(), ref}, end; i != end; ++i) {
    auto target = (*i)[1].str();
    if (target.rfind("data:", 0) == 0 || target.rfind("/download/", 0) == 0)
      continue;
    EXPECT_EQ(paths.count(target), 1u) << target << " is not embedded";
    EXPECT_EQ(target.find("//"), std::string::npos) << target << " would be fetched elsewhere";
    ++refs;
  }
  EXPECT_EQ(refs, 4u); // two scripts, two style sheets
}

} // namespace
} // namespace throng::web
