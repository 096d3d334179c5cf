#include "state/state.h"

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cerrno>
#include <climits>
#include <filesystem>
#include <thread>

namespace kiji::state {
namespace {

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS urls (
  url           TEXT PRIMARY KEY,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  body_hash     TEXT NOT NULL DEFAULT '',
  text_hash     TEXT NOT NULL DEFAULT '',
  status        INTEGER NOT NULL DEFAULT 0,
  checked_at    INTEGER NOT NULL DEFAULT 0,
  emitted_at    INTEGER NOT NULL DEFAULT 0,
  item_date     TEXT NOT NULL DEFAULT '',
  claim_owner   TEXT,
  claim_until   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS urls_claim_owner ON urls(claim_owner) WHERE claim_owner IS NOT NULL;
CREATE TABLE IF NOT EXISTS robots (
  origin     TEXT PRIMARY KEY,
  body       TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
)sql";

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  int Step() { return sqlite3_step(s_); }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, col)) : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  bool Null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Hostname() {
  char buf[HOST_NAME_MAX + 1] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

}  // namespace

std::string DefaultStatePath(const char* xdg_state_home, const char* home) {
  if (xdg_state_home && xdg_state_home[0] == '/') return std::string(xdg_state_home) + "/kiji/state.db";
  if (home && home[0]) return std::string(home) + "/.local/state/kiji/state.db";
  return "";
}

State::State(sqlite3* db, std::string path, StateOptions options)
    : db_(db), path_(std::move(path)), options_(std::move(options)), hostname_(Hostname()) {
  if (options_.owner.empty()) options_.owner = hostname_ + ":" + std::to_string(getpid());
}

State::~State() {
  if (db_) sqlite3_close_v2(db_);
}

Error State::DbError(const std::string& what) const {
  return MakeError(ErrorCode::kState, path_, what + ": " + sqlite3_errmsg(db_));
}

Status State::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string what = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return MakeError(ErrorCode::kState, path_, what);
  }
  return Ok{};
}

Result<std::unique_ptr<State>> State::Open(const std::string& path, const StateOptions& options) {
  if (path.empty()) return MakeError(ErrorCode::kState, "", "no state path (set --state, HOME or XDG_STATE_HOME)");
  if (path != ":memory:") {
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return MakeError(ErrorCode::kState, path, "cannot create directory " + dir.string() + ": " + ec.message());
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string what = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return MakeError(ErrorCode::kState, path, "cannot open: " + what);
  }
  std::unique_ptr<State> s(new State(db, path, options));
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout * 1000));
  // WAL: readers never block the writer and a killed writer leaves a
  // consistent database. NORMAL sync is durable against a killed process
  // (not against power loss, which a cron run can repeat).
  // Two runs opening a new database at once: SQLite may answer the mode
  // change with SQLITE_BUSY at once, without the busy handler (it would
  // deadlock), so it is tried again until the busy timeout.
  if (path != ":memory:") {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(options.busy_timeout);
    for (;;) {
      Stmt wal(db, "PRAGMA journal_mode=WAL");
      int step = wal.ok() ? wal.Step() : SQLITE_ERROR;
      const int code = sqlite3_errcode(db) & 0xff;
      if (step != SQLITE_ROW && (code == SQLITE_BUSY || code == SQLITE_LOCKED) &&
          std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      if (step != SQLITE_ROW) return s->DbError("cannot use WAL mode (is it a SQLite database?)");
      if (Lower(wal.Text(0)) != "wal") return MakeError(ErrorCode::kState, path, "cannot use WAL mode: journal mode is " + wal.Text(0));
      break;
    }
  }
  if (Status st = s->Exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !st.ok()) return st.error();
  {
    Stmt v(db, "PRAGMA user_version");
    if (!v.ok() || v.Step() != SQLITE_ROW) return s->DbError("cannot read the schema version");
    int64_t version = v.Int(0);
    if (version > kSchemaVersion) {
      return MakeError(ErrorCode::kState, path,
                       "written by a newer kiji (schema " + std::to_string(version) + "); use another --state");
    }
  }
  Status st = s->Exec("BEGIN IMMEDIATE");
  if (!st.ok()) return st.error();
  st = s->Exec(kSchema);
  if (st.ok()) st = s->Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
  if (!st.ok()) {
    (void)s->Exec("ROLLBACK");
    return st.error();
  }
  if (Status c = s->Exec("COMMIT"); !c.ok()) return c.error();
  return s;
}

bool State::OwnerAlive(const std::string& owner) const {
  size_t colon = owner.rfind(':');
  if (colon == std::string::npos) return true;
  if (owner.substr(0, colon) != hostname_) return true;  // another machine: trust its lease
  char* end = nullptr;
  long pid = std::strtol(owner.c_str() + colon + 1, &end, 10);
  if (pid <= 0 || *end != '\0') return true;
  return !(kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH);
}

