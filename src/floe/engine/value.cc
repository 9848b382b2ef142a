#include "floe/engine/value.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "floe/engine/interval.h"
#include "floe/sql/error.h"
#include "floe/timezone/time_zone.h"

namespace floe::engine {

using timezone::IsUtcZone;
using timezone::LoadTimeZone;
using timezone::LocalMicrosOf;
using timezone::TrailingZoneName;
using timezone::UtcMicrosOfLocal;

using columnar::TypeId;
using columnar::Vector;

Int128 PowerOfTen(int32_t n) {
  // A table: decimal kernels and sum(decimal) call this once or twice per row.
  static const auto kPowers = [] {
    std::array<Int128, 39> powers{};
    powers[0] = 1;
    for (size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
    return powers;
  }();
  if (n >= 0 && n < static_cast<int32_t>(kPowers.size())) return kPowers[static_cast<size_t>(n)];
  Int128 result = 1;  // outside the contract (round(x, -40)): as before, by multiplication
  for (int32_t i = 0; i < n; ++i) result = static_cast<Int128>(static_cast<unsigned __int128>(result) * 10);
  return result;
}

std::strong_ordering CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return std::strong_ordering::equal;
    return a.is_null() ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  if (a.data.index() != b.data.index()) return a.data.index() <=> b.data.index();
  switch (a.data.index()) {
    case 1: return a.boolean() <=> b.boolean();
    case 2: return a.integer() <=> b.integer();
    case 3: {
      double x = a.real(), y = b.real();
      bool x_nan = std::isnan(x), y_nan = std::isnan(y);
      if (x_nan || y_nan) return x_nan == y_nan ? std::strong_ordering::equal : (x_nan ? std::strong_ordering::greater : std::strong_ordering::less);
      return x < y ? std::strong_ordering::less : x > y ? std::strong_ordering::greater : std::strong_ordering::equal;
    }
    case 4: return a.decimal() < b.decimal() ? std::strong_ordering::less
                   : a.decimal() > b.decimal() ? std::strong_ordering::greater
                                               : std::strong_ordering::equal;
    case 5: {
      int c = a.string().compare(b.string());
      return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
    }
    case 6: {
      const Elements& x = a.elements();
      const Elements& y = b.elements();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        auto c = CompareValues(x[i], y[i]);
        if (c != 0) return c;
      }
      return x.size() <=> y.size();
    }
  }
  return std::strong_ordering::equal;
}

bool Value::operator==(const Value& other) const {
  if (data.index() != other.data.index()) return false;
  if (data.index() != 6) return data == other.data;
  const Elements& x = elements();
  const Elements& y = other.elements();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] == y[i])) return false;
  }
  return true;
}

void AppendValueKey(std::string* key, const Value& value) {
  key->push_back(static_cast<char>(value.data.index()));
  switch (value.data.index()) {
    case 0: break;
    case 1: key->push_back(value.boolean() ? 1 : 0); break;
    case 2: {
      int64_t v = value.integer();
      key->append(reinterpret_cast<const char*>(&v), sizeof(v));
      break;
    }
    case 3: {
      double v = value.real();
      if (v == 0) v = 0;  // -0.0 groups with 0.0
      if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
      key->append(reinterpret_cast<const char*>(&v), sizeof(v));
      break;
    }
    case 4: {
      Int128 v = value.decimal();
      key->append(reinterpret_cast<const char*>(&v), sizeof(v));
      break;
    }
    case 5: {
      uint32_t size = static_cast<uint32_t>(value.string().size());
      key->append(reinterpret_cast<const char*>(&size), sizeof(size));
      key->append(value.string());
      break;
    }
    case 6: {
      uint32_t size = static_cast<uint32_t>(value.elements().size());
      key->append(reinterpret_cast<const char*>(&size), sizeof(size));
      for (const Value& element : value.elements()) AppendValueKey(key, element);
      break;
    }
  }
}

