#include "floe/avro/decoder.h"

namespace floe::avro {

Status Decoder::status() const {
  const int64_t value = problem_value_;
  const int64_t limit = problem_limit_;
  std::string what;
  switch (problem_) {
    case DecodeProblem::kNone: return Status::OK();
    case DecodeProblem::kTruncated: what = "truncated data: the input ends inside a value"; break;
    case DecodeProblem::kVarintTooLong: what = "invalid varint: too many bytes"; break;
    case DecodeProblem::kIntOutOfRange: what = "invalid int: the varint does not fit in 32 bits"; break;
    case DecodeProblem::kNegativeLength: what = fmt::format("negative length {}", value); break;
    case DecodeProblem::kLengthBeyondInput:
      what = fmt::format("length {} exceeds the {} remaining bytes", value, limit);
      break;
    case DecodeProblem::kBadBoolean: what = fmt::format("invalid boolean byte {}", value); break;
    case DecodeProblem::kBadUnionBranch:
      what = fmt::format("union branch index {} is out of range (the union has {} branches)", value, limit);
      break;
    case DecodeProblem::kBadEnumIndex:
      what = fmt::format("enum index {} is out of range (the enum has {} symbols)", value, limit);
      break;
    case DecodeProblem::kCountTooLarge:
      what = fmt::format("item count {} cannot fit in the remaining input (limit {})", value, limit);
      break;
    case DecodeProblem::kNestingTooDeep:
      what = fmt::format("values nested deeper than {} levels", kMaxNestingDepth);
      break;
    case DecodeProblem::kBadValue: what = fmt::format("invalid value {}", value); break;
  }
  return InvalidData("Avro decode error at byte {}: {}", problem_position_, what);
}

}  // namespace floe::avro
