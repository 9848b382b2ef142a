// WKT <-> WKB conversion through a small geometry tree (see the header).
#include "floe/iceberg/well_known_text.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace floe::iceberg {

namespace {

enum class GeometryKind : uint32_t {
  kPoint = 1,
  kLineString = 2,
  kPolygon = 3,
  kMultiPoint = 4,
  kMultiLineString = 5,
  kMultiPolygon = 6,
  kGeometryCollection = 7,
};

struct Dimensions {
  bool z = false;
  bool m = false;
  size_t count() const { return 2 + (z ? 1 : 0) + (m ? 1 : 0); }
  friend bool operator==(const Dimensions&, const Dimensions&) = default;
};

// One geometry. Points and linestrings hold their coordinates (flattened,
// `Dimensions::count()` values each; a point has none when EMPTY); polygons
// hold their rings as linestring children; multi-geometries and collections
// hold their members. The dimensions are shared by the whole tree.
struct Geometry {
  GeometryKind kind = GeometryKind::kPoint;
  std::vector<double> coordinates;
  std::vector<Geometry> children;
};

constexpr int kMaxDepth = 64;

std::string_view KindName(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::kPoint: return "POINT";
    case GeometryKind::kLineString: return "LINESTRING";
    case GeometryKind::kPolygon: return "POLYGON";
    case GeometryKind::kMultiPoint: return "MULTIPOINT";
    case GeometryKind::kMultiLineString: return "MULTILINESTRING";
    case GeometryKind::kMultiPolygon: return "MULTIPOLYGON";
    case GeometryKind::kGeometryCollection: return "GEOMETRYCOLLECTION";
  }
  return "GEOMETRY";
}

std::optional<GeometryKind> MemberKind(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::kMultiPoint: return GeometryKind::kPoint;
    case GeometryKind::kMultiLineString: return GeometryKind::kLineString;
    case GeometryKind::kMultiPolygon: return GeometryKind::kPolygon;
    default: return std::nullopt;
  }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// --- WKT reading ----------------------------------------------------------------

class WellKnownTextParser {
 public:
  explicit WellKnownTextParser(std::string_view text) : text_(text) {}

  Result<Geometry> ParseGeometry(int depth) {
    if (depth > kMaxDepth) return Error("geometries nested too deeply");
    std::string_view word = NextWord();
    std::optional<GeometryKind> kind;
    for (uint32_t code = 1; code <= 7; ++code) {
      if (EqualsIgnoreCase(word, KindName(static_cast<GeometryKind>(code)))) kind = static_cast<GeometryKind>(code);
    }
    if (!kind) return Error(word.empty() ? "expected a geometry type" : fmt::format("unknown geometry type '{}'", word));
    size_t before_tag = position_;
    std::string_view tag = NextWord();
    std::optional<Dimensions> tagged;
    if (EqualsIgnoreCase(tag, "Z")) tagged = Dimensions{true, false};
    else if (EqualsIgnoreCase(tag, "M")) tagged = Dimensions{false, true};
    else if (EqualsIgnoreCase(tag, "ZM")) tagged = Dimensions{true, true};
    else position_ = before_tag;
    if (tagged) FLOE_RETURN_IF_ERROR(FixDimensions(*tagged));
    return ParseBody(*kind, depth);
  }

  Status ExpectEnd() {
    SkipSpace();
    if (position_ != text_.size()) return Error("unexpected text after the geometry");
    return Status::OK();
  }

  Dimensions dimensions() const { return dimensions_.value_or(Dimensions{}); }

