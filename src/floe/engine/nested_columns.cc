// Struct fields of nested columns matched by Iceberg field id (see
// AlignNestedFields in operator_internal.h).
#include <algorithm>

#include "floe/engine/operator_internal.h"
#include "floe/engine/scan_file_columns.h"
#include "floe/engine/value.h"

namespace floe::engine::detail {

namespace {

bool Aligned(const columnar::Vector& vector, const iceberg::Type& type) {
  switch (type.id()) {
    case iceberg::TypeId::kStruct: {
      const auto& fields = static_cast<const iceberg::StructType&>(type).fields();
      if (vector.type.id != columnar::TypeId::kStruct || vector.children.size() != fields.size() ||
          vector.type.children.size() != fields.size()) {
        return false;
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        int32_t id = vector.type.children[i].field_id;
        if (id >= 0 && id != fields[i].id) return false;
        if (!Aligned(*vector.children[i], *fields[i].type)) return false;
      }
      return true;
    }
    case iceberg::TypeId::kList:
      return vector.children.size() != 1 ||
             Aligned(*vector.children[0], *static_cast<const iceberg::ListType&>(type).element().type);
    case iceberg::TypeId::kMap: {
      const auto& map = static_cast<const iceberg::MapType&>(type);
      return vector.children.size() != 2 ||
             (Aligned(*vector.children[0], *map.key().type) && Aligned(*vector.children[1], *map.value().type));
    }
    default: return true;
  }
}

}  // namespace

std::shared_ptr<columnar::Vector> AlignNestedFields(std::shared_ptr<columnar::Vector> vector, const iceberg::Type& type) {
  if (!vector || vector->dictionary || Aligned(*vector, type)) return vector;
  auto out = std::make_shared<columnar::Vector>(*vector);
  switch (type.id()) {
    case iceberg::TypeId::kStruct: {
      if (vector->type.id != columnar::TypeId::kStruct) return vector;
      const auto& fields = static_cast<const iceberg::StructType&>(type).fields();
      bool by_id = std::any_of(vector->type.children.begin(), vector->type.children.end(),
                               [](const columnar::Field& f) { return f.field_id >= 0; });
      out->children.clear();
      out->type.children.clear();
      for (size_t i = 0; i < fields.size(); ++i) {
        int found = -1;
        for (size_t j = 0; j < vector->type.children.size() && j < vector->children.size(); ++j) {
          if (by_id ? vector->type.children[j].field_id == fields[i].id : j == i) found = static_cast<int>(j);
        }
        if (found >= 0) {
          out->children.push_back(AlignNestedFields(vector->children[found], *fields[i].type));
          out->type.children.push_back(vector->type.children[found]);
          out->type.children.back().type = out->children.back()->type;
          continue;
        }
        // A field the file does not have (added later): its initial-default, else NULL.
        auto sql_type = SqlTypeOfIceberg(*fields[i].type, fields[i].name);
        if (!sql_type.ok()) return vector;
        Value value = fields[i].initial_default ? ValueOfLiteral(*fields[i].initial_default, *sql_type) : Value::Null();
        out->children.push_back(ConstantVector(*sql_type, value, vector->length));
        out->type.children.push_back(columnar::Field{fields[i].name, out->children.back()->type, true, fields[i].id});
      }
      return out;
    }
    case iceberg::TypeId::kList:
      if (out->children.size() == 1) {
        out->children[0] = AlignNestedFields(out->children[0], *static_cast<const iceberg::ListType&>(type).element().type);
        if (!out->type.children.empty()) out->type.children[0].type = out->children[0]->type;
      }
      return out;
    case iceberg::TypeId::kMap: {
      const auto& map = static_cast<const iceberg::MapType&>(type);
      if (out->children.size() == 2) {
        out->children[0] = AlignNestedFields(out->children[0], *map.key().type);
        out->children[1] = AlignNestedFields(out->children[1], *map.value().type);
        for (size_t i = 0; i < 2 && i < out->type.children.size(); ++i) out->type.children[i].type = out->children[i]->type;
      }
      return out;
    }
    default: return vector;
  }
}

}  // namespace floe::engine::detail
