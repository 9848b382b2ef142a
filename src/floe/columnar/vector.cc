#include "floe/columnar/vector.h"

#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace floe::columnar {

int64_t CountSetBits(const uint8_t* bits, int64_t begin, int64_t end) {
  int64_t count = 0;
  int64_t i = begin;
  for (; i < end && (i & 63); ++i) count += GetBit(bits, i);
  for (; i + 64 <= end; i += 64) {
    uint64_t word;
    std::memcpy(&word, bits + i / 8, 8);
    count += std::popcount(word);
  }
  for (; i < end; ++i) count += GetBit(bits, i);
  return count;
}

std::shared_ptr<Vector> Vector::Make(const DataType& type) {
  auto vector = std::make_shared<Vector>();
  vector->type = type;
  if (IsVariableWidth(type.id) || type.id == TypeId::kList || type.id == TypeId::kMap) {
    vector->values.Push<int32_t>(0);
  }
  for (const Field& child : type.children) vector->children.push_back(Make(child.type));
  return vector;
}

std::string_view Vector::BytesAt(int64_t row) const {
  if (dictionary) return dictionary->BytesAt(values.As<int32_t>()[row]);
  if (type.id == TypeId::kFixedBinary) {
    return {reinterpret_cast<const char*>(values.data()) + row * type.byte_width,
            static_cast<size_t>(type.byte_width)};
  }
  const int32_t* offsets = Offsets();
  return {reinterpret_cast<const char*>(bytes.data()) + offsets[row],
          static_cast<size_t>(offsets[row + 1] - offsets[row])};
}

void Vector::EnsureValidity() {
  if (!validity.empty() || length == 0) {
    if (validity.size() < static_cast<size_t>(BitmapBytes(length))) {
      size_t old = validity.size();
      validity.Resize(BitmapBytes(length));
      std::memset(validity.data() + old, 0xFF, validity.size() - old);
    }
    return;
  }
  validity.Resize(BitmapBytes(length));
  std::memset(validity.data(), 0xFF, validity.size());
}

void Vector::RecountNulls() {
  if (validity.empty()) {
    null_count = 0;
    return;
  }
  null_count = length - CountSetBits(validity.data(), 0, length);
  if (null_count == 0) validity.Clear();
}

void Vector::MarkValid() {
  ++length;
  if (!validity.empty()) {
    validity.Resize(BitmapBytes(length));
    SetBit(validity.data(), length - 1);
  }
}

void Vector::AppendNull() {
  switch (type.id) {
    case TypeId::kString:
    case TypeId::kBinary:
      values.Push<int32_t>(static_cast<int32_t>(bytes.size()));
      break;
    case TypeId::kList:
    case TypeId::kMap:
      values.Push<int32_t>(Offsets()[length]);
      break;
    case TypeId::kStruct:
      for (auto& child : children) child->AppendNull();
      break;
    default: {
      size_t width = ValueWidth(type);
      values.ResizeZeroed(values.size() + width);
      break;
    }
  }
  ++length;
  EnsureValidity();
  validity.Resize(BitmapBytes(length));
  ClearBit(validity.data(), length - 1);
  ++null_count;
}

void Vector::AppendBytes(std::string_view data) {
  if (type.id == TypeId::kFixedBinary) {
    assert(static_cast<int32_t>(data.size()) == type.byte_width);
    values.Append(data.data(), data.size());
  } else {
    assert(IsVariableWidth(type.id));
    bytes.Append(data.data(), data.size());
    values.Push<int32_t>(static_cast<int32_t>(bytes.size()));
  }
  MarkValid();
}

void Vector::FinishRow() {
  if (type.id == TypeId::kList || type.id == TypeId::kMap) {
    values.Push<int32_t>(static_cast<int32_t>(children[0]->length));
  }
  MarkValid();
}

