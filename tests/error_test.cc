#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/result.h"

namespace kiji {
namespace {

TEST(ErrorTable, OneDistinctNameAndHintPerCode) {
  std::set<std::string> names;
  for (int i = 0; i < kErrorCodeCount; ++i) {
    auto code = static_cast<ErrorCode>(i);
    std::string name = ErrorCodeName(code);
    EXPECT_FALSE(name.empty()) << i;
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
    EXPECT_GT(std::string(ErrorCodeHint(code)).size(), 5u) << name;
  }
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kBadRegex), "bad_regex");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kUsage), "usage");
}

TEST(Error, MessageJoinsWhereAndWhat) {
  Error e{ErrorCode::kIo, "a.txt", "cannot open"};
  EXPECT_EQ(e.Message(), "a.txt: cannot open");
  e.where.clear();
  EXPECT_EQ(e.Message(), "cannot open");
}

TEST(Result, HoldsValueOrError) {
  Result<int> ok = 3;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 3);
  Result<int> bad = MakeError(ErrorCode::kEmpty, "x", "empty");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kEmpty);
}

}  // namespace
}  // namespace kiji
