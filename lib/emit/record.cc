#include "emit/record.h"

#include <algorithm>
#include <cstdio>

namespace kiji::emit {

using resolve::Json;

std::string StableId(const extract::Source& source, std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // separator, so ("ab","c") and ("a","bc") differ
    h *= 1099511628211ULL;
  };
  mix(source.location);
  mix(source.member ? *source.member : std::string_view());
  mix(bytes);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

template <typename T>
Json Opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// Builds the record; without `entities` (an empty array) when
// `with_entities` is false, and with an empty `text`, for Serialize to
// write them itself.
Json BuildJson(const Record& r, bool with_entities) {
  static const text::NormText kEmpty;
  const text::NormText& nt = r.text ? *r.text : kEmpty;
  std::string_view all(nt.text);

  // All byte offsets that need code points, converted in one forward walk.
  std::vector<size_t> offsets;
  if (with_entities) {
    for (const auto& e : r.entities) { offsets.push_back(e.begin); offsets.push_back(e.end); }
  }
  for (const auto& a : r.agreements) {
    offsets.push_back(a.begin);
    offsets.push_back(a.end);
    for (const auto& m : a.mentions) { offsets.push_back(m.begin); offsets.push_back(m.end); }
  }
  if (r.dateline) { offsets.push_back(r.dateline->begin); offsets.push_back(r.dateline->end); }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::vector<size_t> cps(offsets.size());
  text::CodePointCounter counter(all);
  for (size_t i = 0; i < offsets.size(); ++i) cps[i] = counter.At(offsets[i]);
  auto cp = [&](size_t byte) {
    auto it = std::lower_bound(offsets.begin(), offsets.end(), byte);
    return cps[static_cast<size_t>(it - offsets.begin())];
  };

  Json j = Json::object();
  j["schema"] = "kiji.article/1";
  j["id"] = r.id;
  Json src = Json::object();
  src["type"] = r.source.type;
  src["location"] = r.source.location;
  src["member"] = Opt(r.source.member);
  src["fetched_at"] = Opt(r.source.fetched_at);
  src["status"] = Opt(r.source.status);
  src["content_type"] = Opt(r.source.content_type);
  j["source"] = std::move(src);
  j["lang"] = r.lang;
  j["title"] = Opt(r.title);
  j["published"] = Opt(r.published);
  j["text"] = with_entities ? nt.text : std::string();
  Json ents = Json::array();
  static const std::vector<resolve::Entity> kNone;
  for (const resolve::Entity& e : with_entities ? r.entities : kNone) {
    Json o = Json::object();
    o["type"] = e.type;
    o["text"] = std::string(all.substr(e.begin, e.end - e.begin));
    o["start"] = cp(e.begin);
    o["end"] = cp(e.end);
    o["lang"] = e.lang;
    o["rule"] = e.rule;
    for (auto it = e.fields.begin(); it != e.fields.end(); ++it) o[it.key()] = it.value();
    ents.push_back(std::move(o));
  }
  j["entities"] = std::move(ents);
  Json agrs = Json::array();
  for (const resolve::Agreement& a : r.agreements) {
    Json o = Json::object();
    o["kind"] = a.kind;
    o["text"] = std::string(all.substr(a.begin, a.end - a.begin));
    o["start"] = cp(a.begin);
    o["end"] = cp(a.end);
    o["parties"] = a.parties;
    o["date"] = a.date;
    o["status"] = a.status;
    o["subject"] = a.subject;
    o["sentence"] = a.sentence;
    Json ms = Json::array();
    for (const auto& m : a.mentions) ms.push_back(Json{{"start", cp(m.begin)}, {"end", cp(m.end)}});
    o["mentions"] = std::move(ms);
    agrs.push_back(std::move(o));
  }
  j["agreements"] = std::move(agrs);
  j["warnings"] = r.warnings;
  j["canonical_url"] = Opt(r.canonical_url);
  j["dateline"] = nullptr;
  if (r.dateline) {
    Json d = Json::object();
    d["text"] = r.dateline->text;
    d["place"] = r.dateline->place;
    d["start"] = cp(r.dateline->begin);
    d["end"] = cp(r.dateline->end);
    j["dateline"] = std::move(d);
  }
  return j;
}

// Appends `s` as a JSON string, escaped as nlohmann::json dumps it without
// ensure_ascii (UTF-8 kept; ", \\ and control characters escaped).
void WriteString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.substr(run));
  out.push_back('"');
}

