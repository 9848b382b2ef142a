// Iceberg types (spec: "Schemas and Data Types").
//
// Types are immutable and shared: TypePtr = std::shared_ptr<const Type>.
// Primitive types carry their parameters (decimal precision/scale, fixed
// length); nested types own their child NestedFields, each with a field id.
// Thread-safe: immutable after construction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/literal.h"

namespace floe::iceberg {

enum class TypeId {
  // Primitives (v1/v2).
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kString,
  kUuid,
  kFixed,
  kBinary,
  // v3 primitives.
  kTimestampNs,
  kTimestampTzNs,
  kUnknown,
  kVariant,    // read-only: carried through, never written
  kGeometry,   // read-only: parameters kept in `geo_parameter`
  kGeography,  // read-only
  // Nested.
  kStruct,
  kList,
  kMap,
};

class Type;
class StructType;
class ListType;
class MapType;
using TypePtr = std::shared_ptr<const Type>;

// A field of a struct, or the element/key/value of a list/map.
struct NestedField {
  int32_t id = 0;
  std::string name;
  TypePtr type;
  bool required = false;
  std::string doc;  // empty when absent
  // v3 defaults. `initial_default` is the value for rows written before the
  // field existed; `write_default` is used by writers that omit the field.
  std::optional<Literal> initial_default;
  std::optional<Literal> write_default;
};

class Type {
 public:
  virtual ~Type() = default;
  TypeId id() const { return id_; }
  bool is_primitive() const { return id_ < TypeId::kStruct; }
  bool is_nested() const { return !is_primitive(); }
  // Spec string for primitives: "int", "decimal(9,2)", "fixed[16]", "timestamptz_ns".
  // Nested types render as "struct<1: a: required int, ...>" (for humans only).
  virtual std::string ToString() const = 0;
  virtual bool Equals(const Type& other) const = 0;

  const StructType* AsStruct() const;  // nullptr unless kStruct
  const ListType* AsList() const;
  const MapType* AsMap() const;

 protected:
  explicit Type(TypeId id) : id_(id) {}

 private:
  TypeId id_;
};

class PrimitiveType final : public Type {
 public:
  // Parameters are only meaningful for their types: precision/scale for
  // decimal, length for fixed, the CRS/algorithm text for geometry/geography
  // ("srid:4326" for geometry, "srid:4326" or "srid:4326,spherical" for
  // geography; empty means the spec defaults OGC:CRS84 / spherical).
  int32_t precision() const { return precision_; }
  int32_t scale() const { return scale_; }
  int32_t length() const { return length_; }
  const std::string& geo_parameter() const { return geo_parameter_; }
  std::string ToString() const override;
  bool Equals(const Type& other) const override;

  // Shared singletons for parameterless types. geometry/geography give the
  // default CRS (empty parameter); decimal, fixed and nested ids give nullptr.
  static TypePtr Get(TypeId id);
  static TypePtr Decimal(int32_t precision, int32_t scale);
  static TypePtr Fixed(int32_t length);
  static TypePtr Geo(TypeId id, std::string parameter);

 private:
  friend struct PrimitiveTypeFactory;
  explicit PrimitiveType(TypeId id) : Type(id) {}
  int32_t precision_ = 0, scale_ = 0, length_ = 0;
  std::string geo_parameter_;
};

// Parses a primitive type string as used in schema JSON: "long", "decimal(10, 2)",
// "fixed[16]", "geometry(srid:4326)". Unknown -> kInvalidData
// "Cannot parse type from json: <text>" (the Java parser's wording).
Result<TypePtr> ParsePrimitiveType(std::string_view text);

class StructType final : public Type {
 public:
  explicit StructType(std::vector<NestedField> fields);
  const std::vector<NestedField>& fields() const { return fields_; }
  // Direct children only; nullptr when absent.
  const NestedField* FieldById(int32_t id) const;
  const NestedField* FieldByName(std::string_view name) const;
  std::string ToString() const override;
  bool Equals(const Type& other) const override;

 private:
  std::vector<NestedField> fields_;
};

class ListType final : public Type {
 public:
  explicit ListType(NestedField element) : Type(TypeId::kList), element_(std::move(element)) {}
  const NestedField& element() const { return element_; }
  std::string ToString() const override;
  bool Equals(const Type& other) const override;

 private:
  NestedField element_;  // name is always "element"
};

class MapType final : public Type {
 public:
  MapType(NestedField key, NestedField value) : Type(TypeId::kMap), key_(std::move(key)), value_(std::move(value)) {}
  const NestedField& key() const { return key_; }
  const NestedField& value() const { return value_; }
  std::string ToString() const override;
  bool Equals(const Type& other) const override;

 private:
  NestedField key_;    // name "key", always required
  NestedField value_;  // name "value"
};

std::string_view TypeIdName(TypeId id);

}  // namespace floe::iceberg
