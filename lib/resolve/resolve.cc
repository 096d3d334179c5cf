#include "resolve/resolve.h"

#include <algorithm>
#include <cstdint>

namespace kiji::resolve {

std::string OverlapClass(const std::string& type) {
  if (type == "date" || type == "figure") return "value";
  return type;
}

namespace {

// A match (or entity) in overlap resolution.
struct Candidate {
  // SweepOrder packed into two numbers, so that most comparisons in the
  // sort are one or two integer compares (see MakeCandidate).
  uint64_t order_high = 0;
  uint64_t order_low = 0;
  size_t index = 0;  // into the matches (or entities): the last tie-break
  size_t kept_at = 0;  // once kept: how many were kept before it (Sweep)
  size_t begin = 0;  // byte span
  size_t end = 0;
  int priority = 0;
  int overlap_class = 0;  // rank of the class name: classes are swept in name order
};

// Orders candidates for the sweep: class by class, then longest, then the
// higher priority, then the earlier start, then as given.
bool SweepOrder(const Candidate& a, const Candidate& b) {
  if (a.overlap_class != b.overlap_class) return a.overlap_class < b.overlap_class;
  size_t la = a.end - a.begin, lb = b.end - b.begin;
  if (la != lb) return la > lb;
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.begin != b.begin) return a.begin < b.begin;
  return a.index < b.index;
}

// SweepOrder, mostly on the packed keys: where they differ they order as
// SweepOrder does; where they are equal SweepOrder decides.
bool PackedSweepOrder(const Candidate& a, const Candidate& b) {
  if (a.order_high != b.order_high) return a.order_high < b.order_high;
  if (a.order_low != b.order_low) return a.order_low < b.order_low;
  return SweepOrder(a, b);
}

// Returns a candidate with its packed keys: high = class (8 bits), then
// the length, longest first (56 bits); low = the priority, highest first
// (32 bits), then the start (32 bits). A field too large for its bits is
// capped: a cap only makes keys equal, never out of order.
Candidate MakeCandidate(size_t index, size_t begin, size_t end, int priority, int overlap_class) {
  constexpr uint64_t kLenMax = (uint64_t{1} << 56) - 1;
  const uint64_t cls = std::min<uint64_t>(static_cast<uint64_t>(std::max(overlap_class, 0)), 255);
  const uint64_t len = std::min<uint64_t>(end - begin, kLenMax);
  // Signed to unsigned, order kept (flip the sign bit), then reversed.
  const uint32_t prio = ~(static_cast<uint32_t>(priority) ^ 0x80000000u);
  const uint64_t start = std::min<uint64_t>(begin, 0xFFFFFFFFu);
  Candidate c;
  c.order_high = (cls << 56) | (kLenMax - len);
  c.order_low = (uint64_t{prio} << 32) | start;
  c.index = index;
  c.begin = begin;
  c.end = end;
  c.priority = priority;
  c.overlap_class = overlap_class;
  return c;
}

// One bit per byte of a text: a set of byte ranges.
class ByteBits {
 public:
  // Clears bytes [0, n), making room for them.
  void Reset(size_t n) {
    const size_t words = (n + 63) / 64;
    if (words_.size() < words) words_.resize(words);
    std::fill(words_.begin(), words_.begin() + static_cast<ptrdiff_t>(words), 0);
  }
  bool Test(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
  // Returns whether a byte of [b, e) is in the set (b < e).
  bool Any(size_t b, size_t e) const {
    size_t first = b / 64, last = (e - 1) / 64;
    uint64_t head = ~uint64_t{0} << (b % 64), tail = ~uint64_t{0} >> (63 - (e - 1) % 64);
    if (first == last) return (words_[first] & head & tail) != 0;
    if (words_[first] & head) return true;
    for (size_t w = first + 1; w < last; ++w) {
      if (words_[w]) return true;
    }
    return (words_[last] & tail) != 0;
  }
  // Adds bytes [b, e) to the set (b < e).
  void Add(size_t b, size_t e) {
    size_t first = b / 64, last = (e - 1) / 64;
    uint64_t head = ~uint64_t{0} << (b % 64), tail = ~uint64_t{0} >> (63 - (e - 1) % 64);
    if (first == last) {
      words_[first] |= head & tail;
      return;
    }
    words_[first] |= head;
    for (size_t w = first + 1; w < last; ++w) words_[w] = ~uint64_t{0};
    words_[last] |= tail;
  }
  size_t Bytes() const { return words_.capacity() * sizeof(uint64_t); }
  void Release() { std::vector<uint64_t>().swap(words_); }

 private:
  std::vector<uint64_t> words_;
};

// The spans kept so far in the class being swept: their bytes, and their
// first bytes (an empty span clashes only strictly inside one).
struct Taken {
  ByteBits covered;
  ByteBits starts;
};

// Keeps, in SweepOrder, each of `candidates` that overlaps no kept
// candidate of its class and that `accept(candidate)` takes (accept runs
// only for candidates that would be kept). Fills `kept` with the kept
// candidates class by class, each class in the order kept, then sorted by
// position (the same unstable sort, on the same sequence, as before this
// was one sweep: ties across classes keep their old order), each with its
// kept_at. `taken` is working space (cleared here, so that a call that
// threw leaves nothing behind).
template <class Accept>
void Sweep(std::vector<Candidate>& candidates, Taken& taken, std::vector<Candidate>* kept, Accept accept) {
  // A lambda, not the function's address: std::sort then inlines it.
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return PackedSweepOrder(a, b); });
  size_t size = 0;
  for (const Candidate& c : candidates) size = std::max(size, c.end);
  kept->clear();
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    if (i == 0 || c.overlap_class != candidates[i - 1].overlap_class) {  // a new class: nothing taken
      taken.covered.Reset(size);
      taken.starts.Reset(size);
    }
    bool clash;
    if (c.begin < c.end) {
      clash = taken.covered.Any(c.begin, c.end);
    } else {
      // An empty span clashes only strictly inside a kept span.
      clash = c.begin > 0 && c.begin < size && taken.covered.Test(c.begin - 1) && taken.covered.Test(c.begin) &&
              !taken.starts.Test(c.begin);
    }
    if (clash || !accept(c)) continue;
    if (c.begin < c.end) {
      taken.covered.Add(c.begin, c.end);
      taken.starts.Add(c.begin, c.begin + 1);
    }
    kept->push_back(c);
    kept->back().kept_at = kept->size() - 1;
  }
  std::sort(kept->begin(), kept->end(), [](const Candidate& a, const Candidate& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end < b.end;
  });
}