// Appends `v` as nlohmann::json dumps it (compact): strings, arrays and
// objects here, other scalars through dump().
void WriteJson(std::string& out, const Json& v) {
  if (v.is_string()) {
    WriteString(out, v.get_ref<const std::string&>());
  } else if (v.is_array()) {
    out.push_back('[');
    bool first = true;
    for (const Json& x : v) {
      if (!first) out.push_back(',');
      first = false;
      WriteJson(out, x);
    }
    out.push_back(']');
  } else if (v.is_object()) {
    out.push_back('{');
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) out.push_back(',');
      first = false;
      WriteString(out, it.key());
      out.push_back(':');
      WriteJson(out, it.value());
    }
    out.push_back('}');
  } else {
    out += v.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

// Appends the entities array, as BuildJson would give it.
void WriteEntities(std::string& out, const Record& r) {
  static const text::NormText kEmpty;
  std::string_view all((r.text ? *r.text : kEmpty).text);
  std::vector<size_t> offsets;
  offsets.reserve(r.entities.size() * 2);
  for (const auto& e : r.entities) { offsets.push_back(e.begin); offsets.push_back(e.end); }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::vector<size_t> cps(offsets.size());
  text::CodePointCounter counter(all);
  for (size_t i = 0; i < offsets.size(); ++i) cps[i] = counter.At(offsets[i]);
  auto cp = [&](size_t byte) {
    return std::to_string(cps[static_cast<size_t>(std::lower_bound(offsets.begin(), offsets.end(), byte) - offsets.begin())]);
  };
  out.push_back('[');
  bool first = true;
  for (const resolve::Entity& e : r.entities) {
    if (!first) out.push_back(',');
    first = false;
    out += "{\"type\":";
    WriteString(out, e.type);
    out += ",\"text\":";
    WriteString(out, all.substr(e.begin, e.end - e.begin));
    out += ",\"start\":" + cp(e.begin) + ",\"end\":" + cp(e.end) + ",\"lang\":";
    WriteString(out, e.lang);
    out += ",\"rule\":";
    WriteString(out, e.rule);
    for (auto it = e.fields.begin(); it != e.fields.end(); ++it) {
      // A field named like a common one replaces it in BuildJson; none does.
      out.push_back(',');
      WriteString(out, it.key());
      out.push_back(':');
      WriteJson(out, it.value());
    }
    out.push_back('}');
  }
  out.push_back(']');
}

}  // namespace

Json ToJson(const Record& r) { return BuildJson(r, true); }

std::string Serialize(const Record& record, bool pretty) {
  // Invalid UTF-8 cannot reach here (lib/text repairs it), but replace
  // rather than throw if it ever does.
  if (pretty) return ToJson(record).dump(2, ' ', false, Json::error_handler_t::replace);
  // The text and the entities are most of a record's JSON: written directly
  // rather than built as a JSON tree first (same bytes; tests/emit_test.cc
  // checks).
  std::string rest = BuildJson(record, false).dump(-1, ' ', false, Json::error_handler_t::replace);
  // Strings are escaped, so these keys can only be the keys themselves.
  static constexpr std::string_view kSlot = "\"text\":\"\",\"entities\":[]";
  size_t at = rest.find(kSlot);
  std::string out;
  out.reserve(rest.size() + (record.text ? record.text->text.size() : 0) + record.entities.size() * 256);
  out.append(rest, 0, at);
  out += "\"text\":";
  WriteString(out, record.text ? std::string_view(record.text->text) : std::string_view());
  out += ",\"entities\":";
  WriteEntities(out, record);
  out.append(rest, at + kSlot.size());
  return out;
}

}  // namespace kiji::emit
