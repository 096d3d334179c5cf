// lib/feed: every feed and sitemap format, links, dates, hints, and the
// documents that are not feeds.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "feed/feed.h"

namespace kiji::feed {
namespace {

const std::string kBase = "https://news.example.jp/feeds/main.xml";

Feed MustParse(const std::string& xml, const ParseOptions& options = {}) {
  Result<Feed> f = ParseFeed(xml, kBase, options);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().Message());
  return f.ok() ? f.value() : Feed();
}

struct DateCase {
  const char* name;
  const char* text;
  const char* want;  // nullptr: unreadable
};

constexpr DateCase kDateCases[] = {
    {"rfc822", "Mon, 03 Mar 2025 10:00:00 +0900", "2025-03-03"},
    {"rfc822_no_weekday", "3 Mar 2025 10:00 GMT", "2025-03-03"},
    {"rfc822_full_month", "Tue, 4 March 2025 23:30:00 -0500", "2025-03-04"},
    {"rfc822_two_digit_year", "Wed, 05 Mar 25 10:00:00 GMT", "2025-03-05"},
    {"rfc822_old_two_digit_year", "Fri, 05 Mar 99 10:00:00 GMT", "1999-03-05"},
    {"w3c_datetime", "2025-03-03T10:00:00+09:00", "2025-03-03"},
    {"w3c_zulu", "2025-03-03T23:59:59Z", "2025-03-03"},
    {"w3c_date", "2025-03-06", "2025-03-06"},
    {"w3c_month", "2025-03", "2025-03"},
    {"w3c_year", "2025", "2025"},
    {"slashes", "2025/3/7 10:00", "2025-03-07"},
    {"spaces_around", "  2025-03-08  ", "2025-03-08"},
    {"leap_day", "2024-02-29", "2024-02-29"},
    {"not_a_leap_day", "2025-02-29", nullptr},
    {"month_13", "2025-13-01", nullptr},
    {"bad_month_name", "Mon, 03 Foo 2025 10:00:00 GMT", nullptr},
    {"words", "yesterday", nullptr},
    {"empty", "", nullptr},
};

TEST(IsoDate, FeedDateForms) {
  for (const DateCase& c : kDateCases) {
    SCOPED_TRACE(c.name);
    std::optional<std::string> got = IsoDate(c.text);
    if (c.want == nullptr) EXPECT_FALSE(got.has_value()) << *got;
    else EXPECT_EQ(got, std::optional<std::string>(c.want));
  }
}

TEST(ParseFeed, Rss2) {
  Feed f = MustParse(R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel><title>T</title><link>https://news.example.jp/</link><language>en-us</language>
 <item><title>One &amp; two</title><link>https://news.example.jp/a/1.html</link>
   <pubDate>Mon, 03 Mar 2025 10:00:00 +0900</pubDate></item>
 <item><title><![CDATA[<b>Bold</b> title]]></title><link> /a/2.html </link><dc:date>2025-03-04T01:00:00Z</dc:date></item>
 <item><title>Guid only</title><guid>https://news.example.jp/a/3.html</guid></item>
 <item><title>Guid not a link</title><guid isPermaLink="false">https://news.example.jp/a/4.html</guid></item>
 <item><title>Proxied</title><link>https://feedproxy.example/~r/x</link>
   <feedburner:origLink>https://news.example.jp/a/5.html</feedburner:origLink></item>
 <item><title>Twice</title><link>https://news.example.jp/a/1.html#dup</link></item>
</channel></rss>)");
  EXPECT_EQ(f.kind, Kind::kRss);
  ASSERT_EQ(f.items.size(), 4u);
  EXPECT_EQ(f.items[0].url, "https://news.example.jp/a/1.html");
  EXPECT_EQ(f.items[0].title, "One & two");
  EXPECT_EQ(f.items[0].published, "2025-03-03");
  EXPECT_EQ(f.items[0].date, "Mon, 03 Mar 2025 10:00:00 +0900");
  EXPECT_EQ(f.items[0].lang, "en");
  EXPECT_EQ(f.items[1].url, "https://news.example.jp/a/2.html") << "relative link resolved against the feed URL";
  EXPECT_EQ(f.items[1].title, "Bold title") << "markup removed";
  EXPECT_EQ(f.items[1].published, "2025-03-04");
  EXPECT_EQ(f.items[2].url, "https://news.example.jp/a/3.html") << "a permalink guid stands in for a missing link";
  EXPECT_FALSE(f.items[2].published.has_value());
  EXPECT_EQ(f.items[3].url, "https://news.example.jp/a/5.html") << "the original link, not the proxy";
  ASSERT_EQ(f.warnings.size(), 1u) << "the isPermaLink=false item has no link";
  EXPECT_NE(f.warnings[0].find("line 8: item without a link"), std::string::npos) << f.warnings[0];
}

TEST(ParseFeed, Rss1Rdf) {
  // Japanese sites often serve RSS 1.0 in Shift_JIS or EUC-JP.
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"\n"
      "         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      " <channel rdf:about=\"https://news.example.jp/\"><title>x</title><dc:language>ja</dc:language></channel>\n"
      " <item rdf:about=\"https://news.example.jp/a/1\"><title>\x83\x67\x83\x88\x83\x5E</title>"  // トヨタ
      "<link>https://news.example.jp/a/1.html</link><dc:date>2025-03-05T09:00:00+09:00</dc:date></item>\n"
      " <item rdf:about=\"https://news.example.jp/a/2.html\"><title>about only</title></item>\n"
      "</rdf:RDF>\n";
  Feed f = MustParse(xml);
  EXPECT_EQ(f.kind, Kind::kRdf);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].url, "https://news.example.jp/a/1.html") << "<link> wins over rdf:about";
  EXPECT_EQ(f.items[0].title, "トヨタ");
  EXPECT_EQ(f.items[0].published, "2025-03-05");
  EXPECT_EQ(f.items[0].lang, "ja");
  EXPECT_EQ(f.items[1].url, "https://news.example.jp/a/2.html") << "rdf:about when there is no <link>";
}

