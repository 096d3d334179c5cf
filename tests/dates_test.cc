// Date recipes (lib/resolve/dates.cc) on their own, and date rules against
// figures in the whole pipeline.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include "pipeline/pipeline.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

struct RecipeCase {
  const char* name;
  const char* recipe;
  std::map<std::string, std::string> args;
  const char* ref;        // "" = unknown
  const char* value;      // nullptr = no entity
  const char* qualifier;  // nullptr = null
};

// Runs recipe `c.recipe` with `c.args` as its bound arguments.
std::optional<Json> Run(const RecipeCase& c) {
  const RecipeInfo* info = FindRecipe(c.recipe);
  if (!info) {
    ADD_FAILURE() << "no recipe " << c.recipe;
    return std::nullopt;
  }
  RecipeInput in;
  in.lang = "en";
  in.ref = ParseRefDate(c.ref);
  for (const auto& [k, v] : c.args) in.Set(k, v);  // views into `c`, which outlives `in`
  return info->fn(in);
}

void Check(const RecipeCase& c) {
  SCOPED_TRACE(c.name);
  std::optional<Json> got = Run(c);
  if (c.value == nullptr) {
    EXPECT_FALSE(got.has_value()) << got->dump();
    return;
  }
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got)["value"], c.value);
  if (c.qualifier) EXPECT_EQ((*got)["qualifier"], c.qualifier);
  else EXPECT_TRUE((*got)["qualifier"].is_null()) << got->dump();
}

