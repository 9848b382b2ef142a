#include "floe/avro/skip.h"

namespace floe::avro {

namespace {

// Skips the items of an array (map_keys = false) or map (true).
bool SkipBlocks(Decoder& decoder, const Node& item, bool map_keys, int depth) {
  const int64_t min_item_size = item.min_encoded_size + (map_keys ? 1 : 0);
  while (true) {
    int64_t count;
    int64_t byte_size;
    if (!decoder.ReadBlockCount(min_item_size, &count, &byte_size)) return false;
    if (count == 0) return true;
    if (byte_size >= 0) {
      if (!decoder.Skip(static_cast<size_t>(byte_size))) return false;
      continue;
    }
    for (int64_t i = 0; i < count; ++i) {
      if (map_keys && !decoder.SkipBytes()) return false;
      if (!SkipValue(decoder, item, depth + 1)) return false;
    }
  }
}

}  // namespace

bool SkipValue(Decoder& decoder, const Node& schema, int depth) {
  if (depth > Decoder::kMaxNestingDepth) return decoder.Fail(DecodeProblem::kNestingTooDeep);
  switch (schema.type) {
    case Type::kNull: return true;
    case Type::kBoolean: {
      bool ignored;
      return decoder.ReadBoolean(&ignored);
    }
    case Type::kInt: {
      int32_t ignored;
      return decoder.ReadInt(&ignored);
    }
    case Type::kLong: return decoder.SkipLong();
    case Type::kFloat: return decoder.Skip(4);
    case Type::kDouble: return decoder.Skip(8);
    case Type::kBytes:
    case Type::kString: return decoder.SkipBytes();
    case Type::kFixed: return decoder.Skip(static_cast<size_t>(schema.fixed_size));
    case Type::kEnum: {
      size_t ignored;
      return decoder.ReadEnumIndex(schema.symbols.size(), &ignored);
    }
    case Type::kRecord:
      for (const Field& field : schema.fields) {
        if (!SkipValue(decoder, *field.type, depth + 1)) return false;
      }
      return true;
    case Type::kUnion: {
      size_t branch;
      if (!decoder.ReadUnionBranch(schema.branches.size(), &branch)) return false;
      return SkipValue(decoder, *schema.branches[branch], depth + 1);
    }
    case Type::kArray: return SkipBlocks(decoder, *schema.items, false, depth);
    case Type::kMap: return SkipBlocks(decoder, *schema.values, true, depth);
  }
  return decoder.Fail(DecodeProblem::kBadValue);
}

}  // namespace floe::avro