// What one resolution works in, kept per thread from text to text: a
// large allocation per text costs more in malloc than the work it holds.
struct Scratch {
  std::vector<Candidate> candidates;
  std::vector<Candidate> kept;
  Taken taken;
  std::vector<Json> fields;  // what the recipes of the kept gave, by kept_at
  RecipeInput in;  // its argument list, reused match to match

  // Releases what a huge text made grow, so that a thread keeps at most
  // about a megabyte per buffer.
  void Trim() {
    constexpr size_t kKeep = 1 << 20;
    auto trim = [](auto& v) {
      if (v.capacity() * sizeof(v[0]) > kKeep) std::remove_reference_t<decltype(v)>().swap(v);
    };
    trim(candidates);
    trim(kept);
    trim(fields);
    if (taken.covered.Bytes() > kKeep) {
      taken.covered.Release();
      taken.starts.Release();
    }
  }
};

}  // namespace

std::vector<Entity> SelectNonOverlapping(std::vector<Entity> entities) {
  std::vector<std::string> classes;
  for (const Entity& e : entities) classes.push_back(OverlapClass(e.type));
  std::vector<std::string> names = classes;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < entities.size(); ++i) {
    const Entity& e = entities[i];
    int rank = static_cast<int>(std::lower_bound(names.begin(), names.end(), classes[i]) - names.begin());
    candidates.push_back(MakeCandidate(i, e.begin, e.end, e.priority, rank));
  }
  Taken taken;
  std::vector<Candidate> kept;
  Sweep(candidates, taken, &kept, [](const Candidate&) { return true; });
  std::vector<Entity> out;
  for (const Candidate& c : kept) out.push_back(std::move(entities[c.index]));
  return out;
}

