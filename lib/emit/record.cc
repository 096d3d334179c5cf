#include "emit/record.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <type_traits>

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

const text::NormText& TextOf(const Record& r) {
  static const text::NormText kEmpty;
  return r.text ? *r.text : kEmpty;
}

constexpr auto kReplace = Json::error_handler_t::replace;

// Returns a word with the high bit set in the lowest byte of `w` that is not
// plain ASCII to copy as is (a control character, '"', '\\' or a byte of a
// multi-byte sequence), and maybe in later ones; zero when all are plain.
inline uint64_t Special(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (w & kHigh) | below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'));
}

// Writes JSON into a string value by value, as nlohmann's dump() (indent 2
// when `pretty`, else one line) writes the same tree, so no tree of the
// record is built. Strings are escaped byte for byte as nlohmann escapes
// them (ensure_ascii off); floats and anything odd go through nlohmann's
// own serializer. The string is used as a buffer (its size is the room to
// write in) until Finish().
class Writer {
 public:
  Writer(std::string& out, bool pretty, size_t size_hint) : out_(out), pretty_(pretty) {
    out_.resize(std::max<size_t>(size_hint, 64));
  }
  // Trims the string to what was written.
  void Finish() { out_.resize(pos_); }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // Writes the key of the next member of the open object.
  void Key(std::string_view key) {
    Element();
    Quoted(key);
    if (pretty_) Put(": ");
    else Put(':');
    after_key_ = true;
  }

  // Writes a key with nothing to escape: the record's own keys.
  [[gnu::always_inline]] void PlainKey(std::string_view key) {
    Element();
    char* d = Room(key.size() + 4);
    d[0] = '"';
    std::memcpy(d + 1, key.data(), key.size());
    d[key.size() + 1] = '"';
    d[key.size() + 2] = ':';
    d[key.size() + 3] = ' ';
    pos_ += key.size() + (pretty_ ? 4 : 3);
    after_key_ = true;
  }

  void String(std::string_view s) {
    Start();
    Quoted(s);
  }
  template <typename Int>
  void Integer(Int n) {
    Start();
    char* d = Room(24);
    pos_ = static_cast<size_t>(std::to_chars(d, d + 24, n).ptr - out_.data());
  }
  void Null() {
    Start();
    Put("null");
  }
  template <typename T>
  void Optional(const std::optional<T>& v) {
    if (!v) Null();
    else if constexpr (std::is_same_v<T, std::string>) String(*v);
    else Integer(*v);
  }
  void Strings(const std::vector<std::string>& v) {
    BeginArray();
    for (const std::string& s : v) String(s);
    EndArray();
  }

  void Value(const Json& v) {
    switch (v.type()) {
      case Json::value_t::null: Null(); return;
      case Json::value_t::string: String(v.get_ref<const std::string&>()); return;
      case Json::value_t::number_unsigned: Integer(v.get<uint64_t>()); return;
      case Json::value_t::number_integer: Integer(v.get<int64_t>()); return;
      case Json::value_t::boolean:
        Start();
        Put(v.get<bool>() ? std::string_view("true") : std::string_view("false"));
        return;
      case Json::value_t::object:
        BeginObject();
        for (const auto& [key, value] : v.get_ref<const Json::object_t&>()) {
          Key(key);
          Value(value);
        }
        EndObject();
        return;
      case Json::value_t::array:
        BeginArray();
        for (const Json& e : v.get_ref<const Json::array_t&>()) Value(e);
        EndArray();
        return;
      default:  // floating point numbers, binary
        Start();
        Nlohmann(v);
    }
  }

 private:
  // The small writers are forced inline: they run for every key and value.
  // Returns where to write `n` more bytes.
  [[gnu::always_inline]] char* Room(size_t n) {
    if (out_.size() - pos_ < n) [[unlikely]] Grow(n);
    return out_.data() + pos_;
  }
  [[gnu::noinline]] void Grow(size_t n) { out_.resize(std::max(2 * out_.size(), pos_ + n)); }
  [[gnu::always_inline]] void Put(char c) {
    *Room(1) = c;
    ++pos_;
  }
  [[gnu::always_inline]] void Put(std::string_view s) {
    std::memcpy(Room(s.size()), s.data(), s.size());
    pos_ += s.size();
  }
  // Writes `v` with nlohmann's serializer, made on first use.
  void Nlohmann(const Json& v) {
    out_.resize(pos_);
    if (!json_) json_.emplace(nlohmann::detail::output_adapter<char, std::string>(out_), ' ', kReplace);
    json_->dump(v, pretty_, false, 2, static_cast<unsigned>(2 * depth_));
    pos_ = out_.size();
  }

