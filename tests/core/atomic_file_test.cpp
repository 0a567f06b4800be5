#include "core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/hash.hpp"

namespace corridor {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corridor-atomic-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(AtomicFileTest, CommitReplacesTargetWholly) {
  const auto target = dir_ / "out.csv";
  write_file_atomically(target, "old\n");
  {
    AtomicFile f(target);
    f.stream() << "new content\n";
    EXPECT_EQ(slurp(target), "old\n") << "target must not change before commit";
    f.commit();
  }
  EXPECT_EQ(slurp(target), "new content\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), {}), 1) << "no temp left";
}

TEST_F(AtomicFileTest, AbandonedWriteLeavesOldFileAndNoTemporary) {
  const auto target = dir_ / "out.csv";
  write_file_atomically(target, "old\n");
  {
    AtomicFile f(target);
    f.stream() << "half written";
  }  // destroyed without commit, as when an exception unwinds
  EXPECT_EQ(slurp(target), "old\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), {}), 1);
}

TEST(ContentHash, KnownFnv1aValueAndSeparation) {
  // FNV-1a 64 of "a" is af63dc4c8601ec8c; ours appends a 0xff separator round.
  ContentHash a;
  a.add("ab").add("c");
  ContentHash b;
  b.add("a").add("bc");
  EXPECT_NE(a.value(), b.value());
  EXPECT_EQ(ContentHash().add("x").hex(), ContentHash().add("x").hex());
  EXPECT_EQ(ContentHash().add("x").hex().size(), 16u);
}

}  // namespace
}  // namespace corridor