Result<std::vector<Claim>> State::ClaimUrls(const std::vector<std::string>& urls, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Claim> out;
  out.reserve(urls.size());
  if (Status st = Exec("BEGIN IMMEDIATE"); !st.ok()) return st.error();
  Stmt get(db_,
           "SELECT etag, last_modified, body_hash, text_hash, status, checked_at, emitted_at, item_date, claim_owner, "
           "claim_until FROM urls WHERE url = ?1");
  Stmt put(db_,
           "INSERT INTO urls(url, claim_owner, claim_until) VALUES(?1, ?2, ?3) "
           "ON CONFLICT(url) DO UPDATE SET claim_owner = ?2, claim_until = ?3");
  if (!get.ok() || !put.ok()) {
    Error e = DbError("cannot claim URLs");
    (void)Exec("ROLLBACK");
    return e;
  }
  for (const std::string& url : urls) {
    Claim c;
    c.state.url = url;
    get.Bind(1, url);
    int rc = get.Step();
    if (rc == SQLITE_ROW) {
      c.state.etag = get.Text(0);
      c.state.last_modified = get.Text(1);
      c.state.body_hash = get.Text(2);
      c.state.text_hash = get.Text(3);
      c.state.status = static_cast<int>(get.Int(4));
      c.state.checked_at = get.Int(5);
      c.state.emitted_at = get.Int(6);
      c.state.item_date = get.Text(7);
      if (!get.Null(8)) {
        std::string holder = get.Text(8);
        int64_t until = get.Int(9);
        if (holder != options_.owner && until > now && OwnerAlive(holder)) {
          get.Reset();
          out.push_back(std::move(c));  // claimed = false
          continue;
        }
      }
    } else if (rc != SQLITE_DONE) {
      Error e = DbError("cannot read " + url);
      get.Reset();
      (void)Exec("ROLLBACK");
      return e;
    }
    get.Reset();
    put.Bind(1, url).Bind(2, options_.owner).Bind(3, now + options_.claim_lease);
    if (put.Step() != SQLITE_DONE) {
      Error e = DbError("cannot claim " + url);
      put.Reset();
      (void)Exec("ROLLBACK");
      return e;
    }
    put.Reset();
    c.claimed = true;
    out.push_back(std::move(c));
  }
  if (Status st = Exec("COMMIT"); !st.ok()) {
    (void)Exec("ROLLBACK");
    return st.error();
  }
  return out;
}

Status State::Save(const UrlState& s) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt put(db_,
           "INSERT INTO urls(url, etag, last_modified, body_hash, text_hash, status, checked_at, emitted_at, item_date) "
           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
           "ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, body_hash = ?4, text_hash = ?5, status = ?6, "
           "checked_at = ?7, emitted_at = ?8, item_date = ?9, "
           "claim_owner = CASE WHEN claim_owner = ?10 THEN NULL ELSE claim_owner END");
  if (!put.ok()) return DbError("cannot save " + s.url);
  put.Bind(1, s.url).Bind(2, s.etag).Bind(3, s.last_modified).Bind(4, s.body_hash).Bind(5, s.text_hash);
  put.Bind(6, static_cast<int64_t>(s.status)).Bind(7, s.checked_at).Bind(8, s.emitted_at).Bind(9, s.item_date);
  put.Bind(10, options_.owner);
  if (put.Step() != SQLITE_DONE) return DbError("cannot save " + s.url);
  return Ok{};
}

Status State::Release(const std::string& url) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st(db_, "UPDATE urls SET claim_owner = NULL WHERE url = ?1 AND claim_owner = ?2");
  if (!st.ok()) return DbError("cannot release " + url);
  st.Bind(1, url).Bind(2, options_.owner);
  if (st.Step() != SQLITE_DONE) return DbError("cannot release " + url);
  return Ok{};
}

Status State::RenewClaims(int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st(db_, "UPDATE urls SET claim_until = ?1 WHERE claim_owner = ?2");
  if (!st.ok()) return DbError("cannot renew claims");
  st.Bind(1, now + options_.claim_lease).Bind(2, options_.owner);
  if (st.Step() != SQLITE_DONE) return DbError("cannot renew claims");
  return Ok{};
}

Status State::ReleaseAll() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st(db_, "UPDATE urls SET claim_owner = NULL WHERE claim_owner = ?1");
  if (!st.ok()) return DbError("cannot release claims");
  st.Bind(1, options_.owner);
  if (st.Step() != SQLITE_DONE) return DbError("cannot release claims");
  return Ok{};
}

Result<std::optional<std::string>> State::LoadRobots(const std::string& origin, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st(db_, "SELECT body, fetched_at FROM robots WHERE origin = ?1");
  if (!st.ok()) return DbError("cannot read robots.txt of " + origin);
  st.Bind(1, origin);
  int rc = st.Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return DbError("cannot read robots.txt of " + origin);
  int64_t fetched = st.Int(1);
  if (now - fetched > options_.robots_max_age || fetched > now) return std::optional<std::string>();
  return std::optional<std::string>(st.Text(0));
}

Status State::SaveRobots(const std::string& origin, const std::string& body, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt st(db_,
          "INSERT INTO robots(origin, body, fetched_at) VALUES(?1, ?2, ?3) "
          "ON CONFLICT(origin) DO UPDATE SET body = ?2, fetched_at = ?3");
  if (!st.ok()) return DbError("cannot save robots.txt of " + origin);
  st.Bind(1, origin).Bind(2, body).Bind(3, now);
  if (st.Step() != SQLITE_DONE) return DbError("cannot save robots.txt of " + origin);
  return Ok{};
}

}  // namespace kiji::state