const RecipeCase kDateCases[] = {
    {"day", "date", {{"year", "2025"}, {"month", "February"}, {"day", "28"}}, "", "2025-02-28", nullptr},
    {"abbrev_dot", "date", {{"year", "2025"}, {"month", "Feb."}, {"day", "28"}}, "", "2025-02-28", nullptr},
    {"month_only", "date", {{"year", "2025"}, {"month", "12"}}, "", "2025-12", nullptr},
    {"year_only", "date", {{"year", "2030"}, {"rel", "by"}}, "", "2030", "by"},
    {"end_of", "date", {{"year", "2024"}, {"month", "October"}, {"pos", "the end of"}}, "", "2024-10", "end"},
    {"commencement", "date", {{"year", "2024"}, {"pos", "the commencement of"}}, "", "2024", "start"},
    {"mid_dash", "date", {{"year", "2025"}, {"pos", "mid"}}, "", "2025", "mid"},
    {"rel_before_pos", "date", {{"year", "2025"}, {"rel", "by"}, {"pos", "the end of"}}, "", "2025", "by"},
    {"ordinal_day", "date", {{"year", "2019"}, {"month", "jan"}, {"day", "04th"}}, "", "2019-01-04", nullptr},
    {"word_day", "date", {{"month", "february"}, {"day", "twenty second"}}, "", "XXXX-02-22", nullptr},
    {"word_year", "date", {{"year", "nineteen eighty six"}, {"month", "1"}}, "", "1986-01", nullptr},
    {"word_year_hundred", "date", {{"year", "nineteen hundred ninety three"}}, "", "1993", nullptr},
    {"word_year_thousand", "date", {{"year", "two thousand and fifteen"}}, "", "2015", nullptr},
    {"two_digit_year", "date", {{"yy", "87"}, {"month", "april"}}, "2018-01-07", "1987-04", nullptr},
    {"two_digit_year_recent", "date", {{"yy", "24"}}, "2025-01-01", "2024", nullptr},
    {"kanji", "date", {{"year", "二〇一八"}, {"month", "十二"}}, "", "2018-12", nullptr},
    {"kanji_day", "date", {{"month", "十"}, {"day", "二十一"}}, "", "XXXX-10-21", nullptr},
    {"era_reiwa", "date", {{"era", "令和"}, {"year", "令和7"}, {"month", "5"}}, "", "2025-05", nullptr},
    {"era_gannen", "date", {{"era", "令和"}, {"year", "令和元"}}, "", "2019", nullptr},
    {"era_heisei_kanji", "date", {{"era", "平成"}, {"year", "平成二"}}, "", "1990", nullptr},
    {"era_showa", "date", {{"era", "昭和"}, {"year", "昭和13"}}, "", "1938", nullptr},
    {"jun_start", "date", {{"month", "5"}, {"pos", "上旬"}, {"default_year", "2025"}}, "", "2025-05", "start"},
    {"jun_mid", "date", {{"month", "5"}, {"pos", "中旬"}}, "", "XXXX-05", "mid"},
    {"jun_end", "date", {{"month", "5"}, {"pos", "下旬"}}, "", "XXXX-05", "end"},
    {"suffix_after", "date", {{"year", "2018"}, {"suffix", "以降"}}, "", "2018", "after"},
    {"suffix_or_later", "date", {{"year", "2018"}, {"suffix", "or later"}}, "", "2018", "after"},
    {"default_year", "date", {{"month", "March"}, {"day", "3"}, {"default_year", "2024"}}, "", "2024-03-03", nullptr},
    {"no_year_xxxx", "date", {{"month", "March"}}, "", "XXXX-03", nullptr},
    {"leap_day_default", "date", {{"month", "feb"}, {"day", "29"}, {"default_year", "2023"}}, "", "XXXX-02-29", nullptr},
    {"leap_day_written", "date", {{"year", "2024"}, {"month", "feb"}, {"day", "29"}}, "", "2024-02-29", nullptr},
    {"year_shift_next", "date", {{"month", "March"}, {"year_shift", "next"}}, "2024-06-01", "2025-03", nullptr},
    {"year_shift_unknown_ref", "date", {{"month", "March"}, {"year_shift", "this"}}, "", "XXXX-03", nullptr},
    {"literal_qualifier", "date", {{"year", "2024"}, {"qualifier", "around"}}, "", "2024", "around"},
    // Errors: not dates.
    {"invalid_day", "date", {{"year", "2023"}, {"month", "feb"}, {"day", "29"}}, "", nullptr, nullptr},
    {"day_32", "date", {{"year", "2023"}, {"month", "1"}, {"day", "32"}}, "", nullptr, nullptr},
    {"month_13", "date", {{"year", "2023"}, {"month", "13"}}, "", nullptr, nullptr},
    {"bad_month_word", "date", {{"year", "2023"}, {"month", "mayday"}}, "", nullptr, nullptr},
    {"bad_year", "date", {{"year", "123"}}, "", nullptr, nullptr},
    {"unknown_era", "date", {{"era", "天平"}, {"year", "天平3"}}, "", nullptr, nullptr},
    {"nothing", "date", {}, "", nullptr, nullptr},
    {"fiscal_span", "date", {{"year", "2011"}, {"month", "12"}, {"guard", "fy"}}, "", nullptr, nullptr},
    {"fiscal_guard_ok", "date", {{"year", "2015"}, {"month", "12"}, {"guard", "fy"}}, "", "2015-12", nullptr},
};

TEST(DateRecipe, Values) {
  for (const RecipeCase& c : kDateCases) Check(c);
}

const RecipeCase kNumericCases[] = {
    {"us_order", "numeric_date", {{"first", "1"}, {"second", "2"}, {"year", "2018"}}, "", "2018-01-02", nullptr},
    {"day_first_over_12", "numeric_date", {{"first", "29"}, {"second", "2"}, {"year", "2020"}}, "", "2020-02-29", nullptr},
    {"dm_order", "numeric_date", {{"first", "1"}, {"second", "2"}, {"order", "dm"}, {"year", "2018"}}, "", "2018-02-01",
     nullptr},
    {"two_digit_year_pivot", "numeric_date", {{"first", "03"}, {"second", "18"}, {"year", "40"}}, "2016-11-07",
     "1940-03-18", nullptr},
    {"unambiguous", "numeric_date", {{"first", "11"}, {"second", "20"}, {"unambiguous", "yes"}}, "", "XXXX-11-20",
     nullptr},
    {"fraction_not_date", "numeric_date", {{"first", "3"}, {"second", "4"}, {"unambiguous", "yes"}}, "", nullptr,
     nullptr},
    {"round_the_clock", "numeric_date", {{"first", "24"}, {"second", "7"}}, "", nullptr, nullptr},
    {"both_over_12", "numeric_date", {{"first", "30"}, {"second", "40"}}, "", nullptr, nullptr},
};