 private:
  // The body after the type and tag: EMPTY or a parenthesized list.
  Result<Geometry> ParseBody(GeometryKind kind, int depth) {
    Geometry geometry{kind, {}, {}};
    if (ConsumeWord("EMPTY")) return geometry;
    FLOE_RETURN_IF_ERROR(Expect('('));
    do {
      switch (kind) {
        case GeometryKind::kPoint:
          FLOE_RETURN_IF_ERROR(ParseCoordinate(geometry.coordinates));
          break;
        case GeometryKind::kLineString:
          FLOE_RETURN_IF_ERROR(ParseCoordinate(geometry.coordinates));
          break;
        case GeometryKind::kPolygon: {
          FLOE_ASSIGN_OR_RETURN(Geometry ring, ParseBody(GeometryKind::kLineString, depth + 1));
          geometry.children.push_back(std::move(ring));
          break;
        }
        case GeometryKind::kMultiPoint: {
          SkipSpace();
          bool bare = position_ < text_.size() && text_[position_] != '(' && !std::isalpha(Peek());
          if (bare) {
            Geometry point{GeometryKind::kPoint, {}, {}};
            FLOE_RETURN_IF_ERROR(ParseCoordinate(point.coordinates));
            geometry.children.push_back(std::move(point));
            break;
          }
          [[fallthrough]];
        }
        case GeometryKind::kMultiLineString:
        case GeometryKind::kMultiPolygon: {
          FLOE_ASSIGN_OR_RETURN(Geometry member, ParseBody(*MemberKind(kind), depth + 1));
          geometry.children.push_back(std::move(member));
          break;
        }
        case GeometryKind::kGeometryCollection: {
          FLOE_ASSIGN_OR_RETURN(Geometry member, ParseGeometry(depth + 1));
          geometry.children.push_back(std::move(member));
          break;
        }
      }
    } while (kind != GeometryKind::kPoint && Consume(','));
    FLOE_RETURN_IF_ERROR(Expect(')'));
    return geometry;
  }

  // Appends one coordinate: 2 to 4 numbers separated by spaces.
  Status ParseCoordinate(std::vector<double>& out) {
    size_t count = 0;
    while (true) {
      SkipSpace();
      size_t start = position_;
      while (position_ < text_.size() && !std::isspace(Peek()) && text_[position_] != ',' && text_[position_] != '(' &&
             text_[position_] != ')') {
        ++position_;
      }
      std::string_view token = text_.substr(start, position_ - start);
      if (token.empty()) break;
      if (token.front() == '+') token.remove_prefix(1);
      double value = 0;
      auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (error != std::errc() || end != token.data() + token.size()) {
        std::string_view invalid = text_.substr(start, position_ - start);
        position_ = start;
        return Error(fmt::format("invalid number '{}'", invalid));
      }
      out.push_back(value);
      ++count;
    }
    if (count < 2 || count > 4) return Error(fmt::format("a coordinate needs 2 to 4 numbers, found {}", count));
    Dimensions inferred{count >= 3, false};
    if (count == 4) inferred = Dimensions{true, true};
    if (!dimensions_) dimensions_ = inferred;
    if (count != dimensions_->count()) {
      return Error(fmt::format("a coordinate has {} numbers, expected {}", count, dimensions_->count()));
    }
    return Status::OK();
  }

  Status FixDimensions(Dimensions tagged) {
    if (dimensions_ && *dimensions_ != tagged) return Error("mixed coordinate dimensions");
    dimensions_ = tagged;
    return Status::OK();
  }

  unsigned char Peek() const { return static_cast<unsigned char>(text_[position_]); }
  void SkipSpace() {
    while (position_ < text_.size() && std::isspace(Peek())) ++position_;
  }
  std::string_view NextWord() {
    SkipSpace();
    size_t start = position_;
    while (position_ < text_.size() && std::isalpha(Peek())) ++position_;
    return text_.substr(start, position_ - start);
  }
  bool ConsumeWord(std::string_view word) {
    size_t before = position_;
    if (EqualsIgnoreCase(NextWord(), word)) return true;
    position_ = before;
    return false;
  }
  bool Consume(char c) {
    SkipSpace();
    if (position_ < text_.size() && text_[position_] == c) {
      ++position_;
      return true;
    }
    return false;
  }
  Status Expect(char c) {
    if (Consume(c)) return Status::OK();
    return Error(fmt::format("expected '{}'", c));
  }
  Status Error(std::string_view reason) const {
    return InvalidData("Invalid WKT at offset {}: {}", position_, reason);
  }

  std::string_view text_;
  size_t position_ = 0;
  std::optional<Dimensions> dimensions_;
};

// --- WKT writing ----------------------------------------------------------------

void AppendCoordinates(std::string& out, const std::vector<double>& coordinates, size_t count) {
  for (size_t i = 0; i < coordinates.size(); ++i) {
    if (i > 0) out += i % count == 0 ? ", " : " ";
    out += fmt::format("{}", coordinates[i]);
  }
}

void AppendGeometry(std::string& out, const Geometry& geometry, Dimensions dimensions);