TEST(ParseFeed, Atom) {
  Feed f = MustParse(R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB" xml:base="/articles/">
 <title>A</title><link rel="self" href="https://news.example.jp/feeds/main.xml"/>
 <entry><title type="html">Atom &lt;i&gt;one&lt;/i&gt;</title>
   <link rel="edit" href="/edit/1"/><link rel="alternate" type="text/html" href="one.html"/>
   <published>2025-03-07T08:00:00Z</published><updated>2025-03-08T08:00:00Z</updated></entry>
 <entry xml:lang="ja"><title>Two</title><link href="https://other.example.com/two"/><updated>2025-03-09T08:00:00Z</updated></entry>
 <entry><title>No link</title><link rel="self" href="x"/></entry>
</feed>)");
  EXPECT_EQ(f.kind, Kind::kAtom);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].url, "https://news.example.jp/articles/one.html") << "relative xml:base resolved";
  EXPECT_EQ(f.items[0].title, "Atom one");
  EXPECT_EQ(f.items[0].published, "2025-03-07") << "published, not updated";
  EXPECT_EQ(f.items[0].date, "2025-03-08T08:00:00Z") << "updated marks a change";
  EXPECT_EQ(f.items[0].lang, "en");
  EXPECT_EQ(f.items[1].url, "https://other.example.com/two");
  EXPECT_EQ(f.items[1].published, "2025-03-09") << "updated when nothing else";
  EXPECT_EQ(f.items[1].lang, "ja");
  EXPECT_EQ(f.warnings.size(), 1u);
}

TEST(ParseFeed, SitemapAndNewsSitemap) {
  Feed f = MustParse(R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://news.example.jp/a/1.html</loc><lastmod>2025-03-10</lastmod></url>
 <url><loc>https://news.example.jp/a/2.html</loc>
   <news:news><news:publication><news:name>Wire</news:name><news:language>ja</news:language></news:publication>
   <news:publication_date>2025-03-11T06:00:00+09:00</news:publication_date><news:title>速報</news:title></news:news></url>
 <url><lastmod>2025-03-10</lastmod></url>
</urlset>)");
  EXPECT_EQ(f.kind, Kind::kSitemap);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].url, "https://news.example.jp/a/1.html");
  EXPECT_FALSE(f.items[0].published.has_value()) << "lastmod is not a publication date";
  EXPECT_EQ(f.items[0].date, "2025-03-10");
  EXPECT_FALSE(f.items[0].title.has_value());
  EXPECT_EQ(f.items[1].title, "速報");
  EXPECT_EQ(f.items[1].published, "2025-03-11");
  EXPECT_EQ(f.items[1].lang, "ja");
  EXPECT_EQ(f.warnings.size(), 1u) << "the <url> without <loc>";
}

