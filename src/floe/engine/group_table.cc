#include "floe/engine/group_table.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "floe/engine/value.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using columnar::TypeId;
using columnar::Vector;

namespace {

// Key bytes equality, inline for the short keys of one or two columns.
inline bool KeysEqual(const uint8_t* a, const uint8_t* b, size_t size) {
  if (size >= 8 && size <= 16) {
    uint64_t a_head, b_head, a_tail, b_tail;
    std::memcpy(&a_head, a, 8);
    std::memcpy(&b_head, b, 8);
    std::memcpy(&a_tail, a + size - 8, 8);
    std::memcpy(&b_tail, b + size - 8, 8);
    return a_head == b_head && a_tail == b_tail;
  }
  return std::memcmp(a, b, size) == 0;
}

}  // namespace

uint64_t GroupTable::HashBytes(const uint8_t* bytes, size_t size) {
  uint64_t hash = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(size) * 0xff51afd7ed558ccdull);
  while (size >= 8) {
    uint64_t word;
    std::memcpy(&word, bytes, 8);
    hash = (hash ^ word) * 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 31;
    bytes += 8;
    size -= 8;
  }
  if (size > 0) {
    uint64_t word = 0;
    std::memcpy(&word, bytes, size);
    hash = (hash ^ word) * 0x94d049bb133111ebull;
    hash ^= hash >> 29;
  }
  hash ^= hash >> 32;
  hash *= 0xd6e8feb86659fd93ull;
  hash ^= hash >> 32;
  return hash;
}

Result<std::unique_ptr<GroupTable>> GroupTable::Make(std::vector<SqlType> key_types, HashFunction hash) {
  std::unique_ptr<GroupTable> table(new GroupTable());
  for (const SqlType& type : key_types) {
    columnar::DataType physical = ColumnarTypeOf(type);
    Encoding encoding;
    uint32_t width = 0;
    switch (physical.id) {
      case TypeId::kBool: encoding = Encoding::kBoolean; width = 1; break;
      case TypeId::kInt8: encoding = Encoding::kInt8; width = 8; break;
      case TypeId::kInt16: encoding = Encoding::kInt16; width = 8; break;
      case TypeId::kInt32:
      case TypeId::kDate: encoding = Encoding::kInt32; width = 8; break;
      case TypeId::kInt64:
      case TypeId::kTime:
      case TypeId::kTimestamp: encoding = Encoding::kInt64; width = 8; break;
      case TypeId::kFloat: encoding = Encoding::kFloat; width = 8; break;
      case TypeId::kDouble: encoding = Encoding::kDouble; width = 8; break;
      case TypeId::kDecimal: encoding = Encoding::kDecimal; width = 16; break;
      case TypeId::kFixedBinary:
        encoding = Encoding::kFixed;
        width = static_cast<uint32_t>(physical.byte_width);
        break;
      case TypeId::kString:
      case TypeId::kBinary: encoding = Encoding::kBytes; break;
      case TypeId::kList:
      case TypeId::kMap:
      case TypeId::kStruct: encoding = Encoding::kNested; break;
      default:
        return sql::SqlErrorNoLocation(codes::kNotSupported, "Grouping or joining on {} values is not supported yet",
                                       DisplayName(type));
    }
    table->encodings_.push_back(encoding);
    table->widths_.push_back(width);
  }
  table->key_types_ = std::move(key_types);
  table->custom_hash_ = hash;
  table->slots_.assign(1024, kEmptySlot);
  table->mask_ = table->slots_.size() - 1;
  return table;
}

int64_t GroupTable::memory_bytes() const {
  return static_cast<int64_t>(key_bytes_.capacity() + key_offsets_.capacity() * sizeof(uint64_t) +
                              hashes_.capacity() * sizeof(uint64_t) + slots_.capacity() * sizeof(uint64_t));
}