Value ParseValueKey(std::string_view* key) {
  size_t index = static_cast<uint8_t>(key->front());
  key->remove_prefix(1);
  auto take = [&](auto* out) {
    std::memcpy(out, key->data(), sizeof(*out));
    key->remove_prefix(sizeof(*out));
  };
  switch (index) {
    case 1: {
      bool v = key->front() != 0;
      key->remove_prefix(1);
      return Value::Boolean(v);
    }
    case 2: {
      int64_t v;
      take(&v);
      return Value::Integer(v);
    }
    case 3: {
      double v;
      take(&v);
      return Value::Double(v);
    }
    case 4: {
      Int128 v;
      take(&v);
      return Value::Decimal(v);
    }
    case 5: {
      uint32_t size;
      take(&size);
      std::string v(key->substr(0, size));
      key->remove_prefix(size);
      return Value::String(std::move(v));
    }
    case 6: {
      uint32_t size;
      take(&size);
      Elements elements;
      elements.reserve(size);
      for (uint32_t i = 0; i < size; ++i) elements.push_back(ParseValueKey(key));
      return Value::Nested(std::move(elements));
    }
    default: return Value::Null();
  }
}

Value ReadValue(const Vector& vector, int64_t row, const SqlType& type) {
  if (vector.IsNull(row)) return Value::Null();
  if (vector.dictionary) {
    int32_t index = vector.Values<int32_t>()[row];
    return ReadValue(*vector.dictionary, index, type);
  }
  switch (vector.type.id) {
    case TypeId::kBool: return type.kind == SqlTypeKind::kUnknown ? Value::Null() : Value::Boolean(vector.Values<uint8_t>()[row] != 0);
    case TypeId::kInt8: return Value::Integer(vector.Values<int8_t>()[row]);
    case TypeId::kInt16: return Value::Integer(vector.Values<int16_t>()[row]);
    case TypeId::kInt32:
    case TypeId::kDate: return Value::Integer(vector.Values<int32_t>()[row]);
    case TypeId::kInt64:
    case TypeId::kTime:
    case TypeId::kTimestamp: return Value::Integer(vector.Values<int64_t>()[row]);
    case TypeId::kTimestampNs: return Value::Integer(vector.Values<int64_t>()[row] / 1000);
    case TypeId::kFloat: return Value::Double(vector.Values<float>()[row]);
    case TypeId::kDouble: return Value::Double(vector.Values<double>()[row]);
    case TypeId::kDecimal: return Value::Decimal(vector.Values<Int128>()[row]);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedBinary: return Value::String(std::string(vector.BytesAt(row)));
    case TypeId::kList: {
      const int32_t* offsets = vector.Offsets();
      Elements elements;
      const SqlType& element_type = type.children.empty() ? type : type.children[0];
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) elements.push_back(ReadValue(*vector.children[0], i, element_type));
      return Value::Nested(std::move(elements));
    }
    case TypeId::kMap: {
      const int32_t* offsets = vector.Offsets();
      Elements elements;
      if (type.children.size() < 2) return Value::Null();
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        elements.push_back(ReadValue(*vector.children[0], i, type.children[0]));
        elements.push_back(ReadValue(*vector.children[1], i, type.children[1]));
      }
      return Value::Nested(std::move(elements));
    }
    case TypeId::kStruct: {
      Elements elements;
      for (size_t f = 0; f < type.children.size(); ++f) {
        elements.push_back(f < vector.children.size() ? ReadValue(*vector.children[f], row, type.children[f]) : Value::Null());
      }
      return Value::Nested(std::move(elements));
    }
    default: return Value::Null();
  }
}

