#include "input/input.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kiji::input {
namespace fs = std::filesystem;

bool IsGzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1F &&
         static_cast<unsigned char>(data[1]) == 0x8B;
}

Result<std::string> Gunzip(std::string_view data, const std::string& where, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return MakeError(ErrorCode::kIo, where, "cannot start gzip decoder");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      if (rc == Z_BUF_ERROR) return MakeError(ErrorCode::kIo, where, "truncated gzip data");
      return MakeError(ErrorCode::kIo, where, std::string("corrupt gzip data: ") + (zs.msg ? zs.msg : "inflate failed"));
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return MakeError(ErrorCode::kTooLarge, where, "decompressed size is over --max-bytes (" + std::to_string(max_bytes) + " bytes)");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return MakeError(ErrorCode::kIo, where, "truncated gzip data");
    }
  }
  inflateEnd(&zs);
  return out;
}

namespace {

bool IsReadableName(const fs::path& p) {
  std::string name = p.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.size() > 3 && name.substr(name.size() - 3) == ".gz") name.resize(name.size() - 3);
  for (const char* ext : {".txt", ".text", ".html", ".htm", ".xhtml"}) {
    size_t n = std::strlen(ext);
    if (name.size() > n && name.compare(name.size() - n, n, ext) == 0) return true;
  }
  return false;
}

extract::Format FormatFor(InputFormat f, const std::string& name) {
  if (f == InputFormat::kText) return extract::Format::kText;
  if (f == InputFormat::kHtml) return extract::Format::kHtml;
  std::string low = name;
  std::transform(low.begin(), low.end(), low.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (low.size() > 3 && low.substr(low.size() - 3) == ".gz") low.resize(low.size() - 3);
  for (const char* ext : {".html", ".htm", ".xhtml"}) {
    size_t n = std::strlen(ext);
    if (low.size() > n && low.compare(low.size() - n, n, ext) == 0) return extract::Format::kHtml;
  }
  return extract::Format::kAuto;
}

Result<std::string> ReadStream(std::istream& in, const std::string& where, size_t max_bytes) {
  std::string data;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > max_bytes) {
      return MakeError(ErrorCode::kTooLarge, where, "input is over --max-bytes (" + std::to_string(max_bytes) + " bytes)");
    }
  }
  if (in.bad()) return MakeError(ErrorCode::kIo, where, std::strerror(errno));
  return data;
}

Result<std::string> ReadFile(const fs::path& path, size_t max_bytes) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return MakeError(ErrorCode::kTooLarge, path.string(),
                     "file is " + std::to_string(size) + " bytes, over --max-bytes (" + std::to_string(max_bytes) + ")");
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return MakeError(ErrorCode::kIo, path.string(), std::string("cannot open: ") + std::strerror(errno));
  return ReadStream(f, path.string(), max_bytes);
}

// Turns bytes read from `where` into a document (gunzipping first).
Result<extract::Document> MakeDocument(std::string bytes, const std::string& where, const std::string& type,
                                       const InputOptions& options) {
  if (IsGzip(bytes)) {
    Result<std::string> plain = Gunzip(bytes, where, options.max_bytes);
    if (!plain.ok()) return plain.error();
    bytes = std::move(plain).value();
  }
  extract::Document doc;
  doc.source.type = type;
  doc.source.location = where;
  doc.bytes = std::move(bytes);
  doc.format = FormatFor(options.format, where);
  return doc;
}

std::optional<std::string> OptString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return std::nullopt;
}

}  // namespace

bool ReadJsonl(std::istream& in, const std::string& name, const InputOptions& options, const DocumentSink& sink) {
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string where = name + ":" + std::to_string(line_no);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines carry no record
    if (line.size() > options.max_bytes) {
      if (!sink(MakeError(ErrorCode::kTooLarge, where, "line is over --max-bytes (" + std::to_string(options.max_bytes) + " bytes)"))) return false;
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      if (!sink(MakeError(ErrorCode::kBadJson, where, "malformed JSON"))) return false;
      continue;
    }
    if (!j.is_object()) {
      if (!sink(MakeError(ErrorCode::kBadJson, where, "not a JSON object"))) return false;
      continue;
    }
    auto text = j.find("text");
    auto html = j.find("html");
    bool has_text = text != j.end() && text->is_string();
    bool has_html = html != j.end() && html->is_string();
    if (!has_text && !has_html) {
      if (!sink(MakeError(ErrorCode::kBadJson, where, "no \"text\" or \"html\" string field"))) return false;
      continue;
    }
    extract::Document doc;
    doc.source.type = "jsonl";
    std::optional<std::string> id = OptString(j, "id");
    std::optional<std::string> url = OptString(j, "url");
    doc.source.location = id ? *id : url ? *url : where;
    doc.bytes = has_text ? text->get<std::string>() : html->get<std::string>();
    doc.format = has_text ? extract::Format::kText : extract::Format::kHtml;
    doc.hints.title = OptString(j, "title");
    doc.hints.published = OptString(j, "published");
    doc.hints.lang = OptString(j, "lang");
    doc.hints.url = url;
    if (!sink(std::move(doc))) return false;
  }
  if (in.bad()) return sink(MakeError(ErrorCode::kIo, name, std::strerror(errno)));
  return true;
}

bool ReadInput(const std::string& spec, const InputOptions& options, const DocumentSink& sink) {
  if (spec == "-") {
    if (options.format == InputFormat::kJsonl) return ReadJsonl(std::cin, "<stdin>", options, sink);
    Result<std::string> data = ReadStream(std::cin, "<stdin>", options.max_bytes);
    if (!data.ok()) return sink(data.error());
    return sink(MakeDocument(std::move(data).value(), "-", "stdin", options));
  }
  fs::path path(spec);
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return sink(MakeError(ErrorCode::kNotFound, spec, "no such file or directory"));
  }
  if (fs::is_directory(st)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && (options.format == InputFormat::kJsonl
                                        ? it->path().extension() == ".jsonl"
                                        : IsReadableName(it->path()))) {
        files.push_back(it->path());
      }
    }
    if (ec) return sink(MakeError(ErrorCode::kIo, spec, ec.message()));
    if (files.empty()) {
      return sink(MakeError(ErrorCode::kEmpty, spec,
                            options.format == InputFormat::kJsonl
                                ? "directory has no *.jsonl files"
                                : "directory has no *.txt, *.html or *.htm files (or .gz of them)"));
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      if (!ReadInput(f.string(), options, sink)) return false;
    }
    return true;
  }
  if (options.format == InputFormat::kJsonl) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return sink(MakeError(ErrorCode::kIo, spec, std::string("cannot open: ") + std::strerror(errno)));
    return ReadJsonl(f, spec, options, sink);
  }
  Result<std::string> data = ReadFile(path, options.max_bytes);
  if (!data.ok()) return sink(data.error());
  return sink(MakeDocument(std::move(data).value(), spec, "file", options));
}

}  // namespace kiji::input
