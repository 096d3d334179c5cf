#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "extract/article.h"
#include "extract/charset.h"
#include "extract/html.h"
#include "extract/html_internal.h"
#include "pipeline/pipeline.h"

namespace kiji::extract {
namespace {

using html::BlockStats;
using html::Page;

// Returns the article text html::Render finds in `html_text`.
std::string MainText(const std::string& html_text) {
  std::vector<std::string> warnings;
  Page page = html::ParsePage(html_text, &warnings);
  html::ScoreBlocks(page);
  return html::Render(page, html::ChooseContainer(page));
}

Result<Article> Extract(const std::string& html_text, const std::string& location = "page.html") {
  Document d;
  d.source.location = location;
  d.bytes = html_text;
  d.format = Format::kHtml;
  return ExtractArticle(std::move(d));
}

const std::string kPara1 =
    "The ministry signed a memorandum with the agency on Monday, officials said, after two years of talks. "
    "The agreement covers research, training and joint projects in three regions.";
const std::string kPara2 =
    "Under the plan, the two sides will share data, open an office in the capital and review progress every year. "
    "A spokesman said the first projects would start in the spring.";
const std::string kPara3 =
    "Analysts said the deal, the largest of its kind this year, could lead to more agreements with neighbouring "
    "countries, though funding has not yet been confirmed.";

// A news page: navigation, an article with a headline, byline, share bar,
// paragraphs, a subheading, a list and a table; a sidebar of teasers; a
// footer.
std::string NewsPage() {
  std::string teasers;
  for (int i = 0; i < 6; ++i) {
    teasers += "<li><a href=\"/story/" + std::to_string(i) + "\">Another story about something else entirely, number " +
               std::to_string(i) + "</a></li>";
  }
  return "<!DOCTYPE html><html lang=\"en\"><head><title>Ministry signs memorandum | Daily Example</title>"
         "<meta property=\"og:site_name\" content=\"Daily Example\">"
         "</head><body>"
         "<nav class=\"site-nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>"
         "<li><a href=\"/business\">Business</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
         "<div class=\"layout\"><main><article>"
         "<h1>Ministry signs memorandum</h1>"
         "<p class=\"byline\">By Jane Doe</p>"
         "<div class=\"share-bar\"><a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a> <a href=\"#\">Email</a></div>"
         "<div class=\"article-body\"><p>" + kPara1 + "</p><p>" + kPara2 + "</p>"
         "<h2>What comes next</h2><p>" + kPara3 + "</p>"
         "<ul><li>Research on water management.</li><li>Training for 200 engineers.</li></ul>"
         "<table><tr><th>Year</th><th>Budget</th></tr><tr><td>2025</td><td>$5 million</td></tr></table>"
         "<div class=\"advertisement\">Advertisement</div>"
         "</div></article></main>"
         "<aside class=\"sidebar\"><h3>Most read</h3><ul>" + teasers + "</ul></aside></div>"
         "<footer><p>Copyright 2025 Daily Example. All rights reserved. Terms of use, privacy policy.</p></footer>"
         "</body></html>";
}

TEST(MainText, KeepsTheArticleDropsFurniture) {
  std::string text = MainText(NewsPage());
  for (const std::string& keep : {kPara1, kPara2, kPara3, std::string("What comes next"),
                                  std::string("Training for 200 engineers."), std::string("$5 million")}) {
    EXPECT_NE(text.find(keep), std::string::npos) << "missing: " << keep << "\nin: " << text;
  }
  for (const char* drop : {"Home", "Facebook", "Another story", "Copyright", "Advertisement", "By Jane Doe",
                           "Most read"}) {
    EXPECT_EQ(text.find(drop), std::string::npos) << "kept: " << drop << "\nin: " << text;
  }
}

TEST(MainText, BlocksAreSeparatedNeverGlued) {
  std::string text = MainText("<html><body><div class=\"story\"><p>" + kPara1 + "</p><div>2019</div><p>The " +
                              kPara2 + "</p><p>Line one<br>line two</p>"
                              "<table><tr><td>Revenue</td><td>2024</td></tr><tr><td>Profit</td><td>2025</td></tr>"
                              "</table><p>" + kPara3 + "</p></div></body></html>");
  EXPECT_NE(text.find("2019\n\nThe "), std::string::npos) << text;
  EXPECT_NE(text.find("Line one\nline two"), std::string::npos) << text;
  EXPECT_NE(text.find("Revenue 2024\nProfit 2025"), std::string::npos) << text;
  EXPECT_EQ(text.find("2019The"), std::string::npos) << text;
}

TEST(MainText, RubyKeepsTheBaseTextHiddenAndCaptionsGo) {
  std::string jp = "経済産業省は、新しい協定を締結したと発表した。両国は来年から共同研究を始める予定で、関係者は期待を示した。";
  std::string text = MainText("<html><body><div class=\"article\"><p><ruby>経済<rp>(</rp><rt>けいざい</rt><rp>)</rp>"
                              "</ruby>" + jp + "</p><p style=\"display:none\">Hidden text that is not shown.</p>"
                              "<figure><img src=\"x.jpg\"><figcaption>A photo caption.</figcaption></figure>"
                              "<p hidden>Also hidden.</p><p>" + jp + "</p></div></body></html>");
  EXPECT_EQ(text.find("けいざい"), std::string::npos) << text;
  EXPECT_EQ(text.find("(経"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("経済" + jp, 0), 0u) << text;
  EXPECT_EQ(text.find("Hidden"), std::string::npos) << text;
  EXPECT_EQ(text.find("caption"), std::string::npos) << text;
  EXPECT_EQ(text.find("Also hidden"), std::string::npos) << text;
}

TEST(MainText, FigureAroundATableOrAQuoteStays) {
  std::string text = MainText("<html><body><article><p>" + kPara1 + "</p><figure><table><tr><td>Sales</td>"
                              "<td>$3 million</td></tr></table><figcaption>Table 1</figcaption></figure>"
                              "<figure><blockquote><p>We are on it, the governor wrote.</p></blockquote></figure>"
                              "<figure><img src=\"a.jpg\"><div>Photo: Agency</div></figure><p>" + kPara2 +
                              "</p></article></body></html>");
  EXPECT_NE(text.find("Sales $3 million"), std::string::npos) << text;
  EXPECT_NE(text.find("We are on it"), std::string::npos) << text;
  EXPECT_EQ(text.find("Table 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("Photo"), std::string::npos) << text;
}

TEST(MainText, PreKeepsLineBreaks) {
  std::string text = MainText("<html><body><article><p>" + kPara1 + "</p><pre>line 1\n  line 2</pre><p>" + kPara2 +
                              "</p></article></body></html>");
  EXPECT_NE(text.find("line 1\n  line 2"), std::string::npos) << text;
}

struct WeightCase {
  const char* name;
  const char* class_and_id;
  int sign;  // -1, 0, +1
  bool drop;
};
constexpr WeightCase kWeights[] = {
    {"article_body", "article-body", 1, false},
    {"entry_content", "entry-content clearfix", 1, false},
    {"share_bar", "share-bar", -1, true},
    {"related", "related-stories", -1, true},
    {"newsletter", "newsletter-signup", -1, true},
    {"ad_token", "ad top", -1, true},
    {"adjective_not_ad", "advice-column", 0, false},
    {"sidebar", "sidebar", -1, false},
    {"footer", "site-footer", -1, false},
    {"comments", "comments-area", -1, false},
    {"body_wins_over_share", "article-body share-enabled", 1, false},
    {"plain", "wrapper clearfix", 0, false},
    {"caption", "caption-full", -1, true},
    {"hidden_token", "gallery-overlay hidden", -1, true},
    {"popup_card", "rollover-people-block", -1, true},
    {"embedded_tweet", "social-media-embed", 1, false},
};

TEST(ClassIdWeight, Names) {
  for (const WeightCase& c : kWeights) {
    SCOPED_TRACE(c.name);
    bool drop = !c.drop;
    int w = html::ClassIdWeight(c.class_and_id, &drop);
    EXPECT_EQ((w > 0) - (w < 0), c.sign) << w;
    EXPECT_EQ(drop, c.drop);
  }
}

struct ValueCase {
  const char* name;
  BlockStats stats;
  int sign;  // of the value
};

TEST(ValueOfBlock, TextDensityLinksTagsPunctuation) {
  const ValueCase cases[] = {
      {"long_paragraph", {400, 0, 6, html::kBlock | html::kParagraph}, 1},
      {"paragraph_with_a_link", {400, 40, 6, html::kBlock | html::kParagraph}, 1},
      {"short_sentence", {40, 0, 1, html::kBlock | html::kParagraph}, 1},
      {"link_list", {300, 280, 0, html::kBlock | html::kListItem}, -1},
      {"furniture_tag", {300, 0, 5, html::kBlock | html::kBoilerTag | html::kFurniture}, -1},
      {"subheading", {30, 0, 0, html::kBlock | html::kHeading}, 0},
      {"short_label", {12, 0, 0, html::kBlock}, 0},
      {"empty", {0, 0, 0, html::kBlock}, 0},
  };
  for (const ValueCase& c : cases) {
    SCOPED_TRACE(c.name);
    float v = html::ValueOfBlock(c.stats);
    EXPECT_EQ((v > 0) - (v < 0), c.sign) << v;
  }
  // Without punctuation a block is worth less; a list item less than a paragraph.
  EXPECT_LT(html::ValueOfBlock({400, 0, 0, html::kBlock | html::kParagraph}),
            html::ValueOfBlock({400, 0, 6, html::kBlock | html::kParagraph}));
  EXPECT_LT(html::ValueOfBlock({400, 0, 6, html::kBlock | html::kListItem}),
            html::ValueOfBlock({400, 0, 6, html::kBlock | html::kParagraph}));
}

TEST(ChooseContainer, PicksTheParagraphsNotTheTeasers) {
  std::vector<std::string> warnings;
  std::string teasers;
  // As much teaser text as article text.
  for (int i = 0; i < 6; ++i) {
    teasers += "<div class=\"card\"><a href=\"/s" + std::to_string(i) +
               "\">A linked headline of some other story</a><p>An excerpt of that story, in a line or two.</p></div>";
  }
  Page page = html::ParsePage("<html><body><div id=\"teasers\">" + teasers + "</div><div id=\"story\"><p>" + kPara1 +
                                  "</p><p>" + kPara2 + "</p><p>" + kPara1 + "</p></div></body></html>",
                              &warnings);
  html::ScoreBlocks(page);
  std::string text = html::Render(page, html::ChooseContainer(page));
  EXPECT_EQ(text, kPara1 + "\n\n" + kPara2 + "\n\n" + kPara1);
}

TEST(ChooseContainer, ShortNoticeFallsBackToThePage) {
  std::string text = MainText("<html><body><nav><a href=\"/\">Home</a> <a href=\"/a\">About</a></nav>"
                              "<div><h1>Office closed</h1><p>Closed on Monday.</p></div><div><span></span></div>"
                              "</body></html>");
  EXPECT_EQ(text, "Closed on Monday.");
}

struct LineCase {
  const char* name;
  const char* line;
  bool furniture;
};
constexpr LineCase kLines[] = {
    {"ad_label", "Advertisement", true},
    {"ad_label_ja", "広告", true},
    {"share", "Share this article:", true},
    {"byline", "By Jane Doe", true},
    {"published_stamp", "Published 2:16 AM EST Nov 20, 2019", true},
    {"korean_stamp", "기사입력 :[ 2018-09-28 17:32 ]", true},
    {"ja_date_time", "2025年12月22日 15時30分", true},
    {"sentence", "The company said on Monday it would cut jobs.", false},
    {"subheading", "What comes next", false},
    {"separator", "___", false},
    {"live_blog_time", "4:14 p.m.", false},
    {"caps_heading", "GIRLS BASKETBALL", false},
    {"by_in_sentence", "Twitter seemed a bit confused by the campaign:", false},
};

TEST(IsFurnitureLine, LabelsBylinesDateLines) {
  for (const LineCase& c : kLines) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(html::IsFurnitureLine(c.line), c.furniture);
  }
}

struct TitleCase {
  const char* name;
  html::TitleSources sources;
  const char* title;
  const char* source;
};

TEST(ChooseTitle, SourcesInOrder) {
  const TitleCase cases[] = {
      {"og_title", {"Ministry signs deal - Daily Example", "LD headline", "H1 text", "Title tag", "Daily Example"},
       "Ministry signs deal", "og:title"},
      {"json_ld", {"", "LD headline", "H1 text", "Title tag", ""}, "LD headline", "json-ld"},
      {"h1", {"", "", "H1 text", "Title tag | Site", ""}, "H1 text", "h1"},
      {"title_tag_trimmed", {"", "", "", "Ministry signs deal | Daily Example", ""}, "Ministry signs deal", "title"},
      {"og_is_only_the_site", {"Daily Example", "", "Real headline", "", "Daily Example"}, "Real headline", "h1"},
      {"none", {"", "", "", "", ""}, "", ""},
  };
  for (const TitleCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto [title, source] = html::ChooseTitle(c.sources);
    EXPECT_EQ(title, c.title);
    EXPECT_EQ(source, c.source);
  }
}

struct TrimCase {
  const char* name;
  const char* title;
  const char* site;
  const char* trimmed;
};
constexpr TrimCase kTrims[] = {
    {"site_last", "Ministry signs deal - Daily Example", "Daily Example", "Ministry signs deal"},
    {"site_first", "Daily Example | Ministry signs deal today", "Daily Example", "Ministry signs deal today"},
    {"pipe_without_site", "Ministry signs a new deal with the agency | Example News", "", "Ministry signs a new deal with the agency"},
    {"dash_without_site_kept", "Nadal - the comeback of the year", "", "Nadal - the comeback of the year"},
    {"japanese_bar", "経産省が新協定を締結｜日本経済ニュース", "日本経済ニュース", "経産省が新協定を締結"},
    {"nothing_to_trim", "Ministry signs deal", "Daily Example", "Ministry signs deal"},
};

TEST(TrimSiteName, Separators) {
  for (const TrimCase& c : kTrims) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(html::TrimSiteName(c.title, c.site), c.trimmed);
  }
}

struct DateCase {
  const char* name;
  const char* text;
  const char* iso;  // "" for none
};
constexpr DateCase kDates[] = {
    {"iso_timestamp", "2019-11-19T10:00:00-05:00", "2019-11-19"},
    {"iso_slashes", "2019/11/19 10:00", "2019-11-19"},
    {"rfc822", "Tue, 19 Nov 2019 10:00:00 GMT", "2019-11-19"},
    {"month_day_year", "November 19, 2019", "2019-11-19"},
    {"abbrev_month", "Published Nov. 19, 2019 at 9:02 AM", "2019-11-19"},
    {"day_month_year", "19 November 2019", "2019-11-19"},
    {"japanese", "2025年12月22日 15時30分", "2025-12-22"},
    {"japanese_fullwidth", "２０２５年１２月２２日", "2025-12-22"},
    {"reiwa", "令和7年12月22日", "2025-12-22"},
    {"reiwa_gannen", "令和元年5月1日", "2019-05-01"},
    {"compact", "20191119", "2019-11-19"},
    {"invalid_month", "2019-13-45", ""},
    {"feb_30", "February 30, 2020", ""},
    {"no_date", "yesterday afternoon", ""},
};

TEST(ParseDate, Forms) {
  for (const DateCase& c : kDates) {
    SCOPED_TRACE(c.name);
    std::optional<std::string> d = html::ParseDate(c.text);
    EXPECT_EQ(d.value_or(""), c.iso);
  }
}

constexpr DateCase kUrls[] = {
    {"ymd_path", "https://www.example.com/2019/11/19/story-slug/", "2019-11-19"},
    {"dashed", "https://example.com/news/2019-11-19-story", "2019-11-19"},
    {"compact_slug", "https://example.com/tuft-cells-20191115/", "2019-11-15"},
    {"month_name", "https://example.com/statements/2019/nov/18/name/slug/", "2019-11-18"},
    {"year_month", "https://example.com/2014/09/slug/", "2014-09"},
    {"id_not_a_date", "https://example.com/articles/slug-11574168580", ""},
    {"host_only", "https://2019.example.com/", ""},
};

TEST(DateFromUrl, Paths) {
  for (const DateCase& c : kUrls) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(html::DateFromUrl(c.text).value_or(""), c.iso);
  }
}

struct ChooseDateCase {
  const char* name;
  html::DateSources sources;
  const char* iso;
  const char* source;
};

TEST(ChooseDate, SourcesInOrder) {
  const ChooseDateCase cases[] = {
      {"json_ld_first", {"2019-11-18T10:00:00-05:00", "2019-11-17", "2019-11-16", "2019-11-15", "", ""}, "2019-11-18",
       "json-ld"},
      {"meta", {"", "2019-11-17T08:00:00+09:00", "2019-11-16", "", "", ""}, "2019-11-17", "meta"},
      {"time", {"", "", "2019-11-16T08:00", "2019-11-15", "", ""}, "2019-11-16", "time"},
      {"meta_other", {"", "", "", "20191115", "", ""}, "2019-11-15", "meta-other"},
      {"url", {"", "", "", "", "https://x.com/2019/11/14/slug", "November 13, 2019"}, "2019-11-14", "url"},
      {"visible", {"", "", "", "", "https://x.com/slug", "記者 山田太郎\n2025年12月22日 15時30分"}, "2025-12-22",
       "visible"},
      {"utc_stamp_takes_the_url_day", {"2019-11-19T02:00:00Z", "", "", "", "https://x.com/2019/11/18/slug", ""},
       "2019-11-18", "json-ld"},
      {"unparseable_falls_through", {"soon", "", "", "", "https://x.com/2019/11/14/slug", ""}, "2019-11-14", "url"},
      {"modified_last", {"", "", "", "", "https://x.com/slug", "no date here", "2019-11-20T10:00:00Z"}, "2019-11-20",
       "modified"},
      {"none", {"", "", "", "", "", "", ""}, "", ""},
  };
  for (const ChooseDateCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto [iso, source] = html::ChooseDate(c.sources);
    EXPECT_EQ(iso, c.iso);
    EXPECT_EQ(source, c.source);
  }
}

TEST(SquashForCompare, IgnoresCaseSpacesAndPunctuation) {
  EXPECT_EQ(html::SquashForCompare("Ministry Signs, Deal!"), html::SquashForCompare("ministry signs deal"));
  EXPECT_EQ(html::SquashForCompare("覚書　物流拠点を整備、"), html::SquashForCompare("覚書 物流拠点を整備"));
  EXPECT_NE(html::SquashForCompare("覚書"), html::SquashForCompare("物流"));
}

TEST(PrimaryLanguage, Tags) {
  EXPECT_EQ(html::PrimaryLanguage("en-US"), "en");
  EXPECT_EQ(html::PrimaryLanguage("ja_JP"), "ja");
  EXPECT_EQ(html::PrimaryLanguage(" JA "), "ja");
  EXPECT_EQ(html::PrimaryLanguage(""), "");
  EXPECT_EQ(html::PrimaryLanguage("x1"), "");
}

TEST(PrepareHtml, DropsScriptBodiesKeepsJsonLd) {
  std::string out;
  html::PrepareReport report;
  ASSERT_TRUE(html::PrepareHtml("<p>a</p><script>var x = '<p>not text</p>';</script>"
                                "<script type=\"application/ld+json\">{\"headline\":\"H\"}</script>"
                                "<STYLE>p{color:red}</STYLE><p>b</p>",
                                {}, &out, &report));
  EXPECT_EQ(out, "<p>a</p><script></script><script type=\"application/ld+json\">{\"headline\":\"H\"}</script>"
                 "<STYLE></STYLE><p>b</p>");
  EXPECT_FALSE(report.too_deep);
  EXPECT_FALSE(html::PrepareHtml("<p>nothing to drop</p>", {}, &out, &report));
  EXPECT_TRUE(out.empty());
}

TEST(PrepareHtml, DropsAttributesNothingReadsAndSvgBodies) {
  std::string out;
  html::PrepareReport report;
  ASSERT_TRUE(html::PrepareHtml("<div class=\"a\" data-x=\"1>2\" onclick='f(\"/>\")' id=b>x</div>"
                                "<img src=\"i.jpg\" srcset=\"i2.jpg 2x\"/><a href=\"/s\" target=_blank>s</a>"
                                "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg><p hidden>h</p>",
                                {}, &out, &report));
  EXPECT_EQ(out, "<div class=\"a\" id=b>x</div><img/><a href=\"/s\">s</a><svg></svg><p hidden>h</p>");
}

TEST(PrepareHtml, FlattensDeepNesting) {
  std::string page;
  for (int i = 0; i < 1000; ++i) page += "<div>";
  page += "deep";
  for (int i = 0; i < 1000; ++i) page += "</div>";
  std::string out;
  html::PrepareReport report;
  ASSERT_TRUE(html::PrepareHtml(page, {100, 100000}, &out, &report));
  EXPECT_TRUE(report.too_deep);
  size_t opens = 0;
  for (size_t i = out.find("<div>"); i != std::string::npos; i = out.find("<div>", i + 1)) ++opens;
  EXPECT_EQ(opens, 100u);
  EXPECT_NE(out.find("deep"), std::string::npos);
}

TEST(PrepareHtml, CutsPastTheElementLimit) {
  std::string out;
  html::PrepareReport report;
  ASSERT_TRUE(html::PrepareHtml("<p>a</p><p>b</p><p>c</p>", {512, 2}, &out, &report));
  EXPECT_EQ(out, "<p>a</p><p>b</p>");
  EXPECT_EQ(report.cut_at, 16u);
}

// Issue 4: misnested formatting tags (<p><b>x</p> again and again) made
// gumbo's tree a hundred times the page; the element limit bounds it.
TEST(ExtractHtml, MisnestedFormattingIsBounded) {
  std::string page = "<html><body>";
  for (int i = 0; i < 120000; ++i) page += "<p><b>x</p>";
  page += kPara1;
  Result<Article> a = Extract(page);
  ASSERT_TRUE(a.ok()) << a.error().Message();
  ASSERT_EQ(a->warnings.size(), 2u);
  EXPECT_EQ(a->warnings[0], "elements nested deeper than 512 levels; the deeper tags were ignored");
  EXPECT_EQ(a->warnings[1].rfind("page has over 100000 elements; only the part before byte ", 0), 0u) << a->warnings[1];
}

TEST(ExtractHtml, MetadataFromThePage) {
  std::string page =
      "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
      "<title>Ministry signs memorandum | Daily Example</title>"
      "<meta property=\"og:title\" content=\"Ministry signs memorandum\">"
      "<meta property=\"article:published_time\" content=\"2025-03-05T09:30:00+09:00\">"
      "<link rel=\"canonical\" href=\"/2025/03/05/ministry-signs\">"
      "</head><body><article><h1>Ministry signs memorandum</h1><p>" + kPara1 + "</p><p>" + kPara2 +
      "</p></article></body></html>";
  Document d;
  d.source.location = "page.html";
  d.bytes = page;
  d.format = Format::kHtml;
  d.hints.url = "https://news.example.com/world/";
  Result<Article> a = ExtractArticle(std::move(d));
  ASSERT_TRUE(a.ok()) << a.error().Message();
  EXPECT_EQ(a->title.value_or(""), "Ministry signs memorandum");
  EXPECT_EQ(a->published.value_or(""), "2025-03-05");
  EXPECT_EQ(a->lang.value_or(""), "en");
  EXPECT_EQ(a->canonical_url.value_or(""), "https://news.example.com/2025/03/05/ministry-signs");
  EXPECT_EQ(a->source.content_type.value_or(""), "text/html; charset=UTF-8; charset-source=meta");
  // The headline is the title, not the first line of the text.
  EXPECT_EQ(a->body, kPara1 + "\n\n" + kPara2);
  EXPECT_TRUE(a->warnings.empty());
}

TEST(ExtractHtml, ContentTypeKeepsWhatWasServed) {
  struct Case {
    const char* name;
    const char* served;  // "" when not served over HTTP
    const char* meta;
    const char* content_type;
  };
  const Case cases[] = {
      {"file", "", "utf-8", "text/html; charset=UTF-8; charset-source=meta"},
      {"served_with_charset", "text/html;charset=utf-8", "", "text/html;charset=utf-8; charset-source=http"},
      {"served_without_charset", "text/html", "utf-8", "text/html; charset=UTF-8; charset-source=meta"},
      {"served_other_type", "application/octet-stream", "", "application/octet-stream; charset=UTF-8; charset-source=default"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Document d;
    d.source.location = "https://example.com/a";
    if (*c.served) d.source.content_type = c.served;
    d.bytes = std::string("<html><head>") + (*c.meta ? "<meta charset=\"" + std::string(c.meta) + "\">" : "") +
              "</head><body><p>" + kPara1 + "</p></body></html>";
    d.format = Format::kHtml;
    Result<Article> a = ExtractArticle(std::move(d));
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->source.content_type.value_or(""), c.content_type);
  }
}

TEST(ExtractHtml, JsonLdArticleBodyWhenThePageHasLittleText) {
  std::string body(60, 'x');
  std::string ld_body;
  for (int i = 0; i < 4; ++i) ld_body += kPara1 + " ";
  Result<Article> a = Extract("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                              "\"headline\":\"LD title\",\"datePublished\":\"2024-02-01\",\"articleBody\":\"" +
                              ld_body + "\"}</script></head><body><div id=\"app\">Loading...</div></body></html>");
  ASSERT_TRUE(a.ok()) << a.error().Message();
  EXPECT_EQ(a->title.value_or(""), "LD title");
  EXPECT_EQ(a->published.value_or(""), "2024-02-01");
  EXPECT_EQ(a->body.substr(0, kPara1.size()), kPara1);
  ASSERT_EQ(a->warnings.size(), 1u);
  EXPECT_EQ(a->warnings[0], "main text taken from the page's JSON-LD articleBody");
}

TEST(ExtractHtml, DeclaredLanguageContradictedByScriptIsDropped) {
  std::string jp = "経済産業省は二十二日、新しい協定を締結したと発表した。両国は来年から共同研究を始める。";
  Result<Article> a = Extract("<html lang=\"en\"><body><article><p>" + jp + jp + jp + "</p></article></body></html>");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->lang.has_value());
}

// Issue 4, bad pages: each gives a record with a warning or one clear error.
TEST(ExtractHtml, TruncatedPageGivesWhatCouldBeRead) {
  std::string page = NewsPage();
  size_t cut = page.find(kPara2) + 40;
  Result<Article> a = Extract(page.substr(0, cut));
  ASSERT_TRUE(a.ok()) << a.error().Message();
  EXPECT_NE(a->body.find(kPara1), std::string::npos);
}

TEST(ExtractHtml, PageWithoutBodyTextIsOneClearError) {
  Result<Article> a = Extract("<html><head><title>Only a title</title></head></html>");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kEmpty);
  EXPECT_EQ(a.error().Message(), "page.html: no text found in the page (title: \"Only a title\")");
  // No <head>, no <body>, just text: the parser supplies them.
  Result<Article> bare = Extract("<p>" + kPara1 + "</p>");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->body, kPara1);
}

