#include "floe/parquet/iceberg_bounds.h"

#include <vector>

namespace floe::parquet {

std::string MinimalBigEndianDecimal(__int128 unscaled) {
  std::string bytes(16, '\0');
  unsigned __int128 bits = static_cast<unsigned __int128>(unscaled);
  for (int i = 15; i >= 0; --i) {
    bytes[i] = static_cast<char>(static_cast<uint8_t>(bits & 0xFF));
    bits >>= 8;
  }
  size_t start = 0;
  while (start < 15) {
    uint8_t lead = static_cast<uint8_t>(bytes[start]);
    uint8_t next = static_cast<uint8_t>(bytes[start + 1]);
    if ((lead == 0x00 && (next & 0x80) == 0) || (lead == 0xFF && (next & 0x80) != 0)) {
      ++start;
    } else {
      break;
    }
  }
  return bytes.substr(start);
}

int32_t DecimalFixedLength(int32_t precision) {
  unsigned __int128 max_unscaled = 1;
  for (int32_t i = 0; i < precision; ++i) max_unscaled *= 10;
  max_unscaled -= 1;
  for (int32_t bytes = 1; bytes <= 16; ++bytes) {
    unsigned __int128 limit = static_cast<unsigned __int128>(1) << (8 * bytes - 1);  // 2^(8n-1)
    if (max_unscaled < limit) return bytes;
  }
  return 16;
}

namespace {

// Decodes UTF-8 into code points (invalid bytes pass through as themselves).
std::vector<uint32_t> CodePoints(std::string_view text) {
  std::vector<uint32_t> points;
  for (size_t i = 0; i < text.size();) {
    uint8_t c = static_cast<uint8_t>(text[i]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra > 0 && i + extra >= text.size()) extra = 0;  // a truncated sequence: pass the byte through
    uint32_t point = extra == 0 ? c : (c & (0x3F >> extra));
    for (int k = 1; k <= extra; ++k) point = (point << 6) | (static_cast<uint8_t>(text[i + k]) & 0x3F);
    points.push_back(point);
    i += 1 + extra;
  }
  return points;
}

void AppendUtf8(uint32_t point, std::string* out) {
  if (point < 0x80) {
    out->push_back(static_cast<char>(point));
  } else if (point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (point >> 6)));
    out->push_back(static_cast<char>(0x80 | (point & 0x3F)));
  } else if (point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (point & 0x3F)));
  }
}

}  // namespace

std::string TruncateStringLower(std::string_view value, int32_t length) {
  std::vector<uint32_t> points = CodePoints(value);
  if (static_cast<int32_t>(points.size()) <= length) return std::string(value);
  std::string out;
  for (int32_t i = 0; i < length; ++i) AppendUtf8(points[i], &out);
  return out;
}

std::optional<std::string> TruncateStringUpper(std::string_view value, int32_t length) {
  std::vector<uint32_t> points = CodePoints(value);
  if (static_cast<int32_t>(points.size()) <= length) return std::string(value);
  points.resize(length);
  // Increment the last code point that can be incremented, dropping those after it.
  for (int32_t i = length - 1; i >= 0; --i) {
    uint32_t next = points[i] + 1;
    if (next >= 0xD800 && next <= 0xDFFF) next = 0xE000;  // skip surrogates
    if (next <= 0x10FFFF) {
      std::string out;
      for (int32_t k = 0; k < i; ++k) AppendUtf8(points[k], &out);
      AppendUtf8(next, &out);
      return out;
    }
  }
  return std::nullopt;
}

std::string TruncateBinaryLower(std::string_view value, int32_t length) {
  return std::string(value.substr(0, static_cast<size_t>(length)));
}

std::optional<std::string> TruncateBinaryUpper(std::string_view value, int32_t length) {
  if (static_cast<int32_t>(value.size()) <= length) return std::string(value);
  std::string out(value.substr(0, static_cast<size_t>(length)));
  while (!out.empty()) {
    uint8_t last = static_cast<uint8_t>(out.back());
    if (last != 0xFF) {
      out.back() = static_cast<char>(last + 1);
      return out;
    }
    out.pop_back();
  }
  return std::nullopt;
}

}  // namespace floe::parquet