  // Starts a value: after a key nothing, else it is the next element.
  [[gnu::always_inline]] void Start() {
    if (after_key_) after_key_ = false;
    else Element();
  }
  // Writes what goes before the next element of the open container.
  [[gnu::always_inline]] void Element() {
    if (depth_ == 0) return;
    if (!first_) Put(',');
    first_ = false;
    if (pretty_) Indent();
  }
  void Indent() {
    const size_t n = 2 * depth_;
    char* d = Room(n + 1);
    d[0] = '\n';
    std::memset(d + 1, ' ', n);
    pos_ += n + 1;
  }
  void Open(char bracket) {
    Start();
    Put(bracket);
    ++depth_;
    first_ = true;
  }
  // nlohmann writes an empty container as "{}" or "[]" on one line.
  void Close(char bracket) {
    const bool empty = first_;
    --depth_;
    first_ = false;  // the container closed is an element of its parent
    if (!empty && pretty_) Indent();
    Put(bracket);
  }

  // Writes `s` quoted and escaped. Runs of ordinary bytes are copied whole
  // (nlohmann decodes every byte, which cost more than the rest of the
  // record for long texts); invalid UTF-8 is left to nlohmann, which
  // decides what replaces the bad bytes.
  void Quoted(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size(), mark = pos_;
    Put('"');
    size_t copied = 0;  // s[copied, i) is yet to be written
    size_t i = 0;
    while (i < n) {
      for (uint64_t w; i + 8 <= n; i += 8) {
        std::memcpy(&w, p + i, 8);
        if (uint64_t mask = Special(w)) {
          i += static_cast<size_t>(std::countr_zero(mask)) / 8;
          break;
        }
      }
      if (n >= 8 && n - i < 8) {  // the last bytes, as the string's last word
        uint64_t w;
        std::memcpy(&w, p + n - 8, 8);
        if (!Special(w)) break;
      }
      // Up to the next byte to look at: ASCII that needs no escape.
      while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') ++i;
      if (i == n) break;
      const unsigned char c = p[i];
      if (c >= 0x80) {
        // A run of multi-byte characters (Japanese text).
        do {
          UChar32 cp;
          U8_NEXT(p, i, n, cp);  // well-formed UTF-8 only, as nlohmann's check
          if (cp < 0) {
            pos_ = mark;
            Nlohmann(Json(std::string(s)));
            return;
          }
        } while (i < n && p[i] >= 0x80);
        continue;
      }
      Put(s.substr(copied, i - copied));
      switch (c) {
        case '"': Put("\\\""); break;
        case '\\': Put("\\\\"); break;
        case '\n': Put("\\n"); break;
        case '\t': Put("\\t"); break;
        case '\r': Put("\\r"); break;
        case '\b': Put("\\b"); break;
        case '\f': Put("\\f"); break;
        default: {
          const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          Put(std::string_view(esc, 6));
        }
      }
      copied = ++i;
    }
    Put(s.substr(copied));
    Put('"');
  }

  std::string& out_;
  size_t pos_ = 0;  // bytes written
  bool pretty_;
  std::optional<nlohmann::detail::serializer<Json>> json_;
  size_t depth_ = 0;    // containers open
  bool first_ = false;  // no element written yet in the innermost one
  bool after_key_ = false;
};

// Returns true for the keys an entity writes before its type-specific
// fields (a switch: this runs for every field of every entity).
bool IsEntityKey(std::string_view k) {
  switch (k.empty() ? 0 : k[0]) {
    case 't': return k == "type" || k == "text";
    case 's': return k == "start";
    case 'e': return k == "end";
    case 'l': return k == "lang";
    case 'r': return k == "rule";
    default: return false;
  }
}