TEST(NumericDateRecipe, Values) {
  for (const RecipeCase& c : kNumericCases) Check(c);
}

const RecipeCase kRelativeCases[] = {
    {"today", "relative", {{"word", "today"}}, "2016-11-07", "2016-11-07", nullptr},
    {"near_day_past", "relative", {{"unit", "月"}, {"day", "30"}, {"near", "yes"}}, "2025-07-15", "2025-06-30", nullptr},
    {"near_day_ahead", "relative", {{"unit", "月"}, {"day", "20"}, {"near", "yes"}}, "2025-07-15", "2025-07-20", nullptr},
    {"near_day_not_in_last_month", "relative", {{"unit", "月"}, {"day", "31"}, {"near", "yes"}}, "2025-07-15",
     "2025-07-31", nullptr},
    {"tomorrow_month_end", "relative", {{"word", "tomorrow"}}, "2024-02-29", "2024-03-01", nullptr},
    {"ototoi", "relative", {{"word", "一昨日"}}, "2024-01-01", "2023-12-30", nullptr},
    {"last_year", "relative", {{"shift", "last"}, {"unit", "year"}}, "2024-05-01", "2023", nullptr},
    {"sarainen", "relative", {{"shift", "再来"}, {"unit", "年"}}, "2024-05-01", "2026", nullptr},
    {"next_month_december", "relative", {{"shift", "next"}, {"unit", "month"}}, "2024-12-10", "2025-01", nullptr},
    {"sengetsu", "relative", {{"shift", "先"}, {"unit", "月"}}, "2024-01-10", "2023-12", nullptr},
    {"nenmatsu", "relative", {{"unit", "年"}, {"pos", "末"}}, "2024-01-10", "2024", "end"},
    {"nennai", "relative", {{"unit", "年"}, {"pos", "内"}}, "2024-01-10", "2024", "by"},
    {"kongetsu_day", "relative", {{"shift", "今"}, {"unit", "月"}, {"day", "10"}}, "2017-03-22", "2017-03-10",
     nullptr},
    {"next_month_day", "relative", {{"shift", "next"}, {"unit", "month"}, {"day", "15th"}}, "2020-07-01", "2020-08-15",
     nullptr},
    {"no_ref", "relative", {{"word", "today"}}, "", nullptr, nullptr},
    {"week_is_no_date", "relative", {{"shift", "next"}, {"unit", "week"}}, "2024-01-10", nullptr, nullptr},
    {"bad_shift", "relative", {{"shift", "sometime"}, {"unit", "year"}}, "2024-01-10", nullptr, nullptr},
    {"day_31_in_february", "relative", {{"shift", "next"}, {"unit", "month"}, {"day", "31"}}, "2024-01-10", nullptr,
     nullptr},
};

TEST(RelativeRecipe, Values) {
  for (const RecipeCase& c : kRelativeCases) Check(c);
}

