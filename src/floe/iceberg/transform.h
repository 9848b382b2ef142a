// Partition transforms (spec "Partition Transforms", "Bucket Transform
// Details", "Truncate Transform Details", Appendix B for hashing).
//
// A Transform is a small value: kind + parameter (bucket count or truncate
// width). Parsing accepts the spec strings "identity", "bucket[16]",
// "truncate[4]", "year", "month", "day", "hour", "void"; anything else is
// kept as an unknown transform (readers must tolerate it; writers must not
// write with it). Thread-safe: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "floe/iceberg/literal.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg {

enum class TransformKind { kIdentity, kBucket, kTruncate, kYear, kMonth, kDay, kHour, kVoid, kUnknown };

class Transform {
 public:
  static Transform Identity() { return Transform(TransformKind::kIdentity); }
  static Transform Bucket(int32_t n) { return Transform(TransformKind::kBucket, n); }
  static Transform Truncate(int32_t width) { return Transform(TransformKind::kTruncate, width); }
  static Transform Year() { return Transform(TransformKind::kYear); }
  static Transform Month() { return Transform(TransformKind::kMonth); }
  static Transform Day() { return Transform(TransformKind::kDay); }
  static Transform Hour() { return Transform(TransformKind::kHour); }
  static Transform Void() { return Transform(TransformKind::kVoid); }

  // Parses a spec string (names case-insensitive). Bad parameters ("bucket[0]",
  // "truncate[x]") -> kInvalidData ("Invalid truncate width: 0 (must be > 0)",
  // "Invalid number of buckets: 0 (must be > 0)"); unknown names -> kUnknown,
  // which CanTransform() any type, has result type string and fails Apply()
  // with kNotImplemented.
  static Result<Transform> Parse(std::string_view text);

  TransformKind kind() const { return kind_; }
  int32_t parameter() const { return parameter_; }
  // The spec string ("bucket[16]"); unknown transforms keep their original text.
  std::string ToString() const;

  // Whether the transform applies to a source type (spec table of source types).
  bool CanTransform(const Type& source) const;
  // Result type for a source type: bucket/year/month/hour -> int, day -> date,
  // identity/truncate -> source, void -> source. kInvalidData when not applicable.
  Result<TypePtr> ResultType(const TypePtr& source) const;
  // Applies the transform to one value of `source` type. Null -> null.
  Result<Literal> Apply(const Type& source, const Literal& value) const;
  // Human-readable partition value (for paths "ts_day=2017-12-01").
  std::string ToHumanString(const Type& result_type, const Literal& transformed) const;

  // Whether transformed values preserve the order of source values
  // (identity, truncate, year/month/day/hour), which allows range projection.
  bool PreservesOrder() const;

  friend bool operator==(const Transform&, const Transform&) = default;

 private:
  explicit Transform(TransformKind kind, int32_t parameter = 0, std::string text = {})
      : kind_(kind), parameter_(parameter), text_(std::move(text)) {}
  TransformKind kind_;
  int32_t parameter_ = 0;
  std::string text_;  // original text for unknown transforms
};

// murmur3_x86_32 with seed 0 (Appendix B).
int32_t Murmur3Hash32(const void* data, size_t length);
// The Iceberg bucket hash of a value of a given type (Appendix B rules).
Result<int32_t> BucketHash(const Type& type, const Literal& value);

}  // namespace floe::iceberg