void AppendBody(std::string& out, const Geometry& geometry, Dimensions dimensions) {
  bool empty = geometry.coordinates.empty() && geometry.children.empty();
  if (empty) {
    out += "EMPTY";
    return;
  }
  out += '(';
  if (geometry.kind == GeometryKind::kPoint || geometry.kind == GeometryKind::kLineString) {
    AppendCoordinates(out, geometry.coordinates, dimensions.count());
  }
  for (size_t i = 0; i < geometry.children.size(); ++i) {
    if (i > 0) out += ", ";
    if (geometry.kind == GeometryKind::kGeometryCollection) AppendGeometry(out, geometry.children[i], dimensions);
    else AppendBody(out, geometry.children[i], dimensions);
  }
  out += ')';
}

void AppendGeometry(std::string& out, const Geometry& geometry, Dimensions dimensions) {
  out += KindName(geometry.kind);
  if (dimensions.z && dimensions.m) out += " ZM";
  else if (dimensions.z) out += " Z";
  else if (dimensions.m) out += " M";
  out += ' ';
  AppendBody(out, geometry, dimensions);
}

// --- WKB ------------------------------------------------------------------------

template <typename T>
void AppendLittleEndian(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if constexpr (std::endian::native == std::endian::big) std::reverse(bytes, bytes + sizeof(T));
  out.append(bytes, sizeof(T));
}

void AppendCount(std::string& out, size_t count) { AppendLittleEndian(out, static_cast<uint32_t>(count)); }

void AppendBinary(std::string& out, const Geometry& geometry, Dimensions dimensions) {
  out.push_back('\x01');
  uint32_t code = static_cast<uint32_t>(geometry.kind) + (dimensions.z ? 1000 : 0) + (dimensions.m ? 2000 : 0);
  AppendLittleEndian(out, code);
  switch (geometry.kind) {
    case GeometryKind::kPoint:
      if (geometry.coordinates.empty()) {
        for (size_t i = 0; i < dimensions.count(); ++i) AppendLittleEndian(out, std::numeric_limits<double>::quiet_NaN());
      }
      for (double value : geometry.coordinates) AppendLittleEndian(out, value);
      return;
    case GeometryKind::kLineString:
      AppendCount(out, geometry.coordinates.size() / dimensions.count());
      for (double value : geometry.coordinates) AppendLittleEndian(out, value);
      return;
    case GeometryKind::kPolygon:
      AppendCount(out, geometry.children.size());
      for (const Geometry& ring : geometry.children) {
        AppendCount(out, ring.coordinates.size() / dimensions.count());
        for (double value : ring.coordinates) AppendLittleEndian(out, value);
      }
      return;
    default:
      AppendCount(out, geometry.children.size());
      for (const Geometry& member : geometry.children) AppendBinary(out, member, dimensions);
      return;
  }
}

class WellKnownBinaryReader {
 public:
  explicit WellKnownBinaryReader(std::string_view bytes) : bytes_(bytes) {}

