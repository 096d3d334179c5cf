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

}  // namespace

namespace {

const text::NormText& TextOf(const Record& r) {
  static const text::NormText kEmpty;
  return r.text ? *r.text : kEmpty;
}

// Byte offsets -> code point offsets for every span of a record, converted
// in one forward walk over the text.
class CodePoints {
 public:
  explicit CodePoints(const Record& r);
  size_t operator()(size_t byte) const {
    auto it = std::lower_bound(offsets_.begin(), offsets_.end(), byte);
    return cps_[static_cast<size_t>(it - offsets_.begin())];
  }

 private:
  std::vector<size_t> offsets_;
  std::vector<size_t> cps_;
};

CodePoints::CodePoints(const Record& r) {
  std::vector<size_t>& offsets = offsets_;
  for (const auto& e : r.entities) { offsets.push_back(e.begin); offsets.push_back(e.end); }
  for (const auto& a : r.agreements) {
    offsets.push_back(a.begin);
    offsets.push_back(a.end);
    for (const auto& m : a.mentions) { offsets.push_back(m.begin); offsets.push_back(m.end); }
  }
  if (r.dateline) { offsets.push_back(r.dateline->begin); offsets.push_back(r.dateline->end); }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  cps_.resize(offsets.size());
  text::CodePointCounter counter(TextOf(r).text);
  for (size_t i = 0; i < offsets.size(); ++i) cps_[i] = counter.At(offsets[i]);
}

Json EntityJson(const resolve::Entity& e, std::string_view all, const CodePoints& cp) {
  Json o = Json::object();
  o["type"] = e.type;
  o["text"] = std::string(all.substr(e.begin, e.end - e.begin));
  o["start"] = cp(e.begin);
  o["end"] = cp(e.end);
  o["lang"] = e.lang;
  o["rule"] = e.rule;
  for (auto it = e.fields.begin(); it != e.fields.end(); ++it) o[it.key()] = it.value();
  return o;
}

// Builds the record; `streamed` leaves "text" and "entities" null for
// Serialize to write itself, piece by piece.
Json BuildJson(const Record& r, const CodePoints& cp, bool streamed) {
  const text::NormText& nt = TextOf(r);
  std::string_view all(nt.text);

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
  j["text"] = streamed ? Json(nullptr) : Json(nt.text);
  Json ents = Json::array();
  if (!streamed) {
    for (const resolve::Entity& e : r.entities) ents.push_back(EntityJson(e, all, cp));
  }
  j["entities"] = streamed ? Json(nullptr) : std::move(ents);
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

// Appends `s` as a JSON string. `s` is valid UTF-8 (lib/text repaired it),
// so runs of ordinary bytes are copied whole; nlohmann's dump decodes every
// byte to validate it, which cost more than the rest of the record for long
// texts.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[j]);
      if (c < 0x20 || c == '"' || c == '\\') break;
      ++j;
    }
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[j]);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\t': out.append("\\t"); break;
      case '\r': out.append("\\r"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    i = j + 1;
  }
  out.push_back('"');
}

}  // namespace

Json ToJson(const Record& r) { return BuildJson(r, CodePoints(r), false); }

std::string Serialize(const Record& record, bool pretty) {
  // Invalid UTF-8 cannot reach here (lib/text repairs it), but replace
  // rather than throw if it ever does.
  constexpr auto kReplace = Json::error_handler_t::replace;
  if (pretty) return ToJson(record).dump(2, ' ', false, kReplace);
  // One line: every field through nlohmann but the long `text`, and the
  // entities one at a time, so no tree of the whole record is ever built.
  CodePoints cp(record);
  Json j = BuildJson(record, cp, true);
  std::string_view all(TextOf(record).text);
  std::string out;
  out.reserve(all.size() * 11 / 10 + record.entities.size() * 160 + 4096);
  out.push_back('{');
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, it.key());
    out.push_back(':');
    if (it.key() == "text") {
      AppendJsonString(out, all);
    } else if (it.key() == "entities") {
      out.push_back('[');
      for (size_t i = 0; i < record.entities.size(); ++i) {
        if (i) out.push_back(',');
        out += EntityJson(record.entities[i], all, cp).dump(-1, ' ', false, kReplace);
      }
      out.push_back(']');
    } else {
      out += it.value().dump(-1, ' ', false, kReplace);
    }
  }
  out.push_back('}');
  return out;
}

}  // namespace kiji::emit
