// lib/state: the SQLite state database: what is stored, claims between
// runs (busy, released, expired, dead owner), robots.txt freshness, bad
// files. Times are passed in: no clock.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "state/state.h"

namespace kiji::state {
namespace {

namespace fs = std::filesystem;

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiji-state-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<State> OpenAs(const std::string& owner, int64_t lease = 100) {
    StateOptions o;
    o.owner = owner;
    o.claim_lease = lease;
    o.robots_max_age = 1000;
    o.busy_timeout = 10;
    Result<std::unique_ptr<State>> s = State::Open(path(), o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().Message());
    return s.ok() ? std::move(s).value() : nullptr;
  }

  std::string path() const { return (dir_ / "sub" / "state.db").string(); }

  fs::path dir_;
};

// Owners on another machine: only their lease counts.
constexpr const char* kOtherA = "elsewhere-a.invalid:1";
constexpr const char* kOtherB = "elsewhere-b.invalid:2";

TEST_F(StateTest, CreatesDirectoryInWalMode) {
  auto s = OpenAs(kOtherA);
  ASSERT_TRUE(s);
  EXPECT_TRUE(fs::exists(path()));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(StateTest, SavedStateComesBackOnTheNextClaim) {
  {
    auto s = OpenAs(kOtherA);
    auto c = s->ClaimUrls({"https://x.example/a"}, 1000);
    ASSERT_TRUE(c.ok());
    ASSERT_EQ(c->size(), 1u);
    EXPECT_TRUE((*c)[0].claimed);
    EXPECT_EQ((*c)[0].state.url, "https://x.example/a");
    EXPECT_EQ((*c)[0].state.checked_at, 0) << "never seen";
    UrlState u;
    u.url = "https://x.example/a";
    u.etag = "\"v1\"";
    u.last_modified = "Mon, 03 Mar 2025 10:00:00 GMT";
    u.body_hash = "b1";
    u.text_hash = "t1";
    u.status = 200;
    u.checked_at = 1001;
    u.emitted_at = 1002;
    u.item_date = "2025-03-03";
    ASSERT_TRUE(s->Save(u).ok());
  }
  auto s = OpenAs(kOtherB);  // reopened: it is on disk
  auto c = s->ClaimUrls({"https://x.example/a"}, 2000);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE((*c)[0].claimed) << "Save released the claim";
  const UrlState& got = (*c)[0].state;
  EXPECT_EQ(got.etag, "\"v1\"");
  EXPECT_EQ(got.last_modified, "Mon, 03 Mar 2025 10:00:00 GMT");
  EXPECT_EQ(got.body_hash, "b1");
  EXPECT_EQ(got.text_hash, "t1");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.checked_at, 1001);
  EXPECT_EQ(got.emitted_at, 1002);
  EXPECT_EQ(got.item_date, "2025-03-03");
}

TEST_F(StateTest, ClaimsKeepOtherRunsAwayUntilReleasedOrExpired) {
  auto a = OpenAs(kOtherA, 100);
  auto b = OpenAs(kOtherB, 100);
  auto ca = a->ClaimUrls({"u1", "u2", "u3"}, 1000);
  ASSERT_TRUE(ca.ok());
  auto cb = b->ClaimUrls({"u1", "u2", "u3", "u4"}, 1010);
  ASSERT_TRUE(cb.ok());
  EXPECT_FALSE((*cb)[0].claimed);
  EXPECT_FALSE((*cb)[1].claimed);
  EXPECT_FALSE((*cb)[2].claimed);
  EXPECT_TRUE((*cb)[3].claimed) << "nobody held u4";

  ASSERT_TRUE(a->Release("u1").ok());
  UrlState u2;
  u2.url = "u2";
  ASSERT_TRUE(a->Save(u2).ok());
  cb = b->ClaimUrls({"u1", "u2", "u3"}, 1020);
  ASSERT_TRUE(cb.ok());
  EXPECT_TRUE((*cb)[0].claimed) << "released";
  EXPECT_TRUE((*cb)[1].claimed) << "saved";
  EXPECT_FALSE((*cb)[2].claimed) << "still held";

  EXPECT_TRUE(a->ClaimUrls({"u3"}, 1030).value()[0].claimed) << "a run may claim again what it holds";
  cb = b->ClaimUrls({"u3"}, 1131);
  EXPECT_TRUE((*cb)[0].claimed) << "the lease (100 s from 1030) ran out";
}

TEST_F(StateTest, RenewExtendsAndReleaseAllDrops) {
  auto a = OpenAs(kOtherA, 100);
  auto b = OpenAs(kOtherB, 100);
  ASSERT_TRUE(a->ClaimUrls({"u1", "u2"}, 1000).ok());
  ASSERT_TRUE(a->RenewClaims(1090).ok());
  EXPECT_FALSE(b->ClaimUrls({"u1"}, 1150).value()[0].claimed) << "renewed until 1190";
  ASSERT_TRUE(a->ReleaseAll().ok());
  auto cb = b->ClaimUrls({"u1", "u2"}, 1150);
  EXPECT_TRUE((*cb)[0].claimed);
  EXPECT_TRUE((*cb)[1].claimed);
}

TEST_F(StateTest, ClaimsOfADeadProcessAreTakenOver) {
  char host[HOST_NAME_MAX + 1] = {0};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  // `child` is gone now; a run of that pid on this host was killed.
  auto dead = OpenAs(std::string(host) + ":" + std::to_string(child), 3600);
  auto alive = OpenAs(std::string(host) + ":" + std::to_string(getpid()), 3600);
  auto other = OpenAs(kOtherB, 3600);
  ASSERT_TRUE(dead->ClaimUrls({"killed"}, 1000).ok());
  ASSERT_TRUE(alive->ClaimUrls({"running"}, 1000).ok());
  EXPECT_TRUE(other->ClaimUrls({"killed"}, 1001).value()[0].claimed) << "dead owner";
  EXPECT_FALSE(other->ClaimUrls({"running"}, 1001).value()[0].claimed) << "live owner";
}

TEST_F(StateTest, ConcurrentClaimsNeverOverlap) {
  auto a = OpenAs(kOtherA, 3600);
  auto b = OpenAs(kOtherB, 3600);
  std::vector<std::string> urls;
  for (int i = 0; i < 400; ++i) urls.push_back("https://x.example/" + std::to_string(i));
  std::set<std::string> got_a, got_b;
  auto claim = [&urls](State* s, std::set<std::string>* got, bool reverse) {
    for (int k = 0; k < 40; ++k) {
      int i = reverse ? 39 - k : k;
      std::vector<std::string> batch(urls.begin() + i * 10, urls.begin() + i * 10 + 10);
      batch.push_back(urls[(i * 37) % urls.size()]);  // and one from elsewhere, to collide
      auto c = s->ClaimUrls(batch, 1000);
      ASSERT_TRUE(c.ok()) << c.error().Message();
      for (const Claim& x : *c) {
        if (x.claimed) got->insert(x.state.url);
      }
    }
  };
  std::thread ta(claim, a.get(), &got_a, false);
  std::thread tb(claim, b.get(), &got_b, true);
  ta.join();
  tb.join();
  for (const std::string& u : got_a) EXPECT_EQ(got_b.count(u), 0u) << u << " claimed by both";
  EXPECT_EQ(got_a.size() + got_b.size(), urls.size());
}

TEST_F(StateTest, RobotsFreshStaleAndEmpty) {
  auto s = OpenAs(kOtherA);
  auto none = s->LoadRobots("https://x.example", 1000);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(s->SaveRobots("https://x.example", "User-agent: *\nDisallow: /a\n", 1000).ok());
  ASSERT_TRUE(s->SaveRobots("https://y.example", "", 1000).ok());
  EXPECT_EQ(s->LoadRobots("https://x.example", 1500).value(), std::optional<std::string>("User-agent: *\nDisallow: /a\n"));
  EXPECT_EQ(s->LoadRobots("https://y.example", 1500).value(), std::optional<std::string>("")) << "stored 'none'";
  EXPECT_FALSE(s->LoadRobots("https://x.example", 2001).value().has_value()) << "older than robots_max_age";
  EXPECT_FALSE(s->LoadRobots("https://x.example", 999).value().has_value()) << "from the future: clock moved";
}

TEST_F(StateTest, FilesThatAreNotStateDatabases) {
  fs::create_directories(dir_ / "sub");
  {
    std::ofstream f(path());
    for (int i = 0; i < 100; ++i) f << "this is not a database\n";
  }
  Result<std::unique_ptr<State>> s = State::Open(path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kState);
  EXPECT_EQ(s.error().where, path());

  fs::remove(path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  s = State::Open(path());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().what.find("newer kiji"), std::string::npos) << s.error().what;

  s = State::Open("");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kState);
}

TEST_F(StateTest, MemoryDatabaseWorks) {
  Result<std::unique_ptr<State>> s = State::Open(":memory:");
  ASSERT_TRUE(s.ok()) << s.error().Message();
  EXPECT_TRUE(s.value()->ClaimUrls({"a"}, 1).value()[0].claimed);
}

TEST(DefaultStatePath, XdgThenHome) {
  EXPECT_EQ(DefaultStatePath("/x/state", "/home/u"), "/x/state/kiji/state.db");
  EXPECT_EQ(DefaultStatePath("relative", "/home/u"), "/home/u/.local/state/kiji/state.db") << "XDG paths must be absolute";
  EXPECT_EQ(DefaultStatePath(nullptr, "/home/u"), "/home/u/.local/state/kiji/state.db");
  EXPECT_EQ(DefaultStatePath("", ""), "");
  EXPECT_EQ(DefaultStatePath(nullptr, nullptr), "");
}

}  // namespace
}  // namespace kiji::state