void GroupTable::Encode(const std::vector<const Vector*>& input_keys, const std::vector<uint32_t>& rows) {
  size_t n = rows.size();
  size_t columns = encodings_.size();
  std::vector<const Vector*> keys(input_keys);
  decoded_.clear();
  for (auto& key : keys) {
    if (key->dictionary) {
      decoded_.push_back(columnar::DecodeDictionary(*key));
      key = decoded_.back().get();
    }
  }
  // Nested keys: their values' key bytes, computed first.
  nested_keys_.resize(columns);
  for (size_t c = 0; c < columns; ++c) {
    if (encodings_[c] != Encoding::kNested) continue;
    std::vector<std::string>& encoded = nested_keys_[c];
    encoded.assign(n, std::string());
    for (size_t i = 0; i < n; ++i) {
      if (keys[c]->IsValid(rows[i])) AppendValueKey(&encoded[i], ReadValue(*keys[c], rows[i], key_types_[c]));
    }
  }
  // Row sizes: the fixed part, plus length and bytes of variable columns.
  uint32_t fixed = 0;
  bool variable = false;
  for (size_t c = 0; c < columns; ++c) {
    if (encodings_[c] == Encoding::kBytes || encodings_[c] == Encoding::kNested) {
      fixed += 1 + 4;
      variable = true;
    } else {
      fixed += 1 + widths_[c];
    }
  }
  row_offsets_.resize(n + 1);
  if (!variable) {
    for (size_t i = 0; i <= n; ++i) row_offsets_[i] = static_cast<uint32_t>(i * fixed);
  } else {
    std::vector<uint32_t>& sizes = row_offsets_;
    for (size_t i = 0; i < n; ++i) sizes[i + 1] = fixed;
    for (size_t c = 0; c < columns; ++c) {
      if (encodings_[c] == Encoding::kNested) {
        for (size_t i = 0; i < n; ++i) sizes[i + 1] += static_cast<uint32_t>(nested_keys_[c][i].size());
        continue;
      }
      if (encodings_[c] != Encoding::kBytes) continue;
      const Vector& key = *keys[c];
      const int32_t* offsets = key.Offsets();
      for (size_t i = 0; i < n; ++i) {
        uint32_t row = rows[i];
        if (key.IsValid(row)) sizes[i + 1] += static_cast<uint32_t>(offsets[row + 1] - offsets[row]);
      }
    }
    sizes[0] = 0;
    for (size_t i = 0; i < n; ++i) sizes[i + 1] += sizes[i];
  }
  scratch_.assign(row_offsets_[n], 0);
  has_null_.assign(n, 0);
  // Hashes column at a time from the normalized values (a test's hash
  // function instead hashes the encoded rows at the end).
  bool column_hash = custom_hash_ == nullptr;
  row_hashes_.assign(n, 0x2545F4914F6CDD1Dull);
  uint64_t* hashes = row_hashes_.data();
  constexpr uint64_t kNullWord = 0x5bd1e9955bd1e995ull;
  auto mix = [](uint64_t hash, uint64_t word) {
    hash ^= word;
    hash *= 0x9E3779B97F4A7C15ull;
    return hash ^ (hash >> 32);
  };
  std::vector<uint32_t> cursor(row_offsets_.begin(), row_offsets_.end() - 1);
  uint8_t* out = scratch_.data();
  for (size_t c = 0; c < columns; ++c) {
    const Vector& key = *keys[c];
    bool nullable = key.has_nulls() && !key.validity.empty();
    // The null byte: 1 for NULL (value bytes stay zero).
    if (nullable) {
      for (size_t i = 0; i < n; ++i) {
        if (!key.IsValid(rows[i])) {
          out[cursor[i]] = 1;
          has_null_[i] = 1;
        }
      }
    }
    // `read` writes the value of `row` at `at` and returns a word to hash.
    auto fixed_column = [&](auto read) {
      uint32_t step = 1 + widths_[c];
      for (size_t i = 0; i < n; ++i) {
        uint32_t row = rows[i];
        uint8_t* at = out + cursor[i] + 1;
        uint64_t word = kNullWord;
        if (!nullable || key.IsValid(row)) word = read(at, row);
        if (column_hash) hashes[i] = mix(hashes[i], word);
        cursor[i] += step;
      }
    };
    auto as_int64 = [&](auto* values) {
      fixed_column([&](uint8_t* at, uint32_t row) -> uint64_t {
        int64_t v = static_cast<int64_t>(values[row]);
        std::memcpy(at, &v, 8);
        return static_cast<uint64_t>(v);
      });
    };
    auto as_double = [&](auto* values) {
      fixed_column([&](uint8_t* at, uint32_t row) -> uint64_t {
        double v = static_cast<double>(values[row]);
        if (v == 0) v = 0;  // -0.0 groups with 0.0
        if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        std::memcpy(at, &v, 8);
        return bits;
      });
    };
    // Integers and floating point values by the vector's own width (a join's
    // two sides may differ), normalized to the 8 bytes of the encoding.
    Encoding encoding = encodings_[c];
    bool integral = encoding == Encoding::kInt8 || encoding == Encoding::kInt16 || encoding == Encoding::kInt32 ||
                    encoding == Encoding::kInt64;
    bool floating = encoding == Encoding::kFloat || encoding == Encoding::kDouble;
    if (integral || floating) {
      switch (key.type.id) {
        case TypeId::kInt8: encoding = Encoding::kInt8; break;
        case TypeId::kInt16: encoding = Encoding::kInt16; break;
        case TypeId::kInt32:
        case TypeId::kDate: encoding = Encoding::kInt32; break;
        case TypeId::kInt64:
        case TypeId::kTime:
        case TypeId::kTimestamp: encoding = Encoding::kInt64; break;
        case TypeId::kFloat: encoding = Encoding::kFloat; break;
        case TypeId::kDouble: encoding = Encoding::kDouble; break;
        default: break;
      }
    }
    switch (encoding) {
      case Encoding::kBoolean:
        fixed_column([&](uint8_t* at, uint32_t row) -> uint64_t {
          *at = key.Values<uint8_t>()[row] != 0 ? 1 : 0;
          return *at;
        });
        break;
      case Encoding::kInt8: as_int64(key.Values<int8_t>()); break;
      case Encoding::kInt16: as_int64(key.Values<int16_t>()); break;
      case Encoding::kInt32: as_int64(key.Values<int32_t>()); break;
      case Encoding::kInt64: as_int64(key.Values<int64_t>()); break;
      case Encoding::kFloat: as_double(key.Values<float>()); break;
      case Encoding::kDouble: as_double(key.Values<double>()); break;
      case Encoding::kDecimal: {
        const uint8_t* values = key.values.data();
        fixed_column([&](uint8_t* at, uint32_t row) -> uint64_t {
          std::memcpy(at, values + size_t{row} * 16, 16);
          uint64_t low, high;
          std::memcpy(&low, at, 8);
          std::memcpy(&high, at + 8, 8);
          return low ^ (high * 0xff51afd7ed558ccdull);
        });
        break;
      }
      case Encoding::kFixed: {
        const uint8_t* values = key.values.data();
        uint32_t width = widths_[c];
        fixed_column([&](uint8_t* at, uint32_t row) -> uint64_t {
          std::memcpy(at, values + size_t{row} * width, width);
          return HashBytes(at, width);
        });
        break;
      }
      case Encoding::kBytes: {
        const int32_t* offsets = key.Offsets();
        const uint8_t* bytes = key.bytes.data();
        for (size_t i = 0; i < n; ++i) {
          uint32_t row = rows[i];
          uint8_t* at = out + cursor[i] + 1;
          uint32_t size = 0;
          uint64_t word = kNullWord;
          if (!nullable || key.IsValid(row)) {
            size = static_cast<uint32_t>(offsets[row + 1] - offsets[row]);
            std::memcpy(at, &size, 4);
            if (size > 0) std::memcpy(at + 4, bytes + offsets[row], size);
            word = HashBytes(at + 4, size);
          }
          if (column_hash) hashes[i] = mix(hashes[i], word);
          cursor[i] += 1 + 4 + size;
        }
        break;
      }
      case Encoding::kNested: {
        const std::vector<std::string>& encoded = nested_keys_[c];
        for (size_t i = 0; i < n; ++i) {
          uint8_t* at = out + cursor[i] + 1;
          uint32_t size = static_cast<uint32_t>(encoded[i].size());
          std::memcpy(at, &size, 4);
          if (size > 0) std::memcpy(at + 4, encoded[i].data(), size);
          uint64_t word = size > 0 ? HashBytes(at + 4, size) : kNullWord;
          if (column_hash) hashes[i] = mix(hashes[i], word);
          cursor[i] += 1 + 4 + size;
        }
        break;
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (column_hash) {
      uint64_t hash = hashes[i];
      hash ^= hash >> 29;
      hash *= 0xbf58476d1ce4e5b9ull;
      hashes[i] = hash ^ (hash >> 32);
    } else {
      hashes[i] = custom_hash_(out + row_offsets_[i], row_offsets_[i + 1] - row_offsets_[i]);
    }
  }
}

uint32_t GroupTable::Lookup(const uint8_t* key, uint32_t size, uint64_t hash) const {
  uint64_t slot = hash & mask_;
  uint64_t tag = hash >> 32;
  while (true) {
    uint64_t entry = slots_[slot];
    if (entry == kEmptySlot) return kNoGroup;
    uint32_t group = static_cast<uint32_t>(entry);
    if ((entry >> 32) == tag && key_offsets_[group + 1] - key_offsets_[group] == size &&
        KeysEqual(key_bytes_.data() + key_offsets_[group], key, size)) {
      return group;
    }
    slot = (slot + 1) & mask_;
  }
}

void GroupTable::Grow() {
  slots_.assign(slots_.size() * 2, kEmptySlot);
  mask_ = slots_.size() - 1;
  for (uint32_t group = 0; group < hashes_.size(); ++group) {
    uint64_t slot = hashes_[group] & mask_;
    while (slots_[slot] != kEmptySlot) slot = (slot + 1) & mask_;
    slots_[slot] = SlotEntry(hashes_[group], group);
  }
}

void GroupTable::Prefetch() const {
  // The slots of a batch's rows are random accesses into a table that may
  // exceed the caches: ask for them all before probing.
  for (uint64_t hash : row_hashes_) __builtin_prefetch(&slots_[hash & mask_]);
}

void GroupTable::FindOrInsert(const std::vector<const Vector*>& keys, const std::vector<uint32_t>& rows,
                              bool null_keys_match, std::vector<uint32_t>* group_ids) {
  Encode(keys, rows);
  Prefetch();
  size_t n = rows.size();
  group_ids->resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!null_keys_match && has_null_[i]) {
      (*group_ids)[i] = kNoGroup;
      continue;
    }
    const uint8_t* key = scratch_.data() + row_offsets_[i];
    uint32_t size = row_offsets_[i + 1] - row_offsets_[i];
    uint64_t hash = row_hashes_[i];
    uint64_t slot = hash & mask_;
    uint64_t tag = hash >> 32;
    uint32_t found = kNoGroup;
    while (true) {
      uint64_t entry = slots_[slot];
      if (entry == kEmptySlot) break;
      uint32_t group = static_cast<uint32_t>(entry);
      if ((entry >> 32) == tag && key_offsets_[group + 1] - key_offsets_[group] == size &&
          KeysEqual(key_bytes_.data() + key_offsets_[group], key, size)) {
        found = group;
        break;
      }
      slot = (slot + 1) & mask_;
    }
    if (found == kNoGroup) {
      found = static_cast<uint32_t>(hashes_.size());
      slots_[slot] = SlotEntry(hash, found);
      hashes_.push_back(hash);
      key_bytes_.insert(key_bytes_.end(), key, key + size);
      key_offsets_.push_back(key_bytes_.size());
      if (hashes_.size() * 2 > slots_.size()) Grow();
    }
    (*group_ids)[i] = found;
  }
}