std::shared_ptr<Vector> VectorOfValues(const SqlType& type, const std::vector<Value>& values) {
  int64_t length = static_cast<int64_t>(values.size());
  if (type.kind != SqlTypeKind::kArray && type.kind != SqlTypeKind::kMap && type.kind != SqlTypeKind::kRow) {
    VectorBuilder builder(type, length);
    for (int64_t row = 0; row < length; ++row) builder.SetValue(row, values[row]);
    return builder.Finish();
  }
  auto vector = Vector::Make(ColumnarTypeOf(type));
  vector->children.clear();  // built below from the values
  vector->length = length;
  vector->validity.ResizeZeroed(columnar::BitmapBytes(length));
  for (int64_t row = 0; row < length; ++row) {
    if (!values[row].is_null()) columnar::SetBit(vector->validity.data(), row);
  }
  if (type.kind == SqlTypeKind::kRow) {
    for (size_t f = 0; f < type.children.size(); ++f) {
      std::vector<Value> field(values.size());
      for (size_t row = 0; row < values.size(); ++row) {
        if (!values[row].is_null() && f < values[row].elements().size()) field[row] = values[row].elements()[f];
      }
      vector->children.push_back(VectorOfValues(type.children[f], field));
    }
  } else {
    bool is_map = type.kind == SqlTypeKind::kMap;
    size_t stride = is_map ? 2 : 1;
    vector->values.Resize(static_cast<size_t>(length + 1) * sizeof(int32_t));
    int32_t* offsets = vector->MutableValues<int32_t>();
    offsets[0] = 0;
    std::vector<Value> keys, items;
    for (int64_t row = 0; row < length; ++row) {
      if (!values[row].is_null()) {
        const Elements& elements = values[row].elements();
        for (size_t i = 0; i + stride <= elements.size(); i += stride) {
          if (is_map) {
            keys.push_back(elements[i]);
            items.push_back(elements[i + 1]);
          } else {
            items.push_back(elements[i]);
          }
        }
      }
      offsets[row + 1] = static_cast<int32_t>(items.size());
    }
    if (is_map) {
      vector->children.push_back(VectorOfValues(type.children[0], keys));
      vector->children.push_back(VectorOfValues(type.children[1], items));
    } else {
      vector->children.push_back(VectorOfValues(type.children[0], items));
    }
  }
  vector->RecountNulls();
  return vector;
}

VectorBuilder::VectorBuilder(const SqlType& type, int64_t length) : type_(type), length_(length) {
  if (type.kind == SqlTypeKind::kArray || type.kind == SqlTypeKind::kMap || type.kind == SqlTypeKind::kRow) {
    nested_rows_.resize(static_cast<size_t>(length));
    return;
  }
  vector_ = Vector::Make(ColumnarTypeOf(type));
  vector_->length = length;
  variable_width_ = columnar::IsVariableWidth(vector_->type.id);
  if (variable_width_) {
    vector_->values.Resize(static_cast<size_t>(length + 1) * sizeof(int32_t));
    vector_->MutableValues<int32_t>()[0] = 0;
  } else {
    vector_->values.ResizeZeroed(static_cast<size_t>(length) * columnar::ValueWidth(vector_->type));
  }
  vector_->validity.ResizeZeroed(columnar::BitmapBytes(length));
  vector_->null_count = length;
}

void VectorBuilder::FillOffsetsTo(int64_t row) {
  int32_t* offsets = vector_->MutableValues<int32_t>();
  int32_t end = offsets[next_row_];
  while (next_row_ < row) offsets[++next_row_] = end;
}

void VectorBuilder::SetBytes(int64_t row, std::string_view bytes) {
  if (vector_->type.id == TypeId::kFixedBinary) {
    std::memcpy(vector_->values.data() + row * vector_->type.byte_width, bytes.data(),
                std::min<size_t>(bytes.size(), vector_->type.byte_width));
    columnar::SetBit(vector_->validity.data(), row);
    return;
  }
  FillOffsetsTo(row);
  int32_t* offsets = vector_->MutableValues<int32_t>();
  vector_->bytes.Append(bytes.data(), bytes.size());
  offsets[row + 1] = offsets[row] + static_cast<int32_t>(bytes.size());
  next_row_ = row + 1;
  columnar::SetBit(vector_->validity.data(), row);
}

void VectorBuilder::SetValue(int64_t row, const Value& value) {
  if (value.is_null()) return;
  if (!vector_) {
    nested_rows_[row] = value;
    return;
  }
  switch (vector_->type.id) {
    case TypeId::kBool: Set<uint8_t>(row, value.boolean() ? 1 : 0); break;
    case TypeId::kInt32:
    case TypeId::kDate: Set<int32_t>(row, static_cast<int32_t>(value.integer())); break;
    case TypeId::kInt64:
    case TypeId::kTime:
    case TypeId::kTimestamp: Set<int64_t>(row, value.integer()); break;
    case TypeId::kFloat: Set<float>(row, static_cast<float>(value.real())); break;
    case TypeId::kDouble: Set<double>(row, value.real()); break;
    case TypeId::kDecimal: Set<Int128>(row, value.decimal()); break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedBinary: SetBytes(row, value.string()); break;
    default: break;
  }
}