const RecipeCase kOffsetCases[] = {
    {"days_ago", "offset", {{"n", "2"}, {"unit", "days"}, {"dir", "ago"}}, "2016-11-07", "2016-11-05", nullptr},
    {"months_ago", "offset", {{"n", "two"}, {"unit", "months"}, {"dir", "ago"}}, "2018-10-17", "2018-08-17", nullptr},
    {"month_clamp", "offset", {{"n", "1"}, {"unit", "month"}, {"dir", "later"}}, "2024-01-31", "2024-02-29", nullptr},
    {"fortnight", "offset", {{"n", "a"}, {"unit", "fortnight"}, {"dir", "later"}}, "2021-05-20", "2021-06-03",
     nullptr},
    {"in_weeks", "offset", {{"n", "2"}, {"unit", "weeks"}, {"dir", "in"}}, "2018-03-23", "2018-04-06", nullptr},
    {"from_tomorrow", "offset", {{"n", "3"}, {"unit", "weeks"}, {"dir", "from"}, {"base", "tomorrow"}}, "2018-05-31",
     "2018-06-22", nullptr},
    {"before_yesterday", "offset", {{"n", "two"}, {"unit", "days"}, {"dir", "before"}, {"base", "yesterday"}},
     "2018-05-31", "2018-05-28", nullptr},
    {"ja_years_ago", "offset", {{"n", "5"}, {"unit", "年"}, {"dir", "前"}}, "2018-08-30", "2013-08-30", nullptr},
    {"ja_kanji_days", "offset", {{"n", "五"}, {"unit", "日間"}, {"dir", "前"}}, "2018-08-30", "2018-08-25", nullptr},
    {"business_days", "offset", {{"n", "4"}, {"unit", "営業日"}, {"dir", "前"}}, "2018-08-21", "2018-08-15", nullptr},
    {"default_dir", "offset", {{"n", "3"}, {"unit", "週間"}, {"base", "明日"}, {"default_dir", "後"}}, "2018-05-31",
     "2018-06-22", nullptr},
    {"before_christmas", "offset", {{"n", "2"}, {"unit", "weeks"}, {"dir", "before"}, {"holiday", "Christmas"}},
     "2016-11-07", "2016-12-11", nullptr},
    {"after_easter", "offset", {{"n", "three"}, {"unit", "months"}, {"dir", "after"}, {"holiday", "Easter"}},
     "2016-11-07", "2017-07-16", nullptr},
    {"after_next_date", "offset", {{"n", "3"}, {"unit", "days"}, {"dir", "after"}, {"month", "January"}, {"day", "12th"}},
     "2016-11-07", "2017-01-15", nullptr},
    {"before_dated", "offset",
     {{"n", "2"}, {"unit", "weeks"}, {"dir", "before"}, {"month", "May"}, {"day", "13"}, {"year", "1999"}},
     "2016-11-07", "1999-04-29", nullptr},
    {"no_ref_day", "offset", {{"n", "2"}, {"unit", "days"}, {"dir", "ago"}}, "2016-11", nullptr, nullptr},
    {"no_direction", "offset", {{"n", "2"}, {"unit", "days"}}, "2016-11-07", nullptr, nullptr},
    {"bad_unit", "offset", {{"n", "2"}, {"unit", "hours"}, {"dir", "ago"}}, "2016-11-07", nullptr, nullptr},
    {"several", "offset", {{"n", "several"}, {"unit", "days"}, {"dir", "ago"}}, "2016-11-07", nullptr, nullptr},
};

TEST(OffsetRecipe, Values) {
  for (const RecipeCase& c : kOffsetCases) Check(c);
}

// 2019-01-31 is a Thursday; weeks start on Monday.
const RecipeCase kWeekdayCases[] = {
    {"next_friday", "weekday", {{"weekday", "Friday"}, {"shift", "next"}}, "2019-01-31", "2019-02-08", nullptr},
    {"this_upcoming", "weekday", {{"weekday", "Friday"}, {"shift", "this upcoming"}}, "2019-01-31", "2019-02-01",
     nullptr},
    {"coming_same_day", "weekday", {{"weekday", "Thu"}, {"shift", "coming"}}, "2019-01-31", "2019-02-07", nullptr},
    {"this_past", "weekday", {{"weekday", "Wednesday"}, {"shift", "this past"}}, "2019-01-31", "2019-01-30", nullptr},
    {"last", "weekday", {{"weekday", "Wednesday"}, {"shift", "last"}}, "2019-01-31", "2019-01-23", nullptr},
    {"ja_next_week", "weekday", {{"weekday", "月"}, {"week", "来"}}, "2017-12-04", "2017-12-11", nullptr},
    {"ja_this_week_sunday", "weekday", {{"weekday", "日"}, {"week", "今"}}, "2016-11-07", "2016-11-13", nullptr},
    {"ja_kondo", "weekday", {{"weekday", "金"}, {"shift", "今度"}}, "2019-01-31", "2019-02-01", nullptr},
    {"bad_weekday", "weekday", {{"weekday", "Funday"}, {"shift", "next"}}, "2019-01-31", nullptr, nullptr},
    {"no_ref", "weekday", {{"weekday", "Friday"}, {"shift", "next"}}, "", nullptr, nullptr},
};

