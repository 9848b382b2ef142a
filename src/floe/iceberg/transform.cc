// Partition transforms (skeleton; full version follows).
#include "floe/iceberg/transform.h"

namespace floe::iceberg {

Result<Transform> Transform::Parse(std::string_view text) { return NotImplemented("Transform::Parse"); }
std::string Transform::ToString() const { return text_; }
bool Transform::CanTransform(const Type& source) const { return false; }
Result<TypePtr> Transform::ResultType(const TypePtr& source) const { return NotImplemented("ResultType"); }
Result<Literal> Transform::Apply(const Type& source, const Literal& value) const { return NotImplemented("Apply"); }
std::string Transform::ToHumanString(const Type& result_type, const Literal& transformed) const { return "null"; }
bool Transform::PreservesOrder() const { return false; }
int32_t Murmur3Hash32(const void* data, size_t length) { return 0; }
Result<int32_t> BucketHash(const Type& type, const Literal& value) { return NotImplemented("BucketHash"); }

}  // namespace floe::iceberg