std::shared_ptr<Vector> VectorBuilder::Finish() {
  if (!vector_) return VectorOfValues(type_, nested_rows_);
  if (variable_width_) FillOffsetsTo(length_);
  vector_->RecountNulls();
  return std::move(vector_);
}

std::shared_ptr<Vector> ConstantVector(const SqlType& type, const Value& value, int64_t length) {
  VectorBuilder builder(type, length);
  columnar::DataType physical = ColumnarTypeOf(type);
  if (!value.is_null() && length > 1 && !columnar::IsVariableWidth(physical.id) &&
      physical.id != TypeId::kFixedBinary && !columnar::IsNested(physical.id)) {
    // Fixed width: the first value's bytes copied down, no validity bitmap.
    builder.SetValue(0, value);
    std::shared_ptr<Vector> vector = builder.Finish();
    size_t width = static_cast<size_t>(columnar::ValueWidth(vector->type));
    uint8_t* data = vector->values.data();
    // Typed fills (a memcpy call per row was a fifth of a date filter's time).
    auto fill = [&](auto word) {
      using Word = decltype(word);
      std::memcpy(&word, data, sizeof(Word));
      Word* words = reinterpret_cast<Word*>(data);
      std::fill(words + 1, words + length, word);
    };
    switch (width) {
      case 1: fill(uint8_t{}); break;
      case 2: fill(uint16_t{}); break;
      case 4: fill(uint32_t{}); break;
      case 8: fill(uint64_t{}); break;
      case 16: fill(static_cast<unsigned __int128>(0)); break;
      default:
        for (int64_t row = 1; row < length; ++row) std::memcpy(data + static_cast<size_t>(row) * width, data, width);
    }
    vector->validity.Clear();
    vector->null_count = 0;
    return vector;
  }
  if (!value.is_null()) {
    for (int64_t row = 0; row < length; ++row) builder.SetValue(row, value);
  }
  return builder.Finish();
}

Result<std::shared_ptr<Vector>> GatherRows(const Vector& input, const SqlType& type, const std::vector<uint32_t>& rows) {
  std::shared_ptr<Vector> decoded;
  const Vector* vector = &input;
  if (input.dictionary) {
    decoded = columnar::DecodeDictionary(input);
    vector = decoded.get();
  }
  if (columnar::IsNested(vector->type.id)) {
    // Identity gathers keep nested vectors as they are.
    bool identity = rows.size() == static_cast<size_t>(vector->length);
    for (size_t i = 0; identity && i < rows.size(); ++i) identity = rows[i] == i;
    if (identity) return std::make_shared<Vector>(*vector);
    std::vector<Value> values;
    values.reserve(rows.size());
    for (uint32_t row : rows) values.push_back(ReadValue(*vector, row, type));
    return VectorOfValues(type, values);
  }
  auto out = Vector::Make(vector->type);
  int64_t n = static_cast<int64_t>(rows.size());
  out->length = n;
  if (columnar::IsVariableWidth(vector->type.id)) {
    out->values.Resize(static_cast<size_t>(n + 1) * sizeof(int32_t));
    int32_t* offsets = out->MutableValues<int32_t>();
    offsets[0] = 0;
    const int32_t* in = vector->Offsets();
    for (int64_t i = 0; i < n; ++i) {
      uint32_t r = rows[i];
      out->bytes.Append(vector->bytes.data() + in[r], in[r + 1] - in[r]);
      offsets[i + 1] = offsets[i] + (in[r + 1] - in[r]);
    }
  } else {
    int32_t width = columnar::ValueWidth(vector->type);
    out->values.Resize(static_cast<size_t>(n) * width);
    const uint8_t* in = vector->values.data();
    uint8_t* dst = out->values.data();
    switch (width) {
      case 1: for (int64_t i = 0; i < n; ++i) dst[i] = in[rows[i]]; break;
      case 4: for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * 4, in + size_t{rows[i]} * 4, 4); break;
      case 8: for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * 8, in + size_t{rows[i]} * 8, 8); break;
      default:
        for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * width, in + size_t{rows[i]} * width, width);
    }
  }
  if (vector->has_nulls()) {
    out->validity.ResizeZeroed(columnar::BitmapBytes(n));
    for (int64_t i = 0; i < n; ++i) {
      if (vector->IsValid(rows[i])) columnar::SetBit(out->validity.data(), i);
    }
    out->RecountNulls();
  }
  return out;
}