TEST(WeekdayRecipe, Values) {
  for (const RecipeCase& c : kWeekdayCases) Check(c);
}

const RecipeCase kHolidayCases[] = {
    {"black_friday", "holiday", {{"holiday", "black friday"}, {"year", "2010"}}, "", "2010-11-26", nullptr},
    {"easter", "holiday", {{"holiday", "Easter"}, {"year", "2019"}}, "", "2019-04-21", nullptr},
    {"st_patricks", "holiday", {{"holiday", "St. Patrick's Day"}, {"year", "2020"}}, "", "2020-03-17", nullptr},
    {"christmas_ref", "holiday", {{"holiday", "Christmas"}}, "2024-05-01", "2024-12-25", nullptr},
    {"christmas_no_ref", "holiday", {{"holiday", "Christmas"}}, "", "XXXX-12-25", nullptr},
    {"last_easter_before", "holiday", {{"holiday", "easter"}, {"shift", "last"}}, "2019-03-12", "2018-04-01", nullptr},
    {"next_easter_after", "holiday", {{"holiday", "easter"}, {"shift", "following"}}, "2019-06-12", "2020-04-12",
     nullptr},
    {"unknown", "holiday", {{"holiday", "independence day"}}, "2019-06-12", nullptr, nullptr},
};

TEST(HolidayRecipe, Values) {
  for (const RecipeCase& c : kHolidayCases) Check(c);
}

// ---- date rules in the pipeline, against a figure rule for every number ----

struct TextCase {
  const char* name;
  const char* text;
  const char* ref;
  std::vector<std::string> dates;  // values, in text order
};

// A patterns dir whose only rule reads any run of digits as a count, the
// way figure rules would compete with dates for "2024".
std::string FigureRulesDir() {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kiji_dates_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "common");
  std::ofstream(dir / "common" / "figures.rules") << "rule figure.any_number\n"
                                                     "  match   (?P<number>\\d+(?:,\\d{3})*)\n"
                                                     "  value   figure(kind=\"count\", number)\n"
                                                     "  example \"[87]\" => 87\n";
  return dir.string();
}

const Pipeline& WithFigures() {
  static Pipeline* p = [] {
    PipelineOptions o;
    o.pattern_dirs.push_back(FigureRulesDir());
    Result<Pipeline> r = Pipeline::Create(o);  // reads the rules now
    std::filesystem::remove_all(o.pattern_dirs.back());
    if (!r.ok()) {
      ADD_FAILURE() << r.error().Message();
      std::abort();
    }
    return new Pipeline(std::move(r).value());
  }();
  return *p;
}