Result<BoundRules> BindRules(const rules::RuleSet& rules) {
  BoundRules bound;
  std::vector<std::string> classes;
  for (const rules::Rule& r : rules.rules) {
    Result<BoundRecipe> recipe = BindRecipe(r);
    if (!recipe.ok()) return recipe.error();
    BoundRule b;
    b.recipe = std::move(recipe).value();
    b.type = EntityTypeForKind(r.kind);
    b.lang = r.lang;
    b.full_id = r.full_id;
    b.common = r.lang == "common";
    BoundRules::Order o;
    o.priority = r.priority;
    o.known = !b.type.empty();
    o.latent = r.latent;
    classes.push_back(OverlapClass(b.type));
    bound.order.push_back(o);
    bound.rules.push_back(std::move(b));
  }
  std::vector<std::string> names = classes;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (size_t i = 0; i < bound.order.size(); ++i) {
    bound.order[i].overlap_class =
        static_cast<int>(std::lower_bound(names.begin(), names.end(), classes[i]) - names.begin());
  }
  return bound;
}

std::vector<Entity> ResolveMatches(const rules::RuleSet& rules, const BoundRules& bound,
                                   const std::vector<rules::Match>& matches, const text::NormText& text,
                                   const RefDate& ref, const ResolveOptions& options) {
  thread_local Scratch scratch;
  std::vector<Candidate>& candidates = scratch.candidates;
  candidates.clear();
  for (size_t i = 0; i < matches.size(); ++i) {
    const rules::Match& m = matches[i];
    const BoundRules::Order& o = bound.order[static_cast<size_t>(m.rule)];
    if (o.latent && !options.latent) continue;
    if (!o.known) continue;  // a kind kiji does not know
    candidates.push_back(MakeCandidate(i, m.begin, m.end, o.priority, o.overlap_class));
  }
  std::string_view all(text.text);
  const RefTexts refs(ref);
  RecipeInput& in = scratch.in;
  in.ref = ref;
  std::vector<Json>& fields = scratch.fields;
  fields.clear();
  auto run_recipe = [&](const Candidate& c) {
    const rules::Match& m = matches[c.index];
    const BoundRule& b = bound.rules[static_cast<size_t>(m.rule)];
    const text::Sentence& s = text.sentences[m.sentence];
    in.rule = &rules.rules[static_cast<size_t>(m.rule)];
    in.span = all.substr(m.begin, m.end - m.begin);
    in.sentence = all.substr(s.begin, s.end - s.begin);
    in.lang = b.common ? std::string_view(text::LangName(s.lang)) : std::string_view(b.lang);
    BindArgs(b.recipe, m.groups, refs, &in);
    std::optional<Json> f = b.recipe.info->fn(in);
    if (!f) return false;
    fields.push_back(std::move(*f));  // kept: its kept_at is fields.size() - 1
    return true;
  };
  std::vector<Candidate>& kept = scratch.kept;
  Sweep(candidates, scratch.taken, &kept, run_recipe);
  std::vector<Entity> out;
  out.reserve(kept.size());
  for (const Candidate& c : kept) {
    const rules::Match& m = matches[c.index];
    const BoundRule& b = bound.rules[static_cast<size_t>(m.rule)];
    // In place (aggregate initialization, Entity's field order): no
    // temporary Entity to move from and destroy.
    out.emplace_back(b.type, m.begin, m.end,
                     b.common ? std::string(text::LangName(text.sentences[m.sentence].lang)) : b.lang, b.full_id,
                     c.priority, bound.order[static_cast<size_t>(m.rule)].latent, m.sentence,
                     std::move(fields[c.kept_at]));
  }
  fields.clear();
  scratch.Trim();
  ResolveTextYears(&out, ref);
  return out;
}

}  // namespace kiji::resolve