std::vector<uint32_t> LiveRows(const columnar::Batch& batch) {
  if (batch.selection) return batch.selection->rows;
  std::vector<uint32_t> rows(static_cast<size_t>(batch.num_rows));
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i);
  return rows;
}

// --- Dates and times ---

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2);
}

namespace {

bool ParseDigits(std::string_view text, size_t* pos, size_t min_digits, size_t max_digits, int64_t* out) {
  size_t start = *pos;
  int64_t value = 0;
  while (*pos < text.size() && *pos - start < max_digits && text[*pos] >= '0' && text[*pos] <= '9') {
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
  }
  if (*pos - start < min_digits) return false;
  *out = value;
  return true;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool ParseDateAt(std::string_view text, size_t* pos, int64_t* days) {
  int64_t y, m, d;
  if (!ParseDigits(text, pos, 1, 6, &y) || *pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ParseDigits(text, pos, 1, 2, &m) || *pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ParseDigits(text, pos, 1, 2, &d)) return false;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, static_cast<unsigned>(m))) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

bool ParseTimeAt(std::string_view text, size_t* pos, int64_t* micros) {
  int64_t h, mi, s = 0, fraction = 0;
  if (!ParseDigits(text, pos, 1, 2, &h) || *pos >= text.size() || text[*pos] != ':') return false;
  ++*pos;
  if (!ParseDigits(text, pos, 2, 2, &mi)) return false;
  if (*pos < text.size() && text[*pos] == ':') {
    ++*pos;
    if (!ParseDigits(text, pos, 2, 2, &s)) return false;
    if (*pos < text.size() && text[*pos] == '.') {
      ++*pos;
      size_t start = *pos;
      int64_t digits = 0;
      if (!ParseDigits(text, pos, 1, 12, &digits)) return false;
      size_t count = *pos - start;
      // Keep microseconds; Trino rounds extra digits half up.
      for (size_t i = count; i < 6; ++i) digits *= 10;
      for (size_t i = 6; i < count; ++i) {
        int64_t rest = digits % 10;
        digits /= 10;
        if (i + 1 == count && rest >= 5) digits += 1;
      }
      fraction = digits;
    }
  }
  if (h > 23 || mi > 59 || s > 59) return false;
  *micros = ((h * 60 + mi) * 60 + s) * 1000000 + fraction;
  return true;
}

}  // namespace

Result<int64_t> ParseDate(std::string_view text) {
  std::string_view trimmed = Trim(text);
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseDateAt(trimmed, &pos, &days) || pos != trimmed.size()) {
    return sql::SqlErrorNoLocation(sql::error_codes::kInvalidCastArgument, "Value cannot be cast to date: {}", text);
  }
  return days;
}

Result<int64_t> ParseTimeMicros(std::string_view text) {
  std::string_view trimmed = Trim(text);
  size_t pos = 0;
  int64_t micros = 0;
  if (!ParseTimeAt(trimmed, &pos, &micros) || pos != trimmed.size()) {
    return sql::SqlErrorNoLocation(sql::error_codes::kInvalidCastArgument, "Value cannot be cast to time: {}", text);
  }
  return micros;
}