TEST(ParseFeed, SitemapIndex) {
  Feed f = MustParse(R"(<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>/sitemaps/1.xml</loc><lastmod>2025-03-01</lastmod></sitemap>
 <sitemap><loc>https://news.example.jp/sitemaps/2.xml.gz</loc></sitemap>
</sitemapindex>)");
  EXPECT_EQ(f.kind, Kind::kSitemapIndex);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].url, "https://news.example.jp/sitemaps/1.xml");
  EXPECT_EQ(f.items[0].date, "2025-03-01");
  EXPECT_EQ(f.items[1].url, "https://news.example.jp/sitemaps/2.xml.gz");
}

TEST(ParseFeed, GzipSitemap) {
  std::string xml = R"(<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/a</loc></url></urlset>)";
  uLongf n = compressBound(xml.size()) + 32;
  std::string gz(n, '\0');
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(xml.data());
  zs.avail_in = static_cast<uInt>(xml.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  Feed f = MustParse(gz);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].url, "https://x.example/a");
}

TEST(ParseFeed, HttpCharsetWhenTheDocumentDeclaresNone) {
  // "日経" in EUC-JP, no XML declaration: only HTTP says what it is.
  std::string xml = "<rss version=\"2.0\"><channel><item><title>\xC6\xFC\xB7\xD0</title>"
                    "<link>https://x.example/a</link></item></channel></rss>";
  ParseOptions o;
  o.charset = "EUC-JP";
  Feed f = MustParse(xml, o);
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "日経");
}

TEST(ParseFeed, RepairsStrayAmpersandsAndHtmlEntities) {
  Feed f = MustParse(
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>A & B</title>\n"
      "<item><title>R&nbsp;&mdash;&amp;&#x41;&#66;&bogus;</title><link>https://x.example/a?x=1&y=2</link></item>\n"
      "<item><title><![CDATA[C & D &nbsp;]]></title><link>https://x.example/b</link></item></channel></rss>");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].url, "https://x.example/a?x=1&y=2") << "the '&' kept, not dropped by recovery";
  EXPECT_EQ(f.items[0].title, "R\u00a0\u2014&AB&bogus;");
  EXPECT_EQ(f.items[1].title, "C & D &nbsp;") << "CDATA left alone";
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_NE(f.warnings[0].find("not well-formed XML (line 2: xmlParseEntityRef: no name)"), std::string::npos)
      << f.warnings[0];
  EXPECT_NE(f.warnings[0].find("stray '&'"), std::string::npos) << f.warnings[0];
}

TEST(ParseFeed, RecoversItemsFromACutOffFeed) {
  Feed f = MustParse(
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n"
      "<item><title>Whole</title><link>https://x.example/a</link></item>\n<item><title>Cut");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].url, "https://x.example/a");
  ASSERT_FALSE(f.warnings.empty());
  EXPECT_NE(f.warnings[0].find("kept the 1 items that could be read"), std::string::npos) << f.warnings[0];
}

struct BadCase {
  const char* name;
  const char* doc;
  const char* want;  // in the error message
};

constexpr BadCase kBadCases[] = {
    {"not_xml", "this is { not xml", "not well-formed XML: line 1"},
    {"empty", "  \n", "empty document"},
    {"html_page", "<!doctype html><html><body><p>hi</p></body></html>", "not a feed or sitemap: an HTML page"},
    {"xhtml_root", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
     "not a feed or sitemap: the root element is <html>"},
    {"other_xml", "<?xml version=\"1.0\"?><config><a/></config>", "the root element is <config>"},
    {"truncated_without_items", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x", "not well-formed XML"},
};

TEST(ParseFeed, DocumentsThatAreNoFeeds) {
  for (const BadCase& c : kBadCases) {
    SCOPED_TRACE(c.name);
    Result<Feed> f = ParseFeed(c.doc, kBase);
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().code, ErrorCode::kBadFeed);
    EXPECT_EQ(f.error().where, kBase);
    EXPECT_NE(f.error().what.find(c.want), std::string::npos) << f.error().what;
  }
}

TEST(ParseFeed, NoExternalEntities) {
  // XXE: an external entity must never be read (or fetched).
  Feed f = MustParse(
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
      "<rss version=\"2.0\"><channel><item><title>a&x;b</title><link>https://x.example/a</link></item></channel></rss>");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "ab");
}

TEST(KindName, Names) {
  EXPECT_STREQ(KindName(Kind::kRss), "rss");
  EXPECT_STREQ(KindName(Kind::kRdf), "rdf");
  EXPECT_STREQ(KindName(Kind::kAtom), "atom");
  EXPECT_STREQ(KindName(Kind::kSitemap), "sitemap");
  EXPECT_STREQ(KindName(Kind::kSitemapIndex), "sitemapindex");
}

}  // namespace
}  // namespace kiji::feed
