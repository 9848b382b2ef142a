// Row gathering across several vectors (sort output, hash join output).
#include "floe/engine/operator_internal.h"

#include <cstring>

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
  VectorBuilder builder(type, length);
  columnar::DataType physical = ColumnarTypeOf(type);
  if (physical.id == TypeId::kList || physical.id == TypeId::kMap || physical.id == TypeId::kStruct) {
    return sql::SqlErrorNoLocation(codes::kNotSupported, "Returning {} values from a sort or join is not supported yet",
                                   DisplayName(type));
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
    // Fixed width: the value bytes copied as they are.
    size_t width = static_cast<size_t>(columnar::ValueWidth(physical));
    auto out = Vector::Make(physical);
    out->length = length;
    out->values.ResizeZeroed(count * width);
    out->validity.ResizeZeroed(static_cast<size_t>(columnar::BitmapBytes(length)));
    uint8_t* values = out->values.data();
    uint8_t* validity = out->validity.data();
    for (size_t i = 0; i < count; ++i) {
      if (source[i] == kNullSource) continue;
      const Vector* vector = flat[source[i]];
      if (!vector) continue;
      uint32_t row = rows[i];
      if (!vector->IsValid(row)) continue;
      if (!compatible(*vector)) return GatherThroughValues(flat, type, source, rows, count);
      std::memcpy(values + i * width, vector->values.data() + row * width, width);
      columnar::SetBit(validity, static_cast<int64_t>(i));
    }
    out->RecountNulls();
    return out;
  }
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