Result<int64_t> ParseTimestampMicros(std::string_view text, bool with_time_zone, bool* had_zone) {
  std::string_view trimmed = Trim(text);
  size_t pos = 0;
  int64_t days = 0, micros = 0;
  auto fail = [&]() {
    return sql::SqlErrorNoLocation(sql::error_codes::kInvalidCastArgument, "Value cannot be cast to timestamp: {}",
                                   text);
  };
  if (!ParseDateAt(trimmed, &pos, &days)) return fail();
  if (pos < trimmed.size() && (trimmed[pos] == ' ' || trimmed[pos] == 'T')) {
    ++pos;
    if (!ParseTimeAt(trimmed, &pos, &micros)) return fail();
  }
  int64_t offset_minutes = 0;
  *had_zone = false;
  std::string_view zone = Trim(trimmed.substr(pos));
  if (!zone.empty()) {
    if (zone == "UTC" || zone == "Z" || zone == "GMT" || zone == "Etc/UTC" || zone == "UT") {
      *had_zone = true;
    } else if (zone[0] == '+' || zone[0] == '-') {
      size_t zpos = 1;
      int64_t hours = 0, minutes = 0;
      if (!ParseDigits(zone, &zpos, 1, 2, &hours)) return fail();
      if (zpos < zone.size() && zone[zpos] == ':') ++zpos;
      if (zpos < zone.size() && !ParseDigits(zone, &zpos, 2, 2, &minutes)) return fail();
      if (zpos != zone.size() || hours > 14 || minutes > 59) return fail();
      offset_minutes = (zone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
      *had_zone = true;
    } else {
      // A named zone: the local time's instant there.
      if (!with_time_zone) return fail();
      *had_zone = true;
      auto named = LoadTimeZone(zone);
      if (!named.ok()) return named.status();
      return UtcMicrosOfLocal(days * 86400000000LL + micros, (*named)->name());
    }
    if (!with_time_zone) return fail();
  }
  return days * 86400000000LL + micros - offset_minutes * 60000000LL;
}

Result<Int128> ParseDecimal(std::string_view text, int32_t precision, int32_t scale, bool* overflow) {
  std::string_view trimmed = Trim(text);
  *overflow = false;
  bool negative = false;
  size_t pos = 0;
  if (pos < trimmed.size() && (trimmed[pos] == '+' || trimmed[pos] == '-')) negative = trimmed[pos++] == '-';
  Int128 value = 0;
  int32_t fraction_digits = 0;
  bool seen_dot = false, any_digit = false, round_up = false, rounded = false;
  for (; pos < trimmed.size(); ++pos) {
    char c = trimmed[pos];
    if (c == '.') {
      if (seen_dot) return InvalidData("bad decimal");
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') return InvalidData("bad decimal");
    any_digit = true;
    if (seen_dot && fraction_digits >= scale) {
      if (!rounded) {
        round_up = c >= '5';
        rounded = true;
      }
      continue;
    }
    if (value > (PowerOfTen(38) - 1 - (c - '0')) / 10) {
      *overflow = true;
      return InvalidData("decimal overflow");
    }
    value = value * 10 + (c - '0');
    if (seen_dot) ++fraction_digits;
  }
  if (!any_digit) return InvalidData("bad decimal");
  for (; fraction_digits < scale; ++fraction_digits) value *= 10;
  if (round_up) value += 1;
  if (value >= PowerOfTen(precision)) {
    *overflow = true;
    return InvalidData("decimal overflow");
  }
  return negative ? -value : value;
}

std::string FormatDate(int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

std::string FormatDecimal(Int128 unscaled, int32_t scale) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : unscaled;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  while (static_cast<int32_t>(digits.size()) <= scale) digits.push_back('0');
  std::string out;
  if (negative) out.push_back('-');
  for (size_t i = digits.size(); i-- > 0;) {
    out.push_back(digits[i]);
    if (scale > 0 && i == static_cast<size_t>(scale)) out.push_back('.');
  }
  return out;
}

namespace {

// Java's Double.toString: plain notation for 1e-3 <= |v| < 1e7, otherwise
// computerized scientific notation ("1.0E10"), shortest round-trip digits.
std::string JavaStyle(double value, bool single) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buffer[64];
  auto result = single ? std::to_chars(buffer, buffer + sizeof(buffer), static_cast<float>(value), std::chars_format::scientific)
                       : std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string scientific(buffer, result.ptr);
  size_t e = scientific.find('e');
  std::string mantissa = scientific.substr(0, e);
  int exponent = std::stoi(scientific.substr(e + 1));
  bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits.push_back(c);
  }
  double magnitude = std::fabs(value);
  std::string out = negative ? "-" : "";
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      std::string integer = digits.substr(0, std::min<size_t>(digits.size(), exponent + 1));
      while (static_cast<int>(integer.size()) < exponent + 1) integer.push_back('0');
      std::string fraction = digits.size() > static_cast<size_t>(exponent + 1) ? digits.substr(exponent + 1) : "0";
      out += integer + "." + fraction;
    } else {
      out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" + std::to_string(exponent);
  return out;
}

}  // namespace