TEST(ExtractHtml, MegabyteOfNestedDivsIsFastWithAWarning) {
  std::string page = "<html><body>";
  for (int i = 0; i < 200000; ++i) page += "<div>";  // 1 MB
  page += kPara1;
  auto t0 = std::chrono::steady_clock::now();
  Result<Article> a = Extract(page);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(a.ok()) << a.error().Message();
  EXPECT_EQ(a->body, kPara1);
  ASSERT_EQ(a->warnings.size(), 1u);
  EXPECT_EQ(a->warnings[0], "elements nested deeper than 512 levels; the deeper tags were ignored");
  EXPECT_LT(secs, 5.0);
}

TEST(ExtractHtml, BinaryNamedHtmlIsAnError) {
  Result<Article> a = Extract(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "image.html");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kBinary);
}

TEST(ExtractHtml, WrongDeclaredCharsetIsReadAndWarned) {
  std::string jp = "経済産業省は二十二日、新しい協定を締結したと発表した。両国は来年から共同研究を始める予定だ。";
  Result<Article> a = Extract("<html><head><meta charset=\"Shift_JIS\"></head><body><article><p>" + jp + jp +
                              "</p></article></body></html>");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body, jp + jp);
  EXPECT_EQ(a->source.content_type.value_or(""), "text/html; charset=UTF-8; charset-source=detected");
  ASSERT_EQ(a->warnings.size(), 1u);
  EXPECT_EQ(a->warnings[0],
            "charset: <meta> declares charset Shift_JIS but the bytes are UTF-8; read as UTF-8 (detected)");
}