std::shared_ptr<Vector> DecodeDictionary(const Vector& vector) {
  if (!vector.dictionary) {
    auto copy = std::make_shared<Vector>(vector);
    return copy;
  }
  const Vector& dictionary = *vector.dictionary;
  auto out = Vector::Make(vector.type);
  const int32_t* indices = vector.values.As<int32_t>();
  int64_t n = vector.length;
  if (IsVariableWidth(vector.type.id)) {
    out->values.Resize((n + 1) * 4);
    int32_t* offsets = out->values.As<int32_t>();
    offsets[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      std::string_view value = vector.IsValid(i) ? dictionary.BytesAt(indices[i]) : std::string_view();
      out->bytes.Append(value.data(), value.size());
      offsets[i + 1] = static_cast<int32_t>(out->bytes.size());
    }
  } else {
    size_t width = ValueWidth(vector.type);
    out->values.Resize(n * width);
    for (int64_t i = 0; i < n; ++i) {
      int32_t index = vector.IsValid(i) ? indices[i] : 0;
      if (index < dictionary.length) {
        std::memcpy(out->values.data() + i * width, dictionary.values.data() + index * width, width);
      } else {
        std::memset(out->values.data() + i * width, 0, width);
      }
    }
  }
  out->length = n;
  out->null_count = vector.null_count;
  out->validity = vector.validity;
  return out;
}

namespace {

std::string FormatDecimal(__int128 value, int32_t scale) {
  bool negative = value < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value) : value;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    while (static_cast<int32_t>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - scale, '.');
  }
  return negative ? "-" + digits : digits;
}

std::string FormatDate(int32_t days) {
  // Civil-from-days (Howard Hinnant's algorithm, public domain description).
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

std::string FormatFloating(double value) {
  if (std::isnan(value)) return "NaN";
  return fmt::format("{}", value);
}

}  // namespace

std::string FormatValue(const Vector& vector, int64_t row) {
  if (vector.IsNull(row)) return "null";
  if (vector.dictionary) {
    return FormatValue(*vector.dictionary, vector.values.As<int32_t>()[row]);
  }
  switch (vector.type.id) {
    case TypeId::kBool: return vector.Values<uint8_t>()[row] ? "true" : "false";
    case TypeId::kInt8: return fmt::format("{}", vector.Values<int8_t>()[row]);
    case TypeId::kInt16: return fmt::format("{}", vector.Values<int16_t>()[row]);
    case TypeId::kInt32: return fmt::format("{}", vector.Values<int32_t>()[row]);
    case TypeId::kInt64:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs:
      return fmt::format("{}", vector.Values<int64_t>()[row]);
    case TypeId::kFloat: return FormatFloating(vector.Values<float>()[row]);
    case TypeId::kDouble: return FormatFloating(vector.Values<double>()[row]);
    case TypeId::kDecimal: {
      __int128 value;
      std::memcpy(&value, vector.values.data() + row * 16, 16);
      return FormatDecimal(value, vector.type.scale);
    }
    case TypeId::kDate: return FormatDate(vector.Values<int32_t>()[row]);
    case TypeId::kString: return std::string(vector.BytesAt(row));
    case TypeId::kBinary:
    case TypeId::kFixedBinary: {
      std::string text;
      for (unsigned char c : vector.BytesAt(row)) text += fmt::format("{:02x}", c);
      return text;
    }
    case TypeId::kStruct: {
      std::string text = "{";
      for (size_t i = 0; i < vector.children.size(); ++i) {
        if (i) text += ", ";
        text += vector.type.children[i].name + ": " + FormatValue(*vector.children[i], row);
      }
      return text + "}";
    }
    case TypeId::kList: {
      std::string text = "[";
      const int32_t* offsets = vector.Offsets();
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i != offsets[row]) text += ", ";
        text += FormatValue(*vector.children[0], i);
      }
      return text + "]";
    }
    case TypeId::kMap: {
      std::string text = "{";
      const int32_t* offsets = vector.Offsets();
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i != offsets[row]) text += ", ";
        text += FormatValue(*vector.children[0], i) + ": " + FormatValue(*vector.children[1], i);
      }
      return text + "}";
    }
  }
  return "?";
}

}  // namespace floe::columnar
