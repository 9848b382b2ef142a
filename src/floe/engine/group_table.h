// GroupTable: the distinct keys of one or more typed key columns, numbered
// with dense group ids 0, 1, 2, ... in order of first appearance. It is the
// hash table under hash aggregation (key -> accumulator slot), hash join
// builds (key -> chain of build rows) and DISTINCT aggregates
// ((group, value) pairs).
//
// Keys are normalized column at a time into one byte string per row: for
// each key column a null byte, then the value: every integer width, date,
// time and timestamp as int64; real and double as double (-0.0 as 0.0, one
// NaN); decimal as int128; boolean as one byte; uuid as its 16 bytes;
// varchar and varbinary as a 4-byte length and the bytes; arrays, maps and
// rows as a 4-byte length and their AppendValueKey bytes (read through
// Values, so slower than the flat types). Equal SQL values
// (NULL included) therefore encode to equal bytes, as AppendValueKey
// (value.h) does, and an integer key equals a bigint key of the same value.
// Hashes are computed column at a time while encoding (each column's
// normalized value mixed into the row's hash). The table is open addressing
// with linear probing over a power-of-two array of slots (load at most 1/2),
// each holding a group id and 32 bits of its hash, so a probe reads the key
// bytes only on a likely match; a batch's slots are prefetched first.
//
// Not thread-safe: one table per operator (or per worker). Memory: the
// caller accounts memory_bytes() with the query's MemoryTracker.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/engine/sql_type.h"

namespace floe::engine {

class GroupTable {
 public:
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  using HashFunction = uint64_t (*)(const uint8_t* bytes, size_t size);

  // Errors: NOT_SUPPORTED when a key type cannot be hashed.
  // `hash` replaces the hash function (tests force collisions with it).
  static Result<std::unique_ptr<GroupTable>> Make(std::vector<SqlType> key_types, HashFunction hash = nullptr);

  // The group of each of `rows` of the key vectors (each as long as the
  // batch, in key_types order), adding groups for keys not seen yet:
  // `group_ids` gets one id per entry of `rows`. With `null_keys_match`
  // false, rows with a NULL in any key get kNoGroup and add nothing (join
  // semantics); with true, NULL is a key value like any other (GROUP BY).
  void FindOrInsert(const std::vector<const columnar::Vector*>& keys, const std::vector<uint32_t>& rows,
                    bool null_keys_match, std::vector<uint32_t>* group_ids);
  // As FindOrInsert without adding: kNoGroup for keys not in the table.
  void Find(const std::vector<const columnar::Vector*>& keys, const std::vector<uint32_t>& rows, bool null_keys_match,
            std::vector<uint32_t>* group_ids);

  size_t size() const { return hashes_.size(); }
  // Bytes held by the table (keys, hashes, slots).
  int64_t memory_bytes() const;
  // The key columns of groups [begin, end), one vector per key column.
  std::vector<std::shared_ptr<columnar::Vector>> KeyColumns(size_t begin, size_t end) const;

  // The hash of a byte string (varchar keys' bytes).
  static uint64_t HashBytes(const uint8_t* bytes, size_t size);

 private:
  enum class Encoding : uint8_t { kBoolean, kInt8, kInt16, kInt32, kInt64, kFloat, kDouble, kDecimal, kFixed, kBytes, kNested };
  GroupTable() = default;
  // Encodes the keys of `rows` into scratch_ (row i at row_offsets_[i]);
  // has_null_[i] tells whether row i has a NULL key.
  void Encode(const std::vector<const columnar::Vector*>& keys, const std::vector<uint32_t>& rows);
  void Grow();
  void Prefetch() const;
  uint32_t Lookup(const uint8_t* key, uint32_t size, uint64_t hash) const;

  std::vector<SqlType> key_types_;
  std::vector<Encoding> encodings_;
  std::vector<uint32_t> widths_;  // fixed encodings: value bytes
  HashFunction custom_hash_ = nullptr;  // null: hashed column at a time
  // Groups: normalized keys back to back, their offsets (size() + 1), hashes.
  std::vector<uint8_t> key_bytes_;
  std::vector<uint64_t> key_offsets_{0};
  std::vector<uint64_t> hashes_;
  // A slot: the group's hash's upper 32 bits (compared before the key) and
  // its id; kEmptySlot when empty.
  static constexpr uint64_t kEmptySlot = UINT64_MAX;
  static uint64_t SlotEntry(uint64_t hash, uint32_t group) { return (hash >> 32) << 32 | group; }
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  // Per call scratch.
  std::vector<uint8_t> scratch_;
  std::vector<uint32_t> row_offsets_;
  std::vector<uint8_t> has_null_;
  std::vector<uint64_t> row_hashes_;
  std::vector<std::shared_ptr<columnar::Vector>> decoded_;  // dictionary keys, decoded
  std::vector<std::vector<std::string>> nested_keys_;        // per column: kNested rows' AppendValueKey bytes
};

}  // namespace floe::engine