TEST(ExtractHtml, InvalidUtf8InAUtf8PageIsReplacedWithAWarning) {
  std::string jp = "経済産業省は新しい協定を締結したと発表した。";
  Result<Article> a = Extract("<html><head><meta charset=\"utf-8\"></head><body><article><p>" + jp + jp + jp +
                              "\xFF" + jp + jp + "</p></article></body></html>");
  ASSERT_TRUE(a.ok());
  EXPECT_NE(a->body.find("\xEF\xBF\xBD"), std::string::npos);
  ASSERT_EQ(a->warnings.size(), 1u);
  EXPECT_EQ(a->warnings[0], "1 invalid UTF-8 sequence replaced");
}

TEST(ExtractHtml, OversizedPageIsCutWithAWarning) {
  std::string page = "<html><body><article>";
  std::string para = "<p>" + kPara1 + "</p>\n";
  while (page.size() <= kMaxHtmlBytes + (1 << 20)) page += para;
  Result<Article> a = Extract(page);
  ASSERT_TRUE(a.ok());
  ASSERT_FALSE(a->warnings.empty());
  EXPECT_EQ(a->warnings[0], "page is 17 MiB; only the first 16 MiB were read");
  EXPECT_LT(a->body.size(), kMaxHtmlBytes);
}

TEST(ExtractArticle, DispatchesHtmlByFormatAndContent) {
  Document d;
  d.source.location = "-";
  d.bytes = "<!DOCTYPE html><html><body><p>" + kPara1 + "</p></body></html>";
  Result<Article> by_content = ExtractArticle(d);
  ASSERT_TRUE(by_content.ok());
  EXPECT_EQ(by_content->body, kPara1);
  d.bytes = "Plain text that only mentions <p> tags in passing.";
  d.format = Format::kText;
  Result<Article> text = ExtractArticle(d);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->body, d.bytes);
}

