// Iceberg types: string forms, equality and parsing (skeleton; full version follows).
#include "floe/iceberg/types.h"

namespace floe::iceberg {

const StructType* Type::AsStruct() const { return id_ == TypeId::kStruct ? static_cast<const StructType*>(this) : nullptr; }
const ListType* Type::AsList() const { return id_ == TypeId::kList ? static_cast<const ListType*>(this) : nullptr; }
const MapType* Type::AsMap() const { return id_ == TypeId::kMap ? static_cast<const MapType*>(this) : nullptr; }

struct PrimitiveTypeFactory {
  static std::shared_ptr<PrimitiveType> Make(TypeId id) { return std::shared_ptr<PrimitiveType>(new PrimitiveType(id)); }
};

std::string PrimitiveType::ToString() const { return std::string(TypeIdName(id())); }
bool PrimitiveType::Equals(const Type& other) const { return other.id() == id(); }
TypePtr PrimitiveType::Get(TypeId id) { return PrimitiveTypeFactory::Make(id); }
TypePtr PrimitiveType::Decimal(int32_t precision, int32_t scale) {
  auto type = PrimitiveTypeFactory::Make(TypeId::kDecimal);
  type->precision_ = precision;
  type->scale_ = scale;
  return type;
}
TypePtr PrimitiveType::Fixed(int32_t length) {
  auto type = PrimitiveTypeFactory::Make(TypeId::kFixed);
  type->length_ = length;
  return type;
}
TypePtr PrimitiveType::Geo(TypeId id, std::string parameter) {
  auto type = PrimitiveTypeFactory::Make(id);
  type->geo_parameter_ = std::move(parameter);
  return type;
}
Result<TypePtr> ParsePrimitiveType(std::string_view text) { return NotImplemented("ParsePrimitiveType"); }

StructType::StructType(std::vector<NestedField> fields) : Type(TypeId::kStruct), fields_(std::move(fields)) {}
const NestedField* StructType::FieldById(int32_t id) const { return nullptr; }
const NestedField* StructType::FieldByName(std::string_view name) const { return nullptr; }
std::string StructType::ToString() const { return "struct"; }
bool StructType::Equals(const Type& other) const { return false; }
std::string ListType::ToString() const { return "list"; }
bool ListType::Equals(const Type& other) const { return false; }
std::string MapType::ToString() const { return "map"; }
bool MapType::Equals(const Type& other) const { return false; }
std::string_view TypeIdName(TypeId id) { return "type"; }

}  // namespace floe::iceberg
