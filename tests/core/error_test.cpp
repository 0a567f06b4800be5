#include "core/error.hpp"

#include <gtest/gtest.h>

namespace corridor {
namespace {

TEST(InputError, MessageNamesFileLineFieldAndExpectation) {
  try {
    throw_input_error("net/link.csv", 14, "capacity", "expected a positive number, got '-5'");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "net/link.csv:14: field 'capacity': expected a positive number, got '-5'");
    EXPECT_EQ(e.where().line, 14u);
    EXPECT_EQ(e.where().field, "capacity");
  }
}

TEST(InputError, WholeFileErrorsOmitLineAndField) {
  EXPECT_EQ(format_input_error({"a.tntp", 0, ""}, "file is empty"), "a.tntp: file is empty");
}

TEST(QuoteForMessage, EscapesBinaryAndTruncates) {
  EXPECT_EQ(quote_for_message("ab\xff"), "'ab\\xff'");
  EXPECT_EQ(quote_for_message(std::string(100, 'x')).size(), 40u + 2u + 3u);
}

}  // namespace
}  // namespace corridor