TEST(ExtractArticle, Utf16WithByteOrderMarkIsText) {
  Document d;
  d.source.location = "utf16.txt";
  d.bytes = std::string("\xFF\xFE" "T\0o\0k\0y\0o\0", 12);
  Result<Article> text = ExtractArticle(d);
  ASSERT_TRUE(text.ok()) << text.error().Message();
  EXPECT_EQ(text->body, "Tokyo");
  std::string page = "<html><body><p>" + kPara1 + "</p></body></html>";
  d.bytes = "\xFF\xFE";
  for (char c : page) {
    d.bytes.push_back(c);
    d.bytes.push_back('\0');
  }
  Result<Article> html_page = ExtractArticle(d);
  ASSERT_TRUE(html_page.ok()) << html_page.error().Message();
  EXPECT_EQ(html_page->body, kPara1);
  EXPECT_EQ(html_page->source.content_type.value_or(""), "text/html; charset=UTF-16LE; charset-source=bom");
}

TEST(ExtractArticle, LegacyCharsetTextIsConverted) {
  std::string jp = "東都電機株式会社と北星エネルギー株式会社は二十二日、次世代蓄電池の共同開発に関する基本協定を締結したと発表した。"
                   "両社は来年四月に共同研究所を開設する。";
  auto encode = [](const std::string& text, const char* charset) {
    std::string out(text.size() * 2 + 16, '\0');
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), text.data(),
                             static_cast<int32_t>(text.size()), &err);
    EXPECT_TRUE(U_SUCCESS(err));
    out.resize(static_cast<size_t>(n));
    return out;
  };
  Document d;
  d.source.location = "sjis.txt";
  d.bytes = encode(jp + jp, "windows-31j");
  Result<Article> detected = ExtractArticle(d);
  ASSERT_TRUE(detected.ok());
  EXPECT_EQ(detected->body, jp + jp);
  EXPECT_EQ(detected->source.content_type.value_or(""), "text/plain; charset=Shift_JIS; charset-source=detected");
  d.bytes = encode(jp, "EUC-JP");
  d.source.content_type = "text/plain; charset=EUC-JP";
  d.hints.charset = "EUC-JP";
  Result<Article> declared = ExtractArticle(d);
  ASSERT_TRUE(declared.ok());
  EXPECT_EQ(declared->body, jp);
  EXPECT_EQ(declared->source.content_type.value_or(""), "text/plain; charset=EUC-JP; charset-source=http");
}

