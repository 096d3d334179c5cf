// lib/fetch without the network: robots.txt matching, retry timing, header
// and URL helpers. The client itself is tested against a real server on
// 127.0.0.1 by tests/fetch_test.py.
#include <gtest/gtest.h>

#include <string>

#include "fetch/fetch.h"
#include "fetch/fetch_internal.h"
#include "fetch/robots_internal.h"

namespace kiji::fetch {
namespace {

struct RobotsCase {
  const char* name;
  const char* robots;
  const char* agent;
  const char* path;
  bool allowed;
};

constexpr RobotsCase kRobotsCases[] = {
    {"no_rules", "", "kiji", "/a", true},
    {"disallow_prefix", "User-agent: *\nDisallow: /private/\n", "kiji", "/private/x", false},
    {"disallow_other_path", "User-agent: *\nDisallow: /private/\n", "kiji", "/public/x", true},
    {"prefix_not_directory", "User-agent: *\nDisallow: /priv\n", "kiji", "/private", false},
    {"longer_allow_wins", "User-agent: *\nDisallow: /a\nAllow: /a/b\n", "kiji", "/a/b/c", true},
    {"longer_disallow_wins", "User-agent: *\nAllow: /a\nDisallow: /a/b\n", "kiji", "/a/b/c", false},
    {"tie_goes_to_allow", "User-agent: *\nDisallow: /x\nAllow: /x\n", "kiji", "/x", true},
    {"wildcard_suffix", "User-agent: *\nDisallow: /*.pdf$\n", "kiji", "/docs/a.pdf", false},
    {"anchor_needs_end", "User-agent: *\nDisallow: /*.pdf$\n", "kiji", "/docs/a.pdf?x=1", true},
    {"exact_anchor", "User-agent: *\nDisallow: /exact$\n", "kiji", "/exact/more", true},
    {"wildcard_middle", "User-agent: *\nDisallow: /a/*/edit\n", "kiji", "/a/123/edit/x", false},
    {"query_matched", "User-agent: *\nDisallow: /*?session=\n", "kiji", "/page?session=1", false},
    {"own_group_beats_star", "User-agent: *\nDisallow: /\n\nUser-agent: kiji\nDisallow: /no\n", "kiji/0.1", "/yes", true},
    {"own_group_applies", "User-agent: *\nDisallow: /\n\nUser-agent: kiji\nDisallow: /no\n", "kiji/0.1", "/no/x", false},
    {"other_group_only", "User-agent: otherbot\nDisallow: /\n", "kiji", "/a", true},
    {"star_when_not_named", "User-agent: otherbot\nAllow: /\n\nUser-agent: *\nDisallow: /\n", "kiji", "/a", false},
    {"agents_share_a_group", "User-agent: a\nUser-agent: KIJI\nDisallow: /x\n", "kiji", "/x", false},
    {"case_insensitive_keys", "user-AGENT: Kiji\ndisallow: /x\n", "kiji/1.0 (+https://example.org)", "/x/y", false},
    {"comments_and_crlf", "# hi\r\nUser-agent: * # all\r\nDisallow: /c # no\r\n", "kiji", "/c", false},
    {"empty_disallow_allows", "User-agent: *\nDisallow:\n", "kiji", "/anything", true},
    {"robots_txt_always_allowed", "User-agent: *\nDisallow: /\n", "kiji", "/robots.txt", true},
    {"disallow_all", "User-agent: *\nDisallow: /\n", "kiji", "/", false},
    {"percent_case_folded", "User-agent: *\nDisallow: /%e6%97%a5\n", "kiji", "/%E6%97%A5/x", false},
    {"utf8_pattern_encoded", "User-agent: *\nDisallow: /\xE6\x97\xA5\n", "kiji", "/%E6%97%A5", false},
    {"bom_ignored", "\xEF\xBB\xBFUser-agent: *\nDisallow: /b\n", "kiji", "/b", false},
    {"rules_before_agent_ignored", "Disallow: /x\nUser-agent: *\nDisallow: /y\n", "kiji", "/x", true},
    {"same_agent_groups_merge", "User-agent: kiji\nDisallow: /a\n\nUser-agent: kiji\nDisallow: /b\n", "kiji", "/b", false},
    {"group_ends_at_next_agent", "User-agent: kiji\nDisallow: /a\nUser-agent: other\nDisallow: /b\n", "kiji", "/b", true},
};

TEST(Robots, Matching) {
  for (const RobotsCase& c : kRobotsCases) {
    SCOPED_TRACE(c.name);
    Robots r = Robots::Parse(c.robots, c.agent);
    EXPECT_EQ(r.Allowed(c.path), c.allowed);
  }
}

TEST(Robots, CrawlDelayOfTheChosenGroup) {
  Robots r = Robots::Parse("User-agent: *\nCrawl-delay: 5\n\nUser-agent: kiji\nCrawl-delay: 1.5\nDisallow: /x\n", "kiji");
  ASSERT_TRUE(r.crawl_delay().has_value());
  EXPECT_DOUBLE_EQ(*r.crawl_delay(), 1.5);
  EXPECT_FALSE(Robots::Parse("User-agent: *\nDisallow: /x\n", "kiji").crawl_delay().has_value());
  EXPECT_FALSE(Robots::Parse("User-agent: *\nCrawl-delay: soon\n", "kiji").crawl_delay().has_value());
}

TEST(Robots, AllowAllAllows) {
  EXPECT_TRUE(Robots::AllowAll().Allowed("/anything?at=all"));
}

struct PatternCase {
  const char* name;
  const char* pattern;
  const char* path;
  bool matches;
};

constexpr PatternCase kPatternCases[] = {
    {"prefix", "/a", "/abc", true},
    {"longer_than_path", "/abc", "/a", false},
    {"star_any", "/*x", "/abcx", true},
    {"star_empty", "/a*", "/a", true},
    {"two_stars", "/*a*b", "/xxaYYb", true},
    {"anchor_end", "/a$", "/a", true},
    {"anchor_more", "/a$", "/ab", false},
    {"star_anchor_backtracks", "/*.php$", "/x.php.php", true},
    {"star_anchor_fails", "/*.php$", "/x.php5", false},
    {"only_star", "*", "/", true},
};

TEST(Robots, PatternMatches) {
  for (const PatternCase& c : kPatternCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(RobotsPatternMatches(c.pattern, c.path), c.matches);
  }
}

TEST(Backoff, DoublesCapsAndJitters) {
  EXPECT_DOUBLE_EQ(BackoffDelay(0, 1, 60, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(BackoffDelay(1, 1, 60, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(BackoffDelay(3, 1, 60, 1.0), 8.0);
  EXPECT_DOUBLE_EQ(BackoffDelay(3, 1, 60, 0.0), 4.0) << "jitter keeps at least half";
  EXPECT_DOUBLE_EQ(BackoffDelay(10, 1, 60, 1.0), 60.0) << "capped";
  EXPECT_DOUBLE_EQ(BackoffDelay(100, 0.5, 30, 0.5), 22.5) << "no overflow, cap then jitter";
  EXPECT_DOUBLE_EQ(BackoffDelay(0, 0.05, 60, 1.0), 0.05);
  EXPECT_DOUBLE_EQ(BackoffDelay(-3, 1, 60, 1.0), 1.0) << "negative attempts count as the first";
}

TEST(Backoff, RetryAfterIsAFloor) {
  EXPECT_DOUBLE_EQ(BackoffDelay(0, 1, 60, 1.0, 7.0), 7.0);
  EXPECT_DOUBLE_EQ(BackoffDelay(4, 1, 60, 1.0, 2.0), 16.0) << "backoff longer than Retry-After wins";
  EXPECT_DOUBLE_EQ(BackoffDelay(0, 1, 60, 0.0, 0.0), 0.5);
}

TEST(RetryAfter, SecondsAndDates) {
  // 2015-10-21T07:28:00Z
  const int64_t when = 1445412480;
  struct Case {
    const char* name;
    const char* value;
    int64_t now;
    std::optional<double> want;
  } cases[] = {
      {"seconds", "120", 0, 120.0},
      {"seconds_spaces", "  3 ", 0, 3.0},
      {"zero", "0", 0, 0.0},
      {"imf_date", "Wed, 21 Oct 2015 07:28:00 GMT", when - 30, 30.0},
      {"date_in_the_past", "Wed, 21 Oct 2015 07:28:00 GMT", when + 100, 0.0},
      {"rfc850_date", "Wednesday, 21-Oct-15 07:28:00 GMT", when - 5, 5.0},
      {"garbage", "soon", 0, std::nullopt},
      {"empty", "", 0, std::nullopt},
      {"negative", "-5", 0, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ParseRetryAfter(c.value, c.now), c.want);
  }
}

TEST(RetryableStatus, OnlyTransientOnes) {
  for (int s : {408, 429, 500, 502, 503, 504}) EXPECT_TRUE(RetryableStatus(s)) << s;
  for (int s : {200, 301, 304, 400, 401, 403, 404, 410, 501, 505}) EXPECT_FALSE(RetryableStatus(s)) << s;
}

TEST(FormatRfc3339, Utc) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1445412480), "2015-10-21T07:28:00Z");
}

TEST(IsMediaType, ImagesAudioVideoFonts) {
  EXPECT_TRUE(IsMediaType("image/png"));
  EXPECT_TRUE(IsMediaType("video/mp4"));
  EXPECT_TRUE(IsMediaType("audio/mpeg"));
  EXPECT_TRUE(IsMediaType("font/woff2"));
  EXPECT_FALSE(IsMediaType("text/html"));
  EXPECT_FALSE(IsMediaType("application/octet-stream"));
}

struct UrlCase {
  const char* name;
  const char* in;
  const char* want;  // nullptr: an error
};

constexpr UrlCase kUrlCases[] = {
    {"lower_scheme_and_host", "HTTP://Example.COM/A#frag", "http://example.com/A"},
    {"empty_path", "https://example.org", "https://example.org/"},
    {"port_kept", "http://127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080/x?y=1"},
    {"spaces_and_utf8_encoded", " http://example.org/a b/\xE6\x97\xA5 ", "http://example.org/a%20b/%E6%97%A5"},
    {"ftp_refused", "ftp://example.org/x", nullptr},
    {"no_scheme", "example.org/x", nullptr},
    {"not_a_url", "not a url", nullptr},
    {"file_refused", "file:///etc/passwd", nullptr},
};

TEST(NormalizeUrl, Forms) {
  for (const UrlCase& c : kUrlCases) {
    SCOPED_TRACE(c.name);
    Result<std::string> got = NormalizeUrl(c.in);
    if (c.want == nullptr) {
      ASSERT_FALSE(got.ok()) << got.value();
      EXPECT_EQ(got.error().code, ErrorCode::kUsage);
      EXPECT_FALSE(got.error().what.empty());
    } else {
      ASSERT_TRUE(got.ok()) << got.error().Message();
      EXPECT_EQ(got.value(), c.want);
    }
  }
}

TEST(ResolveUrl, RelativeForms) {
  const char* base = "https://news.example.jp/a/b/feed.xml?x=1";
  struct Case {
    const char* name;
    const char* ref;
    const char* want;
  } cases[] = {
      {"relative_file", "c.html", "https://news.example.jp/a/b/c.html"},
      {"parent", "../c.html", "https://news.example.jp/a/c.html"},
      {"root", "/c.html", "https://news.example.jp/c.html"},
      {"scheme_relative", "//other.example.com/p", "https://other.example.com/p"},
      {"absolute", "http://x.example/y", "http://x.example/y"},
      {"query_only", "?page=2", "https://news.example.jp/a/b/feed.xml?page=2"},
      {"fragment_dropped", "c.html#top", "https://news.example.jp/a/b/c.html"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> got = ResolveUrl(base, c.ref);
    ASSERT_TRUE(got.ok()) << got.error().Message();
    EXPECT_EQ(got.value(), c.want);
  }
  EXPECT_FALSE(ResolveUrl(base, "mailto:a@example.org").ok());
  EXPECT_FALSE(ResolveUrl(base, "").ok());
}

TEST(UrlOrigin, SchemeHostPort) {
  EXPECT_EQ(UrlOrigin("http://127.0.0.1:8080/a/b?c"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlOrigin("https://example.org/"), "https://example.org");
  EXPECT_EQ(UrlOrigin("https://example.org?q"), "https://example.org");
  EXPECT_EQ(UrlOrigin("nothing"), "");
}

TEST(ContentType, MediaAndCharset) {
  struct Case {
    const char* name;
    const char* value;
    const char* media;
    const char* charset;
  } cases[] = {
      {"plain", "text/html", "text/html", ""},
      {"charset", "text/html; charset=UTF-8", "text/html", "UTF-8"},
      {"quoted_upper", "Text/HTML;Charset=\"Shift_JIS\"", "text/html", "Shift_JIS"},
      {"other_params", "text/html; foo=bar; charset=euc-jp ; x=y", "text/html", "euc-jp"},
      {"empty", "", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ContentTypeMedia(c.value), c.media);
    EXPECT_EQ(ContentTypeCharset(c.value), c.charset);
  }
}

TEST(ToDocument, SourceFormatAndCharset) {
  Response r;
  r.url = "http://example.org/a";
  r.final_url = "http://example.org/b";
  r.status = 200;
  r.fetched_at = "2025-03-03T10:00:00Z";
  r.content_type = "text/html; charset=Shift_JIS";
  r.body = "<html></html>";
  extract::Document d = ToDocument(r);
  EXPECT_EQ(d.source.type, "url");
  EXPECT_EQ(d.source.location, "http://example.org/b");
  EXPECT_EQ(d.source.status, 200);
  EXPECT_EQ(d.source.fetched_at, "2025-03-03T10:00:00Z");
  EXPECT_EQ(d.source.content_type, "text/html; charset=Shift_JIS");
  EXPECT_EQ(d.format, extract::Format::kHtml);
  EXPECT_EQ(d.hints.charset, "Shift_JIS");
  EXPECT_EQ(d.bytes, "<html></html>");

  r.content_type = "text/plain";
  EXPECT_EQ(ToDocument(r).format, extract::Format::kText);
  EXPECT_FALSE(ToDocument(r).hints.charset.has_value());
  r.content_type = "";
  extract::Document none = ToDocument(r);
  EXPECT_EQ(none.format, extract::Format::kAuto);
  EXPECT_FALSE(none.source.content_type.has_value());
}

}  // namespace
}  // namespace kiji::fetch