  Result<Geometry> ReadGeometry(int depth, std::optional<GeometryKind> expected) {
    if (depth > kMaxDepth) return Error("geometries nested too deeply");
    if (Remaining() < 5) return Error("truncated geometry header");
    uint8_t order = static_cast<uint8_t>(bytes_[position_++]);
    if (order > 1) return Error(fmt::format("invalid byte order {}", order));
    little_endian_ = order == 1;
    uint32_t code = ReadUint32();
    if (code & 0x20000000) return Error("embedded SRIDs are not supported");
    Dimensions dimensions{(code & 0x80000000) != 0, (code & 0x40000000) != 0};
    code &= 0x0FFFFFFF;
    uint32_t base = code % 1000, variant = code / 1000;
    if (base < 1 || base > 7 || variant > 3) return Error(fmt::format("unsupported geometry type code {}", code));
    if (variant == 1 || variant == 3) dimensions.z = true;
    if (variant == 2 || variant == 3) dimensions.m = true;
    if (dimensions_ && *dimensions_ != dimensions) return Error("mixed coordinate dimensions");
    dimensions_ = dimensions;
    Geometry geometry{static_cast<GeometryKind>(base), {}, {}};
    if (expected && geometry.kind != *expected) {
      return Error(fmt::format("a {} cannot hold a {}", KindName(*expected), KindName(geometry.kind)));
    }
    size_t count = dimensions.count();
    switch (geometry.kind) {
      case GeometryKind::kPoint: {
        FLOE_RETURN_IF_ERROR(ReadCoordinates(1, geometry.coordinates));
        bool all_nan = true;
        for (double value : geometry.coordinates) all_nan = all_nan && std::isnan(value);
        if (all_nan) geometry.coordinates.clear();
        break;
      }
      case GeometryKind::kLineString: {
        FLOE_ASSIGN_OR_RETURN(uint32_t points, ReadCount(count * 8));
        FLOE_RETURN_IF_ERROR(ReadCoordinates(points, geometry.coordinates));
        break;
      }
      case GeometryKind::kPolygon: {
        FLOE_ASSIGN_OR_RETURN(uint32_t rings, ReadCount(4));
        for (uint32_t i = 0; i < rings; ++i) {
          Geometry ring{GeometryKind::kLineString, {}, {}};
          FLOE_ASSIGN_OR_RETURN(uint32_t points, ReadCount(count * 8));
          FLOE_RETURN_IF_ERROR(ReadCoordinates(points, ring.coordinates));
          geometry.children.push_back(std::move(ring));
        }
        break;
      }
      default: {
        FLOE_ASSIGN_OR_RETURN(uint32_t members, ReadCount(5));
        for (uint32_t i = 0; i < members; ++i) {
          bool parent_little_endian = little_endian_;
          FLOE_ASSIGN_OR_RETURN(Geometry member, ReadGeometry(depth + 1, MemberKind(geometry.kind)));
          little_endian_ = parent_little_endian;
          geometry.children.push_back(std::move(member));
        }
        break;
      }
    }
    return geometry;
  }

  Status ExpectEnd() const {
    if (Remaining() != 0) return Error(fmt::format("{} unexpected trailing bytes", Remaining()));
    return Status::OK();
  }

  Dimensions dimensions() const { return dimensions_.value_or(Dimensions{}); }

 private:
  size_t Remaining() const { return bytes_.size() - position_; }

  template <typename T>
  T ReadLittleOrBigEndian() {
    char raw[sizeof(T)];
    std::memcpy(raw, bytes_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    if (little_endian_ != (std::endian::native == std::endian::little)) std::reverse(raw, raw + sizeof(T));
    T value;
    std::memcpy(&value, raw, sizeof(T));
    return value;
  }
  uint32_t ReadUint32() { return ReadLittleOrBigEndian<uint32_t>(); }

  // A count, checked against the bytes left (each item takes at least `item_size`).
  Result<uint32_t> ReadCount(size_t item_size) {
    if (Remaining() < 4) return Error("truncated count");
    uint32_t count = ReadUint32();
    if (count > Remaining() / item_size) return Error(fmt::format("count {} exceeds the remaining bytes", count));
    return count;
  }

  Status ReadCoordinates(size_t points, std::vector<double>& out) {
    size_t values = points * dimensions_->count();
    if (Remaining() / 8 < values) return Error("truncated coordinates");
    for (size_t i = 0; i < values; ++i) out.push_back(ReadLittleOrBigEndian<double>());
    return Status::OK();
  }

  Status Error(std::string_view reason) const {
    return InvalidData("Invalid WKB at offset {}: {}", position_, reason);
  }

  std::string_view bytes_;
  size_t position_ = 0;
  bool little_endian_ = true;
  std::optional<Dimensions> dimensions_;
};

}  // namespace

Result<std::string> WellKnownTextToBinary(std::string_view text) {
  WellKnownTextParser parser(text);
  FLOE_ASSIGN_OR_RETURN(Geometry geometry, parser.ParseGeometry(0));
  FLOE_RETURN_IF_ERROR(parser.ExpectEnd());
  std::string out;
  AppendBinary(out, geometry, parser.dimensions());
  return out;
}

Result<std::string> WellKnownBinaryToText(std::string_view bytes) {
  WellKnownBinaryReader reader(bytes);
  FLOE_ASSIGN_OR_RETURN(Geometry geometry, reader.ReadGeometry(0, std::nullopt));
  FLOE_RETURN_IF_ERROR(reader.ExpectEnd());
  std::string out;
  AppendGeometry(out, geometry, reader.dimensions());
  return out;
}

}  // namespace floe::iceberg