const TextCase kTextCases[] = {
    {"years_beat_figures", "Founded in 2020, it created 87 new jobs by 2030.", "", {"2020", "2030"}},
    {"between_two_months", "a visit between March and April.", "", {"XXXX-03", "XXXX-04"}},
    {"between_two_months_ref", "a visit between March and April.", "2025-02-28", {"2025-03", "2025-04"}},
    {"dateline", "BAKU, Azerbaijan, February 28. Japan is set to play a role.", "2025-02-28", {"2025-02-28"}},
    {"phone_is_no_date", "Phone: 03-5846-2131 (General)", "", {}},
    {"version_is_no_date", "Upgrade to version 2.1.2019 now.", "", {}},
    {"may_verb", "This may take longer than expected. May I ask?", "2024-01-01", {}},
    {"ja_full", "2025年12月22日に発表、2025/12/22付", "", {"2025-12-22", "2025-12-22"}},
    {"ja_era", "令和7年5月に施行", "", {"2025-05"}},
    {"ja_jun", "3月上旬から5月下旬まで", "2025-01-10", {"2025-03", "2025-05"}},
    {"ja_counter_is_no_date", "14の支部と7機関", "", {}},
    {"ja_month_range", "2025年4～9月期の連結決算", "2025-11-08", {"2025-04", "2025-09"}},
    {"ja_month_range_no_year", "1～3月期は減益", "2025-11-08", {"2025-01", "2025-03"}},
    {"ja_day_range", "次回会合は12月18～19日に開く。", "2025-11-08", {"2025-12-18", "2025-12-19"}},
    {"ja_from_to", "3月から5月まで", "2025-01-10", {"2025-03", "2025-05"}},
    {"ja_day_alone", "トヨタ自動車は8日、決算を発表した。", "2025-11-08", {"2025-11-08"}},
    {"ja_day_alone_last_month", "同社は30日に発表した。", "2025-11-02", {"2025-10-30"}},
    {"future_crosses_year", "He will step down on Jan. 1.", "2025-11-08", {"2026-01-01"}},
    {"past_crosses_year", "Sales rose in December.", "2025-02-10", {"2024-12"}},
    {"no_tense_reference_year", "The fair: March 3 in Osaka", "2025-11-08", {"2025-03-03"}},
    {"ja_future", "1月に発売する予定だ。", "2025-11-08", {"2026-01"}},
    {"ja_past", "12月に発売した。", "2025-02-08", {"2024-12"}},
    {"ja_amount_is_no_year", "投資額は1兆2000億円。", "", {}},
    {"ja_small_number_is_no_month", "社員は3人、拠点は4～5カ所", "", {}},
    {"fixed_holiday_no_year", "Sales peak at Christmas.", "", {"XXXX-12-25"}},
    {"movable_holiday_no_year_keeps_month", "Black Friday deals are live.", "", {"XXXX-11"}},
    {"movable_holiday_no_month", "Shops close for Easter.", "", {}},
    {"movable_holiday_ref", "Black Friday deals are live.", "2019-11-20", {"2019-11-29"}},
    {"first_half_short", "Revenue in 1H 2025 beat 2H 2024.", "", {"2025", "2024"}},
    {"month_range_takes_year", "Sales from January to March 2025 rose.", "", {"2025-01", "2025-03"}},
    {"month_range_across_years", "Sales in Nov-Feb 2017 rose.", "", {"2016-11", "2017-02"}},
    {"day_range_takes_year", "The show runs Nov. 11-15, 2024 in Las Vegas.", "", {"2024-11-11", "2024-11-15"}},
    {"year_range", "the 2021-2025 plan", "", {"2021", "2025"}},
    {"year_range_backwards_is_no_date", "a score of 2015-2010", "", {}},
    {"year_before_dash_and_words", "(Graphic: Global assets in 2019 - here)", "", {"2019"}},
    {"number_dash_year_is_no_date", "Is this a valid date? 32 - 2015", "", {}},
    {"this_past_month", "This past May, the agency selected 11 companies.", "2019-11-18", {"2019-05"}},
    {"this_coming_month", "Talks resume this coming September.", "2024-01-15", {"2024-09"}},
    {"time_is_no_day", "closed from 10:30 p.m. Aug. 9 to 6:30 a.m. the next day", "", {"XXXX-08-09"}},
    // Years that the text's other dates settle (ResolveTextYears).
    {"ja_same_year_next_sentence", "着工は2018年7月の予定。稼働は同年10月だ。", "", {"2018-07", "2018-10"}},
    {"ja_next_year", "2030年に完成し、翌年に稼働する", "", {"2030", "2031"}},
    {"ja_same_year_without_anchor", "同年10月に稼働する", "", {}},
    {"ja_same_generation_is_no_date", "2020年に入社した同年代の社員", "", {"2020"}},
    {"ja_era_named_once", "令和7年度予算は6年度当初予算を上回った", "", {"2025", "2024"}},
    {"ja_heisei_two_digits", "平成28年度の投資は27年度実績比で増えた", "2016-08-04", {"2016", "2015"}},
    {"ja_far_from_era_keeps_century", "令和7年度に着手し、30年度までに完成する", "", {"2025", "2030"}},
    {"ja_one_digit_from_reference", "総額は7年度当初予算を上回った", "2025-01-10", {"2025"}},
    {"ja_one_digit_without_era", "総額は7年度当初予算を上回った", "", {}},
    // Two-digit years alone, read by how the text writes its years.
    {"ja_short_year_full_years_text", "2024年に着工し、27年に開業する", "", {"2024", "2027"}},
    {"ja_short_year_no_reference", "竣工は19年末、稼働は20年初頭の予定", "", {"2019", "2020"}},
    {"ja_short_year_era_text", "平成28年度に着工した。20年に初号機が稼働した", "", {"2016", "2008"}},
    {"ja_short_year_heisei_by_reference", "26年度の設備投資は増える", "2016-05-01", {"2014"}},
    {"ja_short_year_western_by_reference", "26年度の設備投資は増える", "2025-05-01", {"2026"}},
    {"ja_short_year_after_heisei", "量産は31年初頭に始める", "2024-01-15", {"2031"}},
    {"ja_short_year_span_is_no_date", "創業50年に当たり、過去10年以降の実績を見直す", "", {}},
    {"ja_month_range_era_year", "平成18年10月から12月までの累計", "", {"2006-10", "2006-12"}},
    {"ja_year_range", "中期経営計画(2020~2022年度)の最終年", "", {"2020", "2022"}},
    {"ja_era_year_range", "第二次ベビーブーム期(昭和46年~49年)以降", "", {"1971", "1974"}},
    {"ja_fiscal_month_companies", "3月決算企業の中間決算が出そろった", "2025-11-08", {}},
    {"ja_day_list", "展示会は4月5、6の両日に開く", "2017-04-04", {"2017-04-05", "2017-04-06"}},
    // A past verb right after a month outweighs a plan elsewhere in the
    // sentence: a December article's "9月に公表した計画" is this September.
    {"ja_past_verb_beats_plan", "9月に公表した中期計画の見通しを据え置く。", "2024-12-10", {"2024-09"}},
    {"ja_plan_without_past_verb", "2月に新工場を稼働させる計画だ。", "2024-12-10", {"2025-02"}},
    {"ja_upcoming_is_ahead", "2月に控えた総会で諮る予定だ。", "2024-12-10", {"2025-02"}},
    // Market reports: a run of days is no date; 後場 is a session of the day.
    {"ja_run_of_days", "日経平均は4日続伸し、電機株は2日続けて上昇、銀行株は5日ぶりに反落した。", "2024-12-10", {}},
    {"ja_day_afternoon_session", "17日後場の東京市場は小動きだった。", "2024-12-20", {"2024-12-17"}},
    {"ja_ytd_high_is_no_date", "商社株が年初来高値を更新した。", "2024-12-10", {}},
    {"ja_fiscal_month_stocks", "6月期決算銘柄の発表が始まった", "2025-08-08", {}},
};

TEST(DateRules, InText) {
  for (const TextCase& c : kTextCases) {
    SCOPED_TRACE(c.name);
    text::NormText nt = text::Normalize(c.text);
    Analysis a = WithFigures().Analyze(nt, ParseRefDate(c.ref));
    std::vector<std::string> got;
    for (const Entity& e : a.entities) {
      if (e.type == "date") got.push_back(e.fields["value"].get<std::string>());
    }
    EXPECT_EQ(got, c.dates);
  }
}

}  // namespace
}  // namespace kiji::resolve