std::string FormatDouble(double value) { return JavaStyle(value, false); }
std::string FormatReal(float value) { return JavaStyle(value, true); }

std::string FormatValue(const Value& value, const SqlType& type) {
  if (value.is_null()) return "NULL";
  switch (type.kind) {
    case SqlTypeKind::kBoolean: return value.boolean() ? "true" : "false";
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigint: return std::to_string(value.integer());
    case SqlTypeKind::kReal: return FormatReal(static_cast<float>(value.real()));
    case SqlTypeKind::kDouble: return FormatDouble(value.real());
    case SqlTypeKind::kDecimal: return FormatDecimal(value.decimal(), type.scale);
    case SqlTypeKind::kVarchar: return value.string();
    case SqlTypeKind::kVarbinary: {
      std::string out;
      for (unsigned char c : value.string()) {
        if (!out.empty()) out.push_back(' ');
        out += fmt::format("{:02x}", c);
      }
      return out;
    }
    case SqlTypeKind::kUuid: {
      const std::string& b = value.string();
      std::string hex;
      for (unsigned char c : b) hex += fmt::format("{:02x}", c);
      if (hex.size() != 32) return hex;
      return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
             hex.substr(20);
    }
    case SqlTypeKind::kDate: return FormatDate(value.integer());
    case SqlTypeKind::kTime:
    case SqlTypeKind::kTimestamp:
    case SqlTypeKind::kTimestampTz: {
      int64_t micros = value.integer();
      if (type.kind == SqlTypeKind::kTimestampTz && !IsUtcZone(type.time_zone)) {
        // Local time in the type's zone, then the zone's name.
        auto local = LocalMicrosOf(micros, type.time_zone);
        if (local.ok()) {
          SqlType utc = type;
          utc.time_zone.clear();
          std::string text = FormatValue(Value::Integer(*local), utc);
          return text.substr(0, text.size() - 3) + type.time_zone;
        }
      }
      int64_t days = micros >= 0 ? micros / 86400000000LL : -((-micros + 86400000000LL - 1) / 86400000000LL);
      int64_t in_day = micros - days * 86400000000LL;
      int64_t seconds = in_day / 1000000, fraction = in_day % 1000000;
      std::string time = fmt::format("{:02d}:{:02d}:{:02d}", seconds / 3600, seconds / 60 % 60, seconds % 60);
      if (type.precision > 0) {
        std::string digits = fmt::format("{:06d}", fraction);
        time += "." + digits.substr(0, std::min<size_t>(6, type.precision));
      }
      if (type.kind == SqlTypeKind::kTime) return time;
      std::string out = FormatDate(days) + " " + time;
      if (type.kind == SqlTypeKind::kTimestampTz) out += " UTC";
      return out;
    }
    case SqlTypeKind::kArray:
    case SqlTypeKind::kMap:
    case SqlTypeKind::kRow: {
      const Elements& elements = value.elements();
      std::string out(type.kind == SqlTypeKind::kArray ? "[" : "{");
      for (size_t i = 0; i < elements.size(); ++i) {
        if (type.kind == SqlTypeKind::kMap) {
          if (i % 2 == 1) continue;
          if (i > 0) out += ", ";
          out += FormatValue(elements[i], type.children[0]) + "=";
          if (i + 1 < elements.size()) out += FormatValue(elements[i + 1], type.children[1]);
          continue;
        }
        if (i > 0) out += ", ";
        const SqlType& element_type = type.kind == SqlTypeKind::kArray ? type.children[0] : type.children[i];
        if (type.kind == SqlTypeKind::kRow && i < type.field_names.size() && !type.field_names[i].empty()) {
          out += type.field_names[i] + "=";
        }
        out += FormatValue(elements[i], element_type);
      }
      out += type.kind == SqlTypeKind::kArray ? "]" : "}";
      return out;
    }
    case SqlTypeKind::kIntervalDayToSecond:
    case SqlTypeKind::kIntervalYearToMonth: return FormatInterval(value.integer(), type);
    default: return "?";
  }
}

}  // namespace floe::engine
