// Row gathering across several vectors (sort output, hash join output).
#include "floe/engine/operator_internal.h"

#include <cstring>
#include <type_traits>

#include "floe/sql/error.h"

namespace floe::engine::detail {

namespace codes = sql::error_codes;
using columnar::TypeId;
using columnar::Vector;

namespace {

// The slow path for vectors in another representation than the type's own.
std::shared_ptr<Vector> GatherThroughValues(const std::vector<const Vector*>& sources, const SqlType& type,
                                            const uint32_t* source, const uint32_t* rows, size_t count) {
  VectorBuilder builder(type, static_cast<int64_t>(count));
  for (size_t i = 0; i < count; ++i) {
    if (source[i] == kNullSource || !sources[source[i]]) continue;
    Value value = ReadValue(*sources[source[i]], rows[i], type);
    if (!value.is_null()) builder.SetValue(static_cast<int64_t>(i), value);
  }
  return builder.Finish();
}

}  // namespace

Result<std::shared_ptr<Vector>> GatherFromVectors(const std::vector<const Vector*>& sources, const SqlType& type,
                                                  const uint32_t* source, const uint32_t* rows, size_t count) {
  int64_t length = static_cast<int64_t>(count);
  columnar::DataType physical = ColumnarTypeOf(type);
  if (physical.id == TypeId::kList || physical.id == TypeId::kMap || physical.id == TypeId::kStruct) {
    // Arrays, maps and rows: through Values (ReadValue decodes dictionaries).
    return GatherThroughValues(sources, type, source, rows, count);
  }
  // Dictionary sources decoded once.
  std::vector<std::shared_ptr<Vector>> decoded;
  std::vector<const Vector*> flat(sources);
  for (auto& vector : flat) {
    if (vector && vector->dictionary) {
      decoded.push_back(columnar::DecodeDictionary(*vector));
      vector = decoded.back().get();
    }
  }
  bool variable = columnar::IsVariableWidth(physical.id) || physical.id == TypeId::kFixedBinary;
  auto compatible = [&](const Vector& vector) {
    return vector.type.id == physical.id && (physical.id != TypeId::kDecimal || vector.type.scale == physical.scale);
  };
  if (!variable) {
    for (const Vector* vector : flat) {
      if (vector && !compatible(*vector)) return GatherThroughValues(flat, type, source, rows, count);
    }
    // Fixed width: the values copied as they are, typed by width.
    size_t width = static_cast<size_t>(columnar::ValueWidth(physical));
    auto out = Vector::Make(physical);
    out->length = length;
    out->values.ResizeZeroed(count * width);
    // Every row from a source without NULLs: a plain copy, no validity.
    bool dense = true;
    for (const Vector* vector : flat) dense = dense && vector && !vector->has_nulls();
    for (size_t i = 0; dense && i < count; ++i) dense = source[i] != kNullSource;
    if (!dense) out->validity.ResizeZeroed(static_cast<size_t>(columnar::BitmapBytes(length)));
    uint8_t* validity = out->validity.data();
    auto copy = [&](auto* values) {
      using T = std::remove_pointer_t<decltype(values)>;
      if (dense) {
        if (flat.size() == 1) {
          const uint8_t* from = flat[0]->values.data();
          for (size_t i = 0; i < count; ++i) std::memcpy(&values[i], from + size_t{rows[i]} * sizeof(T), sizeof(T));
        } else {
          for (size_t i = 0; i < count; ++i) {
            std::memcpy(&values[i], flat[source[i]]->values.data() + size_t{rows[i]} * sizeof(T), sizeof(T));
          }
        }
        return;
      }
      for (size_t i = 0; i < count; ++i) {
        if (source[i] == kNullSource) continue;
        const Vector* vector = flat[source[i]];
        if (!vector) continue;
        uint32_t row = rows[i];
        if (vector->has_nulls() && !vector->IsValid(row)) continue;
        std::memcpy(&values[i], vector->values.data() + size_t{row} * sizeof(T), sizeof(T));
        columnar::SetBit(validity, static_cast<int64_t>(i));
      }
    };
    struct Bytes16 {
      uint64_t low, high;
    };
    switch (width) {
      case 1: copy(reinterpret_cast<uint8_t*>(out->values.data())); break;
      case 2: copy(reinterpret_cast<uint16_t*>(out->values.data())); break;
      case 4: copy(reinterpret_cast<uint32_t*>(out->values.data())); break;
      case 8: copy(reinterpret_cast<uint64_t*>(out->values.data())); break;
      case 16: copy(reinterpret_cast<Bytes16*>(out->values.data())); break;
      default: return GatherThroughValues(flat, type, source, rows, count);
    }
    if (dense) {
      out->null_count = 0;
    } else {
      out->RecountNulls();
    }
    return out;
  }
  VectorBuilder builder(type, length);
  for (size_t i = 0; i < count; ++i) {
    if (source[i] == kNullSource) continue;
    const Vector* vector = flat[source[i]];
    if (!vector) continue;
    uint32_t row = rows[i];
    if (!vector->IsValid(row)) continue;
    builder.SetBytes(static_cast<int64_t>(i), vector->BytesAt(row));
  }
  return builder.Finish();
}

}  // namespace floe::engine::detail