void GroupTable::Find(const std::vector<const Vector*>& keys, const std::vector<uint32_t>& rows, bool null_keys_match,
                      std::vector<uint32_t>* group_ids) {
  Encode(keys, rows);
  Prefetch();
  size_t n = rows.size();
  group_ids->resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!null_keys_match && has_null_[i]) {
      (*group_ids)[i] = kNoGroup;
      continue;
    }
    (*group_ids)[i] = Lookup(scratch_.data() + row_offsets_[i], row_offsets_[i + 1] - row_offsets_[i], row_hashes_[i]);
  }
}

std::vector<std::shared_ptr<Vector>> GroupTable::KeyColumns(size_t begin, size_t end) const {
  int64_t rows = static_cast<int64_t>(end - begin);
  std::vector<VectorBuilder> builders;
  for (const SqlType& type : key_types_) builders.emplace_back(type, rows);
  for (size_t group = begin; group < end; ++group) {
    const uint8_t* at = key_bytes_.data() + key_offsets_[group];
    int64_t row = static_cast<int64_t>(group - begin);
    for (size_t c = 0; c < encodings_.size(); ++c) {
      bool is_null = *at++ != 0;
      VectorBuilder& builder = builders[c];
      uint32_t width = widths_[c];
      int64_t integer;
      double real;
      switch (encodings_[c]) {
        case Encoding::kBoolean:
          if (!is_null) builder.Set<uint8_t>(row, *at);
          break;
        case Encoding::kInt8:
        case Encoding::kInt16:
        case Encoding::kInt32:
        case Encoding::kInt64:
          std::memcpy(&integer, at, 8);
          if (!is_null) builder.SetValue(row, Value::Integer(integer));
          break;
        case Encoding::kFloat:
        case Encoding::kDouble:
          std::memcpy(&real, at, 8);
          if (!is_null) builder.SetValue(row, Value::Double(real));
          break;
        case Encoding::kDecimal: {
          Int128 decimal;
          std::memcpy(&decimal, at, 16);
          if (!is_null) builder.Set<Int128>(row, decimal);
          break;
        }
        case Encoding::kFixed:
          if (!is_null) builder.SetBytes(row, std::string_view(reinterpret_cast<const char*>(at), width));
          break;
        case Encoding::kBytes: {
          uint32_t size;
          std::memcpy(&size, at, 4);
          if (!is_null) builder.SetBytes(row, std::string_view(reinterpret_cast<const char*>(at + 4), size));
          width = 4 + size;
          break;
        }
        case Encoding::kNested: {
          uint32_t size;
          std::memcpy(&size, at, 4);
          if (!is_null) {
            std::string_view key(reinterpret_cast<const char*>(at + 4), size);
            builder.SetValue(row, ParseValueKey(&key));
          }
          width = 4 + size;
          break;
        }
      }
      at += width;
    }
  }
  std::vector<std::shared_ptr<Vector>> out;
  for (auto& builder : builders) out.push_back(builder.Finish());
  return out;
}

}  // namespace floe::engine
