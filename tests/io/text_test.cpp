#include "io/text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace corridor::io {
namespace {

TEST(ParseDouble, StrictAboutWholeFieldAndFiniteness) {
  EXPECT_EQ(try_parse_double(" 1.5 "), 1.5);
  EXPECT_EQ(try_parse_double("+2e3"), 2000.0);
  EXPECT_FALSE(try_parse_double("1.5x"));
  EXPECT_FALSE(try_parse_double(""));
  EXPECT_FALSE(try_parse_double("nan"));
  EXPECT_FALSE(try_parse_double("inf"));
  EXPECT_FALSE(try_parse_double("1e999"));
  EXPECT_EQ(try_parse_int("42"), 42);
  EXPECT_FALSE(try_parse_int("4.2"));
}

TEST(CsvReader, ReadsByHeaderWithLineNumbersAndDefaults) {
  CsvReader csv("a,b,c\n1,2.5,x\n\n3,,y\n", "t.csv");
  const auto a = csv.require_column("a");
  const auto b = csv.optional_column("b");
  const auto z = csv.optional_column("z");
  ASSERT_TRUE(csv.next_row());
  EXPECT_EQ(csv.integer(a), 1);
  EXPECT_EQ(csv.number_or(b, 9.0), 2.5);
  EXPECT_EQ(csv.number_or(z, 9.0), 9.0);
  ASSERT_TRUE(csv.next_row());
  EXPECT_EQ(csv.line_number(), 4u);
  EXPECT_EQ(csv.number_or(b, 9.0), 9.0);
  EXPECT_EQ(csv.text(csv.require_column("c")), "y");
  EXPECT_FALSE(csv.next_row());
}

TEST(CsvReader, ErrorsNameFileLineAndField) {
  CsvReader csv("a,b\n1,oops\n", "t.csv");
  ASSERT_TRUE(csv.next_row());
  try {
    csv.number(1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.csv:2: field 'b': expected a finite number, got 'oops'");
  }
  EXPECT_THROW(CsvReader("", "empty.csv"), InputError);
  EXPECT_THROW(CsvReader("a,a\n", "dup.csv"), InputError);
  CsvReader missing("a\n1\n", "m.csv");
  EXPECT_THROW(missing.require_column("b"), InputError);
  CsvReader wide("a\n1,2\n", "w.csv");
  EXPECT_THROW(wide.next_row(), InputError);
}

}  // namespace
}  // namespace corridor::io

namespace corridor::io {
namespace {

TEST(ReadTextFile, RefusesDirectoriesAndDevicesWithTheFileName) {
  auto err = [](const std::filesystem::path& p) -> std::string {
    try {
      (void)read_text_file(p);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(err(std::filesystem::temp_directory_path()), ::testing::HasSubstr("directory"));
  if (std::filesystem::exists("/dev/zero")) {  // would otherwise be read forever
    EXPECT_THAT(err("/dev/zero"), ::testing::HasSubstr("/dev/zero"));
    EXPECT_THAT(err("/dev/zero"), ::testing::HasSubstr("device or pipe"));
  }
  EXPECT_THAT(err(std::string(5000, 'x')), ::testing::HasSubstr("cannot open"));
}

}  // namespace
}  // namespace corridor::io
