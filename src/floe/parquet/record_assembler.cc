#include "floe/parquet/record_assembler.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace floe::parquet {

using columnar::Buffer;
using columnar::TypeId;
using columnar::Vector;

namespace {

Status Inconsistent(std::string_view what) {
  return InvalidData("corrupt Parquet row group: {}", what);
}

// Slot positions (level entry indices) of a node, with validity.
struct Slots {
  std::vector<int64_t> entries;  // empty together with all_entries: every entry is a slot
  bool all_entries = false;
  int64_t count = 0;
};

Slots FindSlots(const FieldNode& node, const LeafBatch& leaf) {
  Slots slots;
  bool has_repetition = !leaf.repetition_levels.empty();
  if ((!has_repetition || node.slot_repetition == 0) && node.slot_definition == 0 && !has_repetition) {
    slots.all_entries = true;
    slots.count = leaf.level_count;
    return slots;
  }
  const int16_t* repetitions = has_repetition ? leaf.repetitions() : nullptr;
  const int16_t* definitions = leaf.definition_levels.empty() ? nullptr : leaf.definitions();
  for (int64_t i = 0; i < leaf.level_count; ++i) {
    int16_t repetition = repetitions ? repetitions[i] : 0;
    int16_t definition = definitions ? definitions[i] : 0;
    if (repetition <= node.slot_repetition && definition >= node.slot_definition) slots.entries.push_back(i);
  }
  slots.count = static_cast<int64_t>(slots.entries.size());
  return slots;
}

// Validity from definition levels at the slots: valid when def >= level.
void SetValidity(const Slots& slots, const LeafBatch& leaf, int16_t level, Vector* out) {
  out->length = slots.count;
  out->null_count = 0;
  out->validity.Clear();
  if (level == 0 || leaf.definition_levels.empty()) return;
  const int16_t* definitions = leaf.definitions();
  if (slots.all_entries) {
    // Most optional columns have no NULL in a batch: count first (a loop
    // the compiler vectorizes) and skip the bitmap then.
    int64_t nulls = 0;
    for (int64_t s = 0; s < slots.count; ++s) nulls += definitions[s] < level;
    if (nulls == 0) return;
  }
  out->validity.ResizeZeroed(columnar::BitmapBytes(slots.count));
  uint8_t* bits = out->validity.data();
  int64_t nulls = 0;
  for (int64_t s = 0; s < slots.count; ++s) {
    int64_t entry = slots.all_entries ? s : slots.entries[s];
    bool valid = definitions[entry] >= level;
    bits[s >> 3] |= static_cast<uint8_t>(valid) << (s & 7);
    nulls += !valid;
  }
  out->null_count = nulls;
  if (nulls == 0) out->validity.Clear();
}

__int128 DecimalFromBigEndian(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  unsigned __int128 value = (bytes[0] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (size_t i = 0; i < size; ++i) value = (value << 8) | bytes[i];
  return static_cast<__int128>(value);
}

float HalfToFloat(uint16_t half) {
  uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  uint32_t exponent = (half >> 10) & 0x1F;
  uint32_t mantissa = half & 0x3FF;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {  // subnormal: renormalise
      int shift = 0;
      while ((mantissa & 0x400) == 0) {
        mantissa <<= 1;
        ++shift;
      }
      mantissa &= 0x3FF;
      bits = sign | static_cast<uint32_t>(127 - 15 - shift + 1) << 23 | mantissa << 13;
    }
  } else if (exponent == 0x1F) {
    bits = sign | 0x7F800000u | mantissa << 13;
  } else {
    bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
  }
  return std::bit_cast<float>(bits);
}

constexpr int64_t kJulianEpochDay = 2440588;  // 1970-01-01 as a Julian day number
constexpr int64_t kNanosPerDay = 86400LL * 1000 * 1000 * 1000;
constexpr int64_t kMicrosPerDay = 86400LL * 1000 * 1000;

// Writes output value `slot` from dense physical value `index`.
template <typename Out, typename In, typename Convert>
void Scatter(const Slots& slots, const Vector& out_validity_holder, const In* in, Out* out, Convert convert) {
  int64_t k = 0;
  const bool nulls = out_validity_holder.null_count > 0;
  for (int64_t s = 0; s < slots.count; ++s) {
    if (!nulls || out_validity_holder.IsValid(s)) {
      out[s] = convert(in[k++]);
    } else {
      out[s] = Out{};
    }
  }
}

Status BuildLeaf(const FieldNode& node, const ColumnDescriptor& column, LeafBatch& leaf,
                 std::shared_ptr<Vector>* result) {
  Slots slots = FindSlots(node, leaf);
  auto out = std::make_shared<Vector>();
  out->type = column.output_type;
  SetValidity(slots, leaf, node.definition_level, out.get());
  Vector& dense = *leaf.values;
  int64_t expected_values = slots.count - out->null_count;
  if (dense.length != expected_values) {
    return Inconsistent(fmt::format("column '{}' has {} values for {} non-null slots", column.path.back(),
                                    dense.length, expected_values));
  }
  const int64_t n = slots.count;
  const bool nulls = out->null_count > 0;
  switch (column.conversion) {
    case LeafConversion::kNone: {
      if (columnar::IsVariableWidth(column.output_type.id)) {
        out->bytes = std::move(dense.bytes);
        if (!nulls) {
          out->values = std::move(dense.values);
        } else {
          const int32_t* in = dense.values.As<int32_t>();
          out->values.Resize((n + 1) * sizeof(int32_t));
          int32_t* offsets = out->values.As<int32_t>();
          offsets[0] = 0;
          int64_t k = 0;
          for (int64_t s = 0; s < n; ++s) {
            if (out->IsValid(s)) ++k;
            offsets[s + 1] = in[k];
          }
        }
        break;
      }
      size_t width = static_cast<size_t>(columnar::ValueWidth(column.output_type));
      if (!nulls) {
        out->values = std::move(dense.values);
        break;
      }
      out->values.Resize(n * width);
      const uint8_t* in = dense.values.data();
      uint8_t* target = out->values.data();
      if (width == 4) {
        Scatter(slots, *out, reinterpret_cast<const uint32_t*>(in), reinterpret_cast<uint32_t*>(target),
                [](uint32_t v) { return v; });
      } else if (width == 8) {
        Scatter(slots, *out, reinterpret_cast<const uint64_t*>(in), reinterpret_cast<uint64_t*>(target),
                [](uint64_t v) { return v; });
      } else {
        int64_t k = 0;
        for (int64_t s = 0; s < n; ++s) {
          if (out->IsValid(s)) {
            std::memcpy(target + s * width, in + k * width, width);
            ++k;
          } else {
            std::memset(target + s * width, 0, width);
          }
        }
      }
      break;
    }
    case LeafConversion::kInt32ToInt8:
    case LeafConversion::kInt32ToInt16:
    case LeafConversion::kUint8ToInt16:
    case LeafConversion::kUint16ToInt32:
    case LeafConversion::kUint32ToInt64:
    case LeafConversion::kTimeMillisToMicros: {
      const int32_t* in = dense.values.As<int32_t>();
      out->values.Resize(n * columnar::ValueWidth(column.output_type));
      switch (column.conversion) {
        case LeafConversion::kInt32ToInt8:
          Scatter(slots, *out, in, out->values.As<int8_t>(), [](int32_t v) { return static_cast<int8_t>(v); });
          break;
        case LeafConversion::kInt32ToInt16:
          Scatter(slots, *out, in, out->values.As<int16_t>(), [](int32_t v) { return static_cast<int16_t>(v); });
          break;
        case LeafConversion::kUint8ToInt16:
          Scatter(slots, *out, in, out->values.As<int16_t>(),
                  [](int32_t v) { return static_cast<int16_t>(static_cast<uint8_t>(v)); });
          break;
        case LeafConversion::kUint16ToInt32:
          Scatter(slots, *out, in, out->values.As<int32_t>(),
                  [](int32_t v) { return static_cast<int32_t>(static_cast<uint16_t>(v)); });
          break;
        case LeafConversion::kUint32ToInt64:
          Scatter(slots, *out, in, out->values.As<int64_t>(),
                  [](int32_t v) { return static_cast<int64_t>(static_cast<uint32_t>(v)); });
          break;
        default:
          Scatter(slots, *out, in, out->values.As<int64_t>(), [](int32_t v) { return int64_t{v} * 1000; });
          break;
      }
      break;
    }
    case LeafConversion::kMillisToMicros:
    case LeafConversion::kNanosToMicros: {
      const int64_t* in = dense.values.As<int64_t>();
      out->values.Resize(n * sizeof(int64_t));
      if (column.conversion == LeafConversion::kMillisToMicros) {
        Scatter(slots, *out, in, out->values.As<int64_t>(),
                [](int64_t v) { return static_cast<int64_t>(static_cast<uint64_t>(v) * 1000); });
      } else {
        Scatter(slots, *out, in, out->values.As<int64_t>(), [](int64_t v) { return v / 1000; });
      }
      break;
    }
    case LeafConversion::kInt96ToMicros: {
      out->values.Resize(n * sizeof(int64_t));
      int64_t* target = out->values.As<int64_t>();
      const uint8_t* in = dense.values.data();
      int64_t k = 0;
      for (int64_t s = 0; s < n; ++s) {
        if (nulls && out->IsNull(s)) {
          target[s] = 0;
          continue;
        }
        uint64_t nanos;
        uint32_t julian_day;
        std::memcpy(&nanos, in + k * 12, 8);
        std::memcpy(&julian_day, in + k * 12 + 8, 4);
        ++k;
        // Wrapping arithmetic: garbage INT96 values must not be undefined behaviour.
        int64_t days = static_cast<int64_t>(static_cast<int32_t>(julian_day)) - kJulianEpochDay;
        target[s] = static_cast<int64_t>(static_cast<uint64_t>(days) * static_cast<uint64_t>(kMicrosPerDay) +
                                         static_cast<uint64_t>(nanos / 1000));
      }
      break;
    }
    case LeafConversion::kDecimalFromInt32:
      out->values.Resize(n * 16);
      Scatter(slots, *out, dense.values.As<int32_t>(), out->values.As<__int128>(),
              [](int32_t v) { return static_cast<__int128>(v); });
      break;
    case LeafConversion::kDecimalFromInt64:
      out->values.Resize(n * 16);
      Scatter(slots, *out, dense.values.As<int64_t>(), out->values.As<__int128>(),
              [](int64_t v) { return static_cast<__int128>(v); });
      break;
    case LeafConversion::kDecimalFromBytes: {
      out->values.Resize(n * 16);
      __int128* target = out->values.As<__int128>();
      int64_t k = 0;
      for (int64_t s = 0; s < n; ++s) {
        if (nulls && out->IsNull(s)) {
          target[s] = 0;
          continue;
        }
        std::string_view bytes = dense.BytesAt(k++);
        if (bytes.size() > 16) return Inconsistent("a decimal value wider than 16 bytes");
        target[s] = DecimalFromBigEndian(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      }
      break;
    }
    case LeafConversion::kFloat16ToFloat: {
      out->values.Resize(n * sizeof(float));
      float* target = out->values.As<float>();
      const uint8_t* in = dense.values.data();
      int64_t k = 0;
      for (int64_t s = 0; s < n; ++s) {
        if (nulls && out->IsNull(s)) {
          target[s] = 0;
          continue;
        }
        uint16_t half;
        std::memcpy(&half, in + 2 * k++, 2);
        target[s] = HalfToFloat(half);
      }
      break;
    }
  }
  *result = std::move(out);
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<Vector>> AssembleField(const FieldNode& node, const std::vector<ColumnDescriptor>& columns,
                                              std::vector<LeafBatch>& leaves) {
  if (node.kind == FieldNode::Kind::kLeaf) {
    std::shared_ptr<Vector> out;
    FLOE_RETURN_IF_ERROR(BuildLeaf(node, columns[node.column], leaves[node.column], &out));
    return out;
  }
  const LeafBatch& shape = leaves[node.first_column];
  Slots slots = FindSlots(node, shape);
  auto out = std::make_shared<Vector>();
  out->type = node.field.type;
  SetValidity(slots, shape, node.definition_level, out.get());
  if (node.kind == FieldNode::Kind::kStruct) {
    for (const FieldNode& child : node.children) {
      FLOE_ASSIGN_OR_RETURN(std::shared_ptr<Vector> vector, AssembleField(child, columns, leaves));
      if (vector->length != out->length) {
        return Inconsistent(fmt::format("struct '{}' field '{}' has {} rows, the struct {}", node.field.name,
                                        child.field.name, vector->length, out->length));
      }
      out->children.push_back(std::move(vector));
    }
    return out;
  }
  // kList / kMap: offsets from the entries between consecutive slots.
  const int16_t* repetitions = shape.repetitions();
  const int16_t* definitions = shape.definitions();
  out->values.Resize((slots.count + 1) * sizeof(int32_t));
  int32_t* offsets = out->values.As<int32_t>();
  offsets[0] = 0;
  int64_t elements = 0;
  for (int64_t s = 0; s < slots.count; ++s) {
    int64_t begin = slots.all_entries ? s : slots.entries[s];
    int64_t end = s + 1 < slots.count ? (slots.all_entries ? s + 1 : slots.entries[s + 1]) : shape.level_count;
    if (definitions[begin] >= node.definition_level) {
      for (int64_t i = begin; i < end; ++i) {
        elements += repetitions[i] <= node.element_repetition && definitions[i] >= node.element_definition;
      }
    }
    if (elements > INT32_MAX) return NotImplemented("more than 2^31 list elements in one batch");
    offsets[s + 1] = static_cast<int32_t>(elements);
  }
  for (const FieldNode& child : node.children) {
    FLOE_ASSIGN_OR_RETURN(std::shared_ptr<Vector> vector, AssembleField(child, columns, leaves));
    if (vector->length != elements) {
      return Inconsistent(fmt::format("list '{}' has {} elements but its values {} rows", node.field.name, elements,
                                      vector->length));
    }
    out->children.push_back(std::move(vector));
  }
  return out;
}

}  // namespace floe::parquet