// The Japanese fixtures: the Shift_JIS and EUC-JP pages must come out as
// their UTF-8 twins do (text, title, date, entities).
std::string ReadFixture(const std::string& rel) {
  std::ifstream f(std::string(KIJI_SOURCE_DIR) + "/fixtures/" + rel, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(JapaneseFixtures, LegacyCharsetsMatchTheirUtf8Twins) {
  Result<Pipeline> pipeline = Pipeline::Create({});
  ASSERT_TRUE(pipeline.ok()) << pipeline.error().Message();
  struct Twin {
    const char* utf8;
    const char* legacy;
    const char* charset;
  };
  const Twin twins[] = {
      {"ja/2025-12-22_news_denki-kyotei.html", "ja/2025-12-22_news_denki-kyotei.sjis.html", "Shift_JIS"},
      {"ja/2025-12-22_news_kowan-kaihatsu.html", "ja/2025-12-22_news_kowan-kaihatsu.eucjp.html", "EUC-JP"},
  };
  for (const Twin& t : twins) {
    SCOPED_TRACE(t.legacy);
    auto run = [&](const char* rel) {
      Document d;
      d.source.location = rel;
      d.bytes = ReadFixture(rel);
      d.format = Format::kHtml;
      EXPECT_FALSE(d.bytes.empty()) << rel;
      return pipeline->ProcessDocument(std::move(d));
    };
    auto a = run(t.utf8);
    auto b = run(t.legacy);
    ASSERT_TRUE(a.ok() && b.ok());
    const emit::Record& ra = a.value()->record;
    const emit::Record& rb = b.value()->record;
    EXPECT_EQ(a.value()->text.text, b.value()->text.text);
    EXPECT_FALSE(a.value()->text.text.empty());
    EXPECT_EQ(ra.title, rb.title);
    EXPECT_TRUE(ra.title.has_value());
    EXPECT_EQ(ra.published.value_or(""), "2025-12-22");
    EXPECT_EQ(ra.published, rb.published);
    EXPECT_EQ(ra.lang, "ja");
    EXPECT_EQ(ra.lang, rb.lang);
    // Equal entities, offsets included (the byline date and 22日 at least).
    resolve::Json ea = emit::ToJson(ra)["entities"], eb = emit::ToJson(rb)["entities"];
    EXPECT_EQ(ea, eb);
    EXPECT_FALSE(ea.empty());
    EXPECT_EQ(rb.source.content_type.value_or(""),
              std::string("text/html; charset=") + t.charset + "; charset-source=meta");
    EXPECT_TRUE(rb.warnings.empty());
  }
}

}  // namespace
}  // namespace kiji::extract