void WriteEntity(Writer& w, const resolve::Entity& e, std::string_view all, text::CodePointCounter& cp) {
  static const Json::object_t kNoFields;
  const Json::object_t& fields = e.fields.is_object() ? e.fields.get_ref<const Json::object_t&>() : kNoFields;
  // A field named like one of the leading keys takes its place and value,
  // as Json::operator[] on the tree does.
  bool clash = false;
  for (const auto& field : fields) clash = clash || IsEntityKey(field.first);
  auto key = [&](std::string_view k) {
    w.PlainKey(k);
    if (!clash) return false;
    auto it = fields.find(std::string(k));
    if (it == fields.end()) return false;
    w.Value(it->second);
    return true;
  };
  w.BeginObject();
  if (!key("type")) w.String(e.type);
  if (!key("text")) w.String(all.substr(e.begin, e.end - e.begin));
  if (!key("start")) w.Integer(cp.At(e.begin));
  if (!key("end")) w.Integer(cp.At(e.end));
  if (!key("lang")) w.String(e.lang);
  if (!key("rule")) w.String(e.rule);
  for (const auto& [k, v] : fields) {
    if (clash && IsEntityKey(k)) continue;
    w.Key(k);
    w.Value(v);
  }
  w.EndObject();
}

}  // namespace

Json ToJson(const Record& r) {
  return Json::parse(Serialize(r, false));
}

// Writes the record in RECORD.md's key order, byte for byte what
// nlohmann::json would dump of it (tests/emit_test.cc compares the two).
std::string Serialize(const Record& r, bool pretty) {
  std::string_view all(TextOf(r).text);
  text::CodePointCounter cp(all);  // offsets mostly ascend: about one walk
  std::string out;
  Writer w(out, pretty, all.size() * 11 / 10 + r.entities.size() * 200 + r.agreements.size() * 400 + 1024);
  w.BeginObject();
  w.PlainKey("schema");
  w.String("kiji.article/1");
  w.PlainKey("id");
  w.String(r.id);
  w.PlainKey("source");
  w.BeginObject();
  w.PlainKey("type");
  w.String(r.source.type);
  w.PlainKey("location");
  w.String(r.source.location);
  w.PlainKey("member");
  w.Optional(r.source.member);
  w.PlainKey("fetched_at");
  w.Optional(r.source.fetched_at);
  w.PlainKey("status");
  w.Optional(r.source.status);
  w.PlainKey("content_type");
  w.Optional(r.source.content_type);
  w.EndObject();
  w.PlainKey("lang");
  w.String(r.lang);
  w.PlainKey("title");
  w.Optional(r.title);
  w.PlainKey("published");
  w.Optional(r.published);
  w.PlainKey("text");
  w.String(all);
  w.PlainKey("entities");
  w.BeginArray();
  for (const resolve::Entity& e : r.entities) WriteEntity(w, e, all, cp);
  w.EndArray();
  w.PlainKey("agreements");
  w.BeginArray();
  for (const resolve::Agreement& a : r.agreements) {
    w.BeginObject();
    w.PlainKey("kind");
    w.String(a.kind);
    w.PlainKey("text");
    w.String(all.substr(a.begin, a.end - a.begin));
    w.PlainKey("start");
    w.Integer(cp.At(a.begin));
    w.PlainKey("end");
    w.Integer(cp.At(a.end));
    w.PlainKey("parties");
    w.Strings(a.parties);
    w.PlainKey("date");
    w.Value(a.date);
    w.PlainKey("status");
    w.String(a.status);
    w.PlainKey("subject");
    w.Value(a.subject);
    w.PlainKey("sentence");
    w.String(a.sentence);
    w.PlainKey("mentions");
    w.BeginArray();
    for (const resolve::Mention& m : a.mentions) {
      w.BeginObject();
      w.PlainKey("start");
      w.Integer(cp.At(m.begin));
      w.PlainKey("end");
      w.Integer(cp.At(m.end));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.PlainKey("warnings");
  w.Strings(r.warnings);
  w.PlainKey("canonical_url");
  w.Optional(r.canonical_url);
  w.PlainKey("dateline");
  if (r.dateline) {
    w.BeginObject();
    w.PlainKey("text");
    w.String(r.dateline->text);
    w.PlainKey("place");
    w.String(r.dateline->place);
    w.PlainKey("start");
    w.Integer(cp.At(r.dateline->begin));
    w.PlainKey("end");
    w.Integer(cp.At(r.dateline->end));
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  w.Finish();
  return out;
}

}  // namespace kiji::emit
