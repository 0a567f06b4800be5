// The bad-input catalogue: runs the `corridor` binary on every malformed input listed in the table
// of tests/bad-inputs/README.md and checks that it fails cleanly: exit code 2, one message on
// stderr ("corridor: error: file:line: field 'f': ...") containing the expected text, no crash,
// no sanitizer report, no "internal error". `corridor validate` may list the defects it found on
// lines starting "defect " before that message.
//
// Table rows: | # | input | defect | command | expected message |. In the command:
//   {case}  the input (a file under tests/bad-inputs, or a generated one, see kGenerated)
//   {model} a scratch copy of region-base/ with the files of the input folder laid over it
//           (a file ".remove-NAME" in the input folder deletes NAME)
//   {feed}  the same over the GTFS sample feed (tests/data/gtfs/sample-feed)
//   {dir}   tests/bad-inputs itself;  {out} a fresh scratch output folder
// Rows whose subcommand the binary does not have yet are skipped with a message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_cli.hpp"
#include "test_data.hpp"

namespace corridor::test {
namespace {

namespace fs = std::filesystem;

struct Case {
  int number = 0;
  std::string input;
  std::string command;
  std::string expected;
};

void PrintTo(const Case& c, std::ostream* os) { *os << "case " << c.number << " " << c.input; }

fs::path catalogue_dir() { return source_dir() / "tests" / "bad-inputs"; }

std::string strip(std::string s) {
  const auto b = s.find_first_not_of(" \t`");
  const auto e = s.find_last_not_of(" \t`");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<Case> read_catalogue() {
  std::vector<Case> out;
  std::ifstream in(catalogue_dir() / "README.md");
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 2 || line[0] != '|') continue;
    // Markdown escapes a literal '|' in a cell as '\|'.
    for (std::size_t p; (p = line.find("\\|")) != std::string::npos;) line.replace(p, 2, "\x01");
    std::vector<std::string> cells;
    std::stringstream s(line.substr(1));
    std::string cell;
    while (std::getline(s, cell, '|')) cells.push_back(strip(cell));
    if (cells.size() < 5 || cells[0].empty() ||
        !std::isdigit(static_cast<unsigned char>(cells[0][0])))
      continue;
    Case c;
    c.number = std::stoi(cells[0]);
    c.input = cells[1];
    c.command = cells[3];
    c.expected = cells[4];
    for (auto* f : {&c.command, &c.expected}) std::replace(f->begin(), f->end(), '\x01', '|');
    out.push_back(c);
  }
  return out;
}

fs::path scratch(const std::string& tag) {
  const auto p =
      fs::temp_directory_path() / ("corridor-bad-inputs-" + std::to_string(::getpid()) + "-" + tag);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// Inputs too big to commit, written by the test.
const std::map<std::string, std::function<void(const fs::path&)>> kGenerated = {
    // A 10 MB line inside an otherwise valid TNTP network.
    {"generated/ten_mb_line_net.tntp",
     [](const fs::path& p) {
       std::ifstream good(catalogue_dir() / "tntp" / "good_net.tntp");
       std::string text((std::istreambuf_iterator<char>(good)), std::istreambuf_iterator<char>());
       std::ofstream out(p, std::ios::binary);
       out << text << "~ " << std::string(10u << 20, 'x') << "\n";
     }},
    // The same line in a CSV file of the region model.
    {"generated/ten_mb_line_model",
     [](const fs::path& p) {
       fs::create_directories(p);
       std::ifstream good(catalogue_dir() / "region-base" / "node.csv");
       std::string text((std::istreambuf_iterator<char>(good)), std::istreambuf_iterator<char>());
       std::ofstream out(p / "node.csv", std::ios::binary);
       out << text << "103,\"" << std::string(10u << 20, 'y') << "\",5.4,51.4,junction,\n";
     }},
};

bool has_subcommand(const std::string& name) {
  static std::map<std::string, bool> known;
  if (auto it = known.find(name); it != known.end()) return it->second;
  const bool ok = run_corridor({name, "--help"}).exit_code == 0;
  known[name] = ok;
  return ok;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> w;
  std::stringstream in(s);
  std::string x;
  while (in >> x) w.push_back(x);
  return w;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
    s.replace(p, from.size(), to);
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, ExitsWithCodeTwoAndOneLocatedMessage) {
  const Case& c = GetParam();
  auto words = split_words(c.command);
  ASSERT_FALSE(words.empty());
  if (!has_subcommand(words[0])) {
    GTEST_SKIP() << "corridor has no '" << words[0] << "' subcommand yet";
  }
  const auto tag = std::to_string(c.number);
  fs::path input = catalogue_dir() / c.input;
  if (auto g = kGenerated.find(c.input); g != kGenerated.end()) {
    input = scratch(tag + "-gen") / fs::path(c.input).filename();
    g->second(input);
  }
  ASSERT_TRUE(fs::exists(input)) << input;
  fs::path model;
  const bool is_model = c.command.find("{model}") != std::string::npos;
  const bool is_feed = c.command.find("{feed}") != std::string::npos;
  if (is_model || is_feed) {
    model = scratch(tag + "-model");
    const auto base = is_model ? catalogue_dir() / "region-base"
                               : source_dir() / "tests" / "data" / "gtfs" / "sample-feed";
    for (const auto& e : fs::directory_iterator(base))
      fs::copy_file(e.path(), model / e.path().filename());
    for (const auto& e : fs::directory_iterator(input)) {
      const auto name = e.path().filename().string();
      if (name.rfind(".remove-", 0) == 0) {
        fs::remove(model / name.substr(8));
      } else {
        fs::copy_file(e.path(), model / name, fs::copy_options::overwrite_existing);
      }
    }
  }
  const auto out = scratch(tag + "-out");
  std::vector<std::string> args;
  for (auto w : words) {
    replace_all(w, "{case}", input.string());
    replace_all(w, "{model}", model.string());
    replace_all(w, "{feed}", model.string());
    replace_all(w, "{dir}", catalogue_dir().string());
    replace_all(w, "{out}", (out / "result").string());
    args.push_back(w);
  }
  // Deterministic memory budget for the resource-limit cases, whatever the machine.
  ::setenv("CORRIDOR_MEMORY_LIMIT_MB", "2000", 1);
  const auto r = run_corridor(args);
  SCOPED_TRACE("case " + tag + ": corridor " + c.command + "\nstderr: " + r.err);
  EXPECT_EQ(r.exit_code, 2);
  std::vector<std::string> lines;
  std::stringstream err(r.err);
  for (std::string l; std::getline(err, l);) lines.push_back(l);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines.back(), ::testing::StartsWith("corridor: error: "));
  EXPECT_THAT(lines.back(), ::testing::HasSubstr(c.expected));
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_THAT(lines[i], ::testing::StartsWith("defect ")) << "expected one message";
  }
  EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr("Sanitizer")));
  EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr("runtime error")));
  fs::remove_all(out);
  if (!model.empty()) fs::remove_all(model);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = std::to_string(info.param.number) + "_" + info.param.input;
  for (auto& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInput, ::testing::ValuesIn(read_catalogue()), case_name);

TEST(BadInputCatalogue, HasAtLeastFortyCasesAndEveryFileIsListed) {
  const auto cases = read_catalogue();
  EXPECT_GE(cases.size(), 40u);
  std::set<std::string> listed;
  for (const auto& c : cases) listed.insert(c.input);
  for (const auto* sub : {"tntp", "region", "scenario", "gtfs", "counts"}) {
    for (const auto& e : fs::directory_iterator(catalogue_dir() / sub)) {
      const auto rel = std::string(sub) + "/" + e.path().filename().string();
      if (rel.find("good_") != std::string::npos) continue;  // valid companions of a case
      EXPECT_TRUE(listed.count(rel)) << rel << " is not in the README table";
    }
  }
}

}  // namespace
}  // namespace corridor::test
