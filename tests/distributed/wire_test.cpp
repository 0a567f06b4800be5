// The task queue's messages (distributed/wire.hpp): every message unpacks to what was packed, bytes
// included (a result may hold any byte, NUL too), and a short or malformed message is an Error,
// never a read past its end.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "distributed/wire.hpp"

namespace corridor::distributed {
namespace {

TEST(Wire, ResultRoundTripKeepsEveryByte) {
  const std::string bytes("a\0b\n\xff", 5);
  const auto r = unpack_result(pack_result(42, 1.25, bytes));
  EXPECT_EQ(r.task, 42u);
  EXPECT_EQ(r.seconds, 1.25);
  EXPECT_EQ(r.bytes, bytes);
  EXPECT_EQ(unpack_result(pack_result(0, 0.0, "")).bytes, "");
  EXPECT_THROW((void)unpack_result(std::string(15, 'x')), Error);  // shorter than the header
}

TEST(Wire, FailureRoundTrip) {
  const auto f = unpack_failure(pack_failure({7, true, "zones.csv:3: field 'x': bad"}));
  EXPECT_EQ(f.task, 7u);
  EXPECT_TRUE(f.input_error);
  EXPECT_EQ(f.what, "zones.csv:3: field 'x': bad");
  EXPECT_EQ(unpack_failure(pack_failure({kNoTask, false, ""})).task, kNoTask);
  auto bad = pack_failure({1, false, "x"});
  bad[8] = 2;  // the input-error flag is 0 or 1
  EXPECT_THROW((void)unpack_failure(bad), Error);
  EXPECT_THROW((void)unpack_failure("short"), Error);
}

TEST(Wire, TimesAndTaskLists) {
  RankTimes t{3, 11, 0.5, 20.25, 0.125, 0.0625, 22.0};
  const auto u = unpack_times(pack_times(t));
  EXPECT_EQ(u.rank, 3);
  EXPECT_EQ(u.tasks, 11u);
  EXPECT_EQ(u.prepare, 0.5);
  EXPECT_EQ(u.compute, 20.25);
  EXPECT_EQ(u.scatter, 0.125);
  EXPECT_EQ(u.send, 0.0625);
  EXPECT_EQ(u.wall, 22.0);
  EXPECT_THROW((void)unpack_times(pack_times(t) + "x"), Error);
  const std::vector<std::size_t> tasks{5, 0, 28, 3};
  EXPECT_EQ(unpack_tasks(pack_tasks(tasks)), tasks);
  EXPECT_TRUE(unpack_tasks("").empty());
  EXPECT_THROW((void)unpack_tasks("1234567"), Error);
}

TEST(Wire, VectorsOfDoublesArriveBitForBit) {
  const std::vector<std::vector<double>> v{{0.1, -2.5e-300, 1.0 / 3.0}, {}, {42.0}};
  const auto bytes = pack_vectors(v);
  EXPECT_EQ(bytes.size(), 8u + 3u * 8u + 4u * 8u);  // count, three lengths, four values
  EXPECT_EQ(unpack_vectors(bytes), v);
  EXPECT_TRUE(unpack_vectors(pack_vectors({})).empty());
  EXPECT_THROW((void)unpack_vectors(bytes.substr(0, bytes.size() - 1)), Error);
  EXPECT_THROW((void)unpack_vectors(bytes + "x"), Error);
  EXPECT_THROW((void)unpack_vectors(""), Error);
}

TEST(Wire, RoundsCarryTasksAndContextOrTheEnd) {
  const std::string context("x\0y", 3);  // any bytes, zeros included
  const auto r = unpack_round(pack_round({false, {7, 2}, context}));
  EXPECT_FALSE(r.last);
  EXPECT_EQ(r.tasks, (std::vector<std::size_t>{7, 2}));
  EXPECT_EQ(r.context, context);
  // 1 + 8 + 2·8 bytes of header and tasks, then the context as it is.
  EXPECT_EQ(pack_round({false, {7, 2}, context}).size(), 25u + 3u);
  const auto empty = unpack_round(pack_round({false, {}, {}}));
  EXPECT_FALSE(empty.last);
  EXPECT_TRUE(empty.tasks.empty());
  EXPECT_TRUE(unpack_round(pack_round({true, {1}, "ignored"})).last);
  EXPECT_EQ(pack_round({true, {1}, "ignored"}).size(), 1u);
  EXPECT_THROW((void)unpack_round(""), Error);
  EXPECT_THROW((void)unpack_round(std::string(1, '\2')), Error);
  // A task count larger than the message: short, not a read past the end.
  auto bad = pack_round({false, {1, 2, 3}, {}});
  bad.resize(bad.size() - 8);
  EXPECT_THROW((void)unpack_round(bad), Error);
}

}  // namespace
}  // namespace corridor::distributed
