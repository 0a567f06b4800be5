// The report in a real browser: headless Chromium (Debian's `chromium`, installed by
// tools/install-deps.sh) loads a report built from the synthetic batch and we check that
// - it runs without console errors (a page with a deliberate error shows that the check works),
// - the inline script ran and the DOM holds the summary, the maps, the charts and the tables,
// - the screenshot is not blank: it shows the map's background and the summary's dots, which a
//   blank page screenshot taken the same way does not,
// - the summary alone prints on at most two A4 pages (print-to-PDF; the whole report on more).
// Skipped with a message when Chromium is absent. CORRIDOR_CHROMIUM overrides the binary.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "png_decode.hpp"
#include "report/report.hpp"
#include "synthetic_report.hpp"

namespace corridor::report {
namespace {

namespace fs = std::filesystem;

std::string chromium_binary() {
  const char* env = std::getenv("CORRIDOR_CHROMIUM");
  const std::string bin = env && *env ? env : "/usr/bin/chromium";
  return ::access(bin.c_str(), X_OK) == 0 ? bin : std::string();
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Lines Chromium logs for the page's console (errors, failed loads): "...:CONSOLE...".
std::string console_lines(const std::string& log) {
  std::string out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find(":CONSOLE") != std::string::npos) out += line + "\n";
  return out;
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = chromium_binary();
    if (bin_.empty())
      GTEST_SKIP() << "chromium not installed: run tools/install-deps.sh (Debian package "
                      "'chromium') or set CORRIDOR_CHROMIUM to a Chromium binary";
    dir_ = fs::temp_directory_path() /
           ("corridor-browser-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty() && !::testing::Test::HasFailure()) fs::remove_all(dir_);
  }

  // Runs Chromium headless on `page` with a fresh profile; stdout and stderr go to files named
  // after `tag`. Returns the exit status.
  int run(const std::string& tag, const fs::path& page, const std::string& args) {
    const fs::path profile = dir_ / ("profile-" + tag);
    const std::string cmd =
        "timeout 120 '" + bin_ +
        "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--hide-scrollbars --enable-logging=stderr --v=0 --user-data-dir='" +
        profile.string() + "' " + args + " 'file://" + page.string() + "' > '" +
        (dir_ / (tag + ".out")).string() + "' 2> '" + (dir_ / (tag + ".err")).string() + "'";
    return std::system(cmd.c_str());
  }
  std::string out(const std::string& tag) { return read_text(dir_ / (tag + ".out")); }
  std::string err(const std::string& tag) { return read_text(dir_ / (tag + ".err")); }

  fs::path write_report() {
    const auto g = testing::synthetic_geometry();
    const auto b = testing::synthetic_batch(g);
    html_ = render_report_html(b, g);
    const fs::path page = dir_ / "report.html";
    write_report_html(page, b, g);
    return page;
  }

  std::string bin_;
  fs::path dir_;
  std::string html_;
};

TEST_F(Browser, ConsoleErrorCheckCatchesAnError) {
  const fs::path page = dir_ / "broken.html";
  std::ofstream(page) << "<!DOCTYPE html><html><body><p>x</p><script>notDefined();</script>"
                         "</body></html>";
  ASSERT_EQ(run("broken", page, "--dump-dom"), 0) << err("broken");
  EXPECT_NE(console_lines(err("broken")).find("Uncaught"), std::string::npos) << err("broken");
}

TEST_F(Browser, ReportLoadsWithoutErrorsAndHasMapChartsTables) {
  const fs::path page = write_report();
  ASSERT_EQ(run("dom", page, "--dump-dom"), 0) << err("dom");
  EXPECT_EQ(console_lines(err("dom")), "");
  const std::string dom = out("dom");
  EXPECT_NE(dom.find("data-report-ready=\"1\""), std::string::npos) << dom.substr(0, 400);
  // The browser's counts agree with the document we wrote.
  EXPECT_NE(dom.find("data-svg-count=\"" + std::to_string(count(html_, "<svg ")) + "\""),
            std::string::npos);
  EXPECT_NE(dom.find("data-table-count=\"" + std::to_string(count(html_, "<table")) + "\""),
            std::string::npos);
  for (const char* id : {"summary", "summary-bc", "summary-table", "map-region", "ranking-table",
                         "s1-knoop-reusel-map-flows", "s2-snelbus-eindhoven-turnhout-map-zones",
                         "s2-snelbus-eindhoven-turnhout-od", "s1-knoop-reusel-convergence"})
    EXPECT_NE(dom.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_NE(dom.find("snelbus-eindhoven-turnhout</td>"), std::string::npos);
}

TEST_F(Browser, ScreenshotShowsTheMapAndTheChart) {
  const fs::path page = write_report();
  const fs::path blank = dir_ / "blank.html";
  std::ofstream(blank) << "<!DOCTYPE html><html><body></body></html>";
  const std::string size = "--window-size=1280,4000";
  ASSERT_EQ(run("shot", page, "--screenshot='" + (dir_ / "report.png").string() + "' " + size), 0)
      << err("shot");
  ASSERT_EQ(run("blank", blank, "--screenshot='" + (dir_ / "blank.png").string() + "' " + size), 0)
      << err("blank");
  EXPECT_EQ(console_lines(err("shot")), "");

  testing::Image shot, empty;
  ASSERT_TRUE(testing::decode_png((dir_ / "report.png").string(), shot));
  ASSERT_TRUE(testing::decode_png((dir_ / "blank.png").string(), empty));
  ASSERT_EQ(shot.width, 1280U);
  ASSERT_EQ(shot.height, 4000U);

  struct Stats {
    double non_white = 0;
    std::size_t map_background = 0, bar_blue = 0, distinct = 0;
  };
  auto stats = [](const testing::Image& img) {
    Stats s;
    std::set<std::uint32_t> colours;
    auto near = [](const std::uint8_t* px, int r, int g, int b) {
      return std::abs(px[0] - r) <= 3 && std::abs(px[1] - g) <= 3 && std::abs(px[2] - b) <= 3;
    };
    const std::size_t n = std::size_t{img.width} * img.height;
    std::size_t non_white = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* px = &img.pixels[i * img.channels];
      if (!(px[0] > 250 && px[1] > 250 && px[2] > 250)) ++non_white;
      if (near(px, 0xf8, 0xf8, 0xf4) && !(px[2] > 250)) ++s.map_background;
      if (near(px, 0x21, 0x66, 0xac)) ++s.bar_blue;
      if (colours.size() < 4096) colours.insert((px[0] << 16) | (px[1] << 8) | px[2]);
    }
    s.non_white = static_cast<double>(non_white) / static_cast<double>(n);
    s.distinct = colours.size();
    return s;
  };
  const Stats r = stats(shot), b = stats(empty);
  EXPECT_LT(b.non_white, 0.001);
  EXPECT_EQ(b.map_background, 0U);
  EXPECT_GT(r.non_white, 0.05);
  EXPECT_GT(r.distinct, 50U);
  EXPECT_GT(r.map_background, 100000U);  // the region map's 760 x 560 background, partly covered
  EXPECT_GT(r.bar_blue, 150U);           // the summary's benefit/cost dots (r = 5 px)
}

// Pages of a PDF Chromium printed: one "/Type /Page" object per page ("/Pages" is the tree).
std::size_t pdf_pages(const std::string& pdf) {
  std::size_t n = 0;
  for (auto p = pdf.find("/Type"); p != std::string::npos; p = pdf.find("/Type", p + 1)) {
    auto q = pdf.find_first_not_of(" \r\n", p + 5);
    if (pdf.compare(q, 5, "/Page") == 0 && (q + 5 >= pdf.size() || pdf[q + 5] != 's')) ++n;
  }
  return n;
}

// The summary, cut out of the report with the report's own style, prints on at most two A4
// pages, for a worst case: seven single measures with long titles, draws (with investment ranges)
// and long assumptions.
// The whole report printed the same way has more pages (so the page count is real).
TEST_F(Browser, SummaryPrintsOnAtMostTwoA4Pages) {
  const auto g = testing::synthetic_geometry();
  auto b = testing::synthetic_batch(g);
  b.ranking.clear();
  for (int i = 0; i < 7; ++i) {
    RankingRow r{"measure-" + std::to_string(i), 2000.0 - 100 * i, 9.1e6, 1.03e8, 1.78, false};
    r.title = "International train Antwerpen \xe2\x80\x93 Eindhoven variant " + std::to_string(i);
    r.investment_eur = 55.5e6;
    r.operating_eur_per_year = 3e6;
    Uncertainty u;
    u.draws = 256;
    u.p_rank_first = 0.1;
    u.benefit_cost_ratio_p5 = 0.9;
    u.benefit_cost_ratio_p50 = 1.7;
    u.benefit_cost_ratio_p95 = 2.9;
    u.benefit_eur_per_year_p5 = 5e6;
    u.benefit_eur_per_year_p50 = 9e6;
    u.benefit_eur_per_year_p95 = 1.4e7;
    u.investment_eur_p5 = 41.2e6;  // the cost range in the chart's column and the table
    u.investment_eur_p95 = 96.8e6;
    r.uncertainty = u;
    r.mostly_intrazonal = i == 3;
    b.ranking.push_back(r);
    auto sc = b.scenarios[0];
    sc.name = r.scenario;
    sc.title = r.title;
    sc.assumptions = std::string(400, 'x') + ". More.";
    b.scenarios.push_back(sc);
  }
  b.fit = {{"station EHV in_out weekday NS 2018", "station", "calibration", 65468, true, 69505,
            true, 3.2, true, 9820, 24, ""}};
  const std::string html = render_report_html(b, g);
  const auto a = html.find("<section id=\"summary\"");
  const auto e = html.find("</section>", a);
  ASSERT_NE(a, std::string::npos);
  const fs::path page = dir_ / "summary.html", whole = dir_ / "whole.html";
  std::ofstream(page) << html.substr(0, html.find("<body>") + 6) << html.substr(a, e + 10 - a)
                      << "</body></html>";
  std::ofstream(whole) << html;
  const std::string pdf = "--no-pdf-header-footer --print-to-pdf='";
  ASSERT_EQ(run("pdf", page, pdf + (dir_ / "summary.pdf").string() + "'"), 0) << err("pdf");
  ASSERT_EQ(run("pdf2", whole, pdf + (dir_ / "whole.pdf").string() + "'"), 0) << err("pdf2");
  const auto n = pdf_pages(read_text(dir_ / "summary.pdf"));
  EXPECT_GE(n, 1U);
  EXPECT_LE(n, 2U);
  EXPECT_GT(pdf_pages(read_text(dir_ / "whole.pdf")), 2U);
}

}  // namespace
}  // namespace corridor::report
