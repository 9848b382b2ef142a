#include "floe/parquet/schema.h"

namespace floe::parquet {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using Kind = LogicalType::Kind;

namespace {

constexpr int kMaxSchemaDepth = 64;

struct TreeNode {
  const SchemaElement* element = nullptr;
  std::vector<TreeNode> children;
};

Status BuildTree(const std::vector<SchemaElement>& elements, size_t* position, int depth, TreeNode* out) {
  if (depth > kMaxSchemaDepth) return InvalidData("corrupt Parquet schema: nested deeper than {}", kMaxSchemaDepth);
  if (*position >= elements.size()) return InvalidData("corrupt Parquet schema: fewer elements than num_children declares");
  const SchemaElement& element = elements[(*position)++];
  out->element = &element;
  int32_t num_children = element.num_children.value_or(0);
  if (num_children < 0 || static_cast<size_t>(num_children) > elements.size() - *position) {
    return InvalidData("corrupt Parquet schema: element '{}' declares {} children", element.name, num_children);
  }
  if (element.type && num_children > 0) {
    return InvalidData("corrupt Parquet schema: primitive '{}' has children", element.name);
  }
  if (!element.type && depth > 0 && num_children == 0 && !element.num_children) {
    return InvalidData("corrupt Parquet schema: element '{}' has neither a type nor children", element.name);
  }
  out->children.resize(num_children);
  for (int32_t i = 0; i < num_children; ++i) {
    FLOE_RETURN_IF_ERROR(BuildTree(elements, position, depth + 1, &out->children[i]));
  }
  return Status::OK();
}

bool IsListAnnotated(const SchemaElement& element) {
  return element.logical_type.kind == Kind::kList || element.converted_type == ConvertedType::kList;
}

bool IsMapAnnotated(const SchemaElement& element) {
  return element.logical_type.kind == Kind::kMap || element.converted_type == ConvertedType::kMap ||
         element.converted_type == ConvertedType::kMapKeyValue;
}

// Decimal precision/scale from the logical type, else the converted type.
bool DecimalOf(const SchemaElement& element, int32_t* precision, int32_t* scale) {
  if (element.logical_type.kind == Kind::kDecimal) {
    *precision = element.logical_type.precision;
    *scale = element.logical_type.scale;
    return true;
  }
  if (element.logical_type.kind == Kind::kNone || element.logical_type.kind == Kind::kUnrecognized) {
    if (element.converted_type == ConvertedType::kDecimal) {
      *precision = element.precision;
      *scale = element.scale;
      return true;
    }
  }
  return false;
}

Status MapLeafType(const SchemaElement& element, DataType* type, LeafConversion* conversion) {
  *conversion = LeafConversion::kNone;
  const LogicalType& logical = element.logical_type;
  Kind kind = logical.kind;
  // Derive the logical meaning from the converted type when there is no logical type.
  std::optional<ConvertedType> converted =
      (kind == Kind::kNone || kind == Kind::kUnrecognized) ? element.converted_type : std::nullopt;
  int32_t precision = 0;
  int32_t scale = 0;
  bool decimal = DecimalOf(element, &precision, &scale);
  if (decimal) {
    if (precision <= 0 || precision > 38 || scale < 0 || scale > precision) {
      if (precision > 38) return NotImplemented("Parquet decimal precision {} exceeds 38 ('{}')", precision, element.name);
      return InvalidData("corrupt Parquet schema: decimal({}, {}) on '{}'", precision, scale, element.name);
    }
    *type = DataType::Decimal(precision, scale);
  }
  switch (*element.type) {
    case PhysicalType::kBoolean:
      *type = DataType::Primitive(TypeId::kBool);
      return Status::OK();
    case PhysicalType::kInt32: {
      if (decimal) {
        *conversion = LeafConversion::kDecimalFromInt32;
        return Status::OK();
      }
      *type = DataType::Primitive(TypeId::kInt32);
      if (kind == Kind::kDate || converted == ConvertedType::kDate) {
        *type = DataType::Primitive(TypeId::kDate);
      } else if ((kind == Kind::kTime && logical.unit == TimeUnit::kMillis) || converted == ConvertedType::kTimeMillis) {
        *type = DataType::Primitive(TypeId::kTime);
        type->adjusted_to_utc = kind == Kind::kTime ? logical.adjusted_to_utc : true;
        *conversion = LeafConversion::kTimeMillisToMicros;
      } else if (kind == Kind::kInteger || converted) {
        int bits = 32;
        bool is_signed = true;
        if (kind == Kind::kInteger) {
          bits = logical.bit_width;
          is_signed = logical.is_signed;
        } else if (converted == ConvertedType::kInt8 || converted == ConvertedType::kUint8) {
          bits = 8;
          is_signed = converted == ConvertedType::kInt8;
        } else if (converted == ConvertedType::kInt16 || converted == ConvertedType::kUint16) {
          bits = 16;
          is_signed = converted == ConvertedType::kInt16;
        } else if (converted == ConvertedType::kUint32) {
          is_signed = false;
        }
        if (is_signed && bits == 8) {
          *type = DataType::Primitive(TypeId::kInt8);
          *conversion = LeafConversion::kInt32ToInt8;
        } else if (is_signed && bits == 16) {
          *type = DataType::Primitive(TypeId::kInt16);
          *conversion = LeafConversion::kInt32ToInt16;
        } else if (!is_signed && bits == 8) {
          *type = DataType::Primitive(TypeId::kInt16);
          *conversion = LeafConversion::kUint8ToInt16;
        } else if (!is_signed && bits == 16) {
          *type = DataType::Primitive(TypeId::kInt32);
          *conversion = LeafConversion::kUint16ToInt32;
        } else if (!is_signed) {
          *type = DataType::Primitive(TypeId::kInt64);
          *conversion = LeafConversion::kUint32ToInt64;
        }
      }
      return Status::OK();
    }
    case PhysicalType::kInt64:
      if (decimal) {
        *conversion = LeafConversion::kDecimalFromInt64;
        return Status::OK();
      }
      *type = DataType::Primitive(TypeId::kInt64);
      if (kind == Kind::kTimestamp) {
        *type = DataType::Timestamp(logical.adjusted_to_utc, logical.unit == TimeUnit::kNanos);
        if (logical.unit == TimeUnit::kMillis) *conversion = LeafConversion::kMillisToMicros;
      } else if (converted == ConvertedType::kTimestampMillis || converted == ConvertedType::kTimestampMicros) {
        *type = DataType::Timestamp(true);
        if (converted == ConvertedType::kTimestampMillis) *conversion = LeafConversion::kMillisToMicros;
      } else if (kind == Kind::kTime || converted == ConvertedType::kTimeMicros) {
        *type = DataType::Primitive(TypeId::kTime);
        type->adjusted_to_utc = kind == Kind::kTime ? logical.adjusted_to_utc : true;
        if (kind == Kind::kTime && logical.unit == TimeUnit::kNanos) *conversion = LeafConversion::kNanosToMicros;
      }
      return Status::OK();
    case PhysicalType::kInt96:
      *type = DataType::Timestamp(false);
      *conversion = LeafConversion::kInt96ToMicros;
      return Status::OK();
    case PhysicalType::kFloat:
      *type = DataType::Primitive(TypeId::kFloat);
      return Status::OK();
    case PhysicalType::kDouble:
      *type = DataType::Primitive(TypeId::kDouble);
      return Status::OK();
    case PhysicalType::kByteArray:
      if (decimal) {
        *conversion = LeafConversion::kDecimalFromBytes;
        return Status::OK();
      }
      if (kind == Kind::kString || kind == Kind::kEnum || kind == Kind::kJson || converted == ConvertedType::kUtf8 ||
          converted == ConvertedType::kEnum || converted == ConvertedType::kJson) {
        *type = DataType::Primitive(TypeId::kString);
      } else {
        *type = DataType::Primitive(TypeId::kBinary);
      }
      return Status::OK();
    case PhysicalType::kFixedLenByteArray:
      if (element.type_length <= 0 || element.type_length > (1 << 24)) {
        return InvalidData("corrupt Parquet schema: FIXED_LEN_BYTE_ARRAY '{}' has length {}", element.name,
                           element.type_length);
      }
      if (decimal) {
        if (element.type_length > 16) {
          return NotImplemented("Parquet decimal '{}' stored in {} bytes (more than 16)", element.name,
                                element.type_length);
        }
        *conversion = LeafConversion::kDecimalFromBytes;
        return Status::OK();
      }
      if (kind == Kind::kFloat16) {
        if (element.type_length != 2) return InvalidData("corrupt Parquet schema: FLOAT16 '{}' is not 2 bytes", element.name);
        *type = DataType::Primitive(TypeId::kFloat);
        *conversion = LeafConversion::kFloat16ToFloat;
        return Status::OK();
      }
      *type = DataType::FixedBinary(element.type_length);
      return Status::OK();
  }
  return InvalidData("corrupt Parquet schema: '{}' has unknown physical type {}", element.name,
                     static_cast<int32_t>(*element.type));
}

class NodeBuilder {
 public:
  explicit NodeBuilder(std::vector<ColumnDescriptor>* columns) : columns_(columns) {}

  // Builds the node for `tree`. `parent_definition`/`parent_repetition` are
  // the levels of the parent; `force_required` treats a repeated element of
  // a list as the (required) element itself.
  Result<FieldNode> Build(const TreeNode& tree, int16_t parent_definition, int16_t parent_repetition,
                          int16_t slot_repetition, int16_t slot_definition, bool force_required) {
    const SchemaElement& element = *tree.element;
    if (!element.repetition && !force_required) {
      return InvalidData("corrupt Parquet schema: '{}' has no repetition type", element.name);
    }
    Repetition repetition = force_required ? Repetition::kRequired : *element.repetition;
    if (repetition != Repetition::kRequired && repetition != Repetition::kOptional &&
        repetition != Repetition::kRepeated) {
      return InvalidData("corrupt Parquet schema: '{}' has repetition {}", element.name,
                         static_cast<int32_t>(repetition));
    }
    if (parent_definition >= 32000 || parent_repetition >= 32000) {
      return InvalidData("corrupt Parquet schema: too many levels");
    }
    path_.push_back(element.name);
    Result<FieldNode> node = repetition == Repetition::kRepeated
                                 ? BuildBareRepeated(tree, parent_definition, parent_repetition, slot_repetition,
                                                     slot_definition)
                                 : BuildNode(tree, repetition == Repetition::kOptional, parent_definition,
                                             parent_repetition, slot_repetition, slot_definition);
    path_.pop_back();
    return node;
  }

 private:
  // A repeated field outside a LIST: a required list of required values.
  Result<FieldNode> BuildBareRepeated(const TreeNode& tree, int16_t parent_definition, int16_t parent_repetition,
                                      int16_t slot_repetition, int16_t slot_definition) {
    FieldNode list = ListShell(tree, false, parent_definition, parent_repetition, slot_repetition, slot_definition);
    path_.pop_back();  // Build() pushes the element's name again
    Result<FieldNode> built = Build(tree, list.element_definition, list.element_repetition, list.element_repetition,
                                    list.element_definition, true);
    path_.push_back(tree.element->name);  // keep the stack balanced on errors too
    FLOE_ASSIGN_OR_RETURN(FieldNode element, std::move(built));
    element.field.field_id = -1;
    return FinishList(std::move(list), std::move(element));
  }

  FieldNode ListShell(const TreeNode& tree, bool nullable, int16_t parent_definition, int16_t parent_repetition,
                      int16_t slot_repetition, int16_t slot_definition) {
    FieldNode list;
    list.kind = FieldNode::Kind::kList;
    list.field.name = tree.element->name;
    list.field.nullable = nullable;
    list.field.field_id = tree.element->field_id.value_or(-1);
    list.definition_level = static_cast<int16_t>(parent_definition + (nullable ? 1 : 0));
    list.slot_repetition = slot_repetition;
    list.slot_definition = slot_definition;
    list.element_repetition = static_cast<int16_t>(parent_repetition + 1);
    list.element_definition = static_cast<int16_t>(list.definition_level + 1);
    return list;
  }

  FieldNode FinishList(FieldNode list, FieldNode element) {
    list.first_column = element.first_column;
    list.field.type = DataType::List(element.field);
    list.children.push_back(std::move(element));
    return list;
  }

  Result<FieldNode> BuildNode(const TreeNode& tree, bool nullable, int16_t parent_definition,
                              int16_t parent_repetition, int16_t slot_repetition, int16_t slot_definition) {
    const SchemaElement& element = *tree.element;
    int16_t definition = static_cast<int16_t>(parent_definition + (nullable ? 1 : 0));
    if (element.type) return BuildLeaf(element, nullable, definition, parent_repetition, slot_repetition, slot_definition);
    if (IsListAnnotated(element) && tree.children.size() == 1 &&
        tree.children[0].element->repetition == Repetition::kRepeated) {
      FieldNode list = ListShell(tree, nullable, parent_definition, parent_repetition, slot_repetition, slot_definition);
      const TreeNode& repeated = tree.children[0];
      const SchemaElement& repeated_element = *repeated.element;
      bool two_level = repeated_element.type.has_value() || repeated.children.size() != 1 ||
                       repeated_element.name == "array" || repeated_element.name == element.name + "_tuple";
      FieldNode child;
      if (two_level) {
        FLOE_ASSIGN_OR_RETURN(child, Build(repeated, list.element_definition, list.element_repetition,
                                           list.element_repetition, list.element_definition, true));
      } else {
        path_.push_back(repeated_element.name);
        Result<FieldNode> built = Build(repeated.children[0], list.element_definition, list.element_repetition,
                                        list.element_repetition, list.element_definition, false);
        path_.pop_back();
        FLOE_ASSIGN_OR_RETURN(child, std::move(built));
      }
      return FinishList(std::move(list), std::move(child));
    }
    if (IsMapAnnotated(element) && tree.children.size() == 1 &&
        tree.children[0].element->repetition == Repetition::kRepeated && !tree.children[0].element->type &&
        (tree.children[0].children.size() == 1 || tree.children[0].children.size() == 2)) {
      FieldNode map = ListShell(tree, nullable, parent_definition, parent_repetition, slot_repetition, slot_definition);
      const TreeNode& entries = tree.children[0];
      path_.push_back(entries.element->name);
      std::vector<FieldNode> children;
      for (const TreeNode& child_tree : entries.children) {
        Result<FieldNode> child = Build(child_tree, map.element_definition, map.element_repetition,
                                        map.element_repetition, map.element_definition, false);
        if (!child.ok()) {
          path_.pop_back();
          return child.status();
        }
        children.push_back(std::move(child).value());
      }
      path_.pop_back();
      if (children.size() == 1) return FinishList(std::move(map), std::move(children[0]));  // keys only
      map.kind = FieldNode::Kind::kMap;
      map.first_column = children[0].first_column;
      map.field.type = DataType::Map(children[0].field, children[1].field);
      map.children = std::move(children);
      return map;
    }
    // A struct.
    FieldNode record;
    record.kind = FieldNode::Kind::kStruct;
    record.field.name = element.name;
    record.field.nullable = nullable;
    record.field.field_id = element.field_id.value_or(-1);
    record.definition_level = definition;
    record.slot_repetition = slot_repetition;
    record.slot_definition = slot_definition;
    if (tree.children.empty()) return NotImplemented("Parquet group '{}' has no fields", element.name);
    std::vector<Field> fields;
    for (const TreeNode& child_tree : tree.children) {
      FLOE_ASSIGN_OR_RETURN(FieldNode child,
                            Build(child_tree, definition, parent_repetition, slot_repetition, slot_definition, false));
      fields.push_back(child.field);
      record.children.push_back(std::move(child));
    }
    record.first_column = record.children[0].first_column;
    record.field.type = DataType::Struct(std::move(fields));
    return record;
  }

  Result<FieldNode> BuildLeaf(const SchemaElement& element, bool nullable, int16_t definition, int16_t repetition,
                              int16_t slot_repetition, int16_t slot_definition) {
    ColumnDescriptor column;
    column.index = static_cast<int>(columns_->size());
    column.path = path_;
    column.physical_type = *element.type;
    column.type_length = element.type_length;
    column.max_definition_level = definition;
    column.max_repetition_level = repetition;
    column.field_id = element.field_id;
    FLOE_RETURN_IF_ERROR(MapLeafType(element, &column.output_type, &column.conversion));
    FieldNode leaf;
    leaf.kind = FieldNode::Kind::kLeaf;
    leaf.field = Field{element.name, column.output_type, nullable, element.field_id.value_or(-1)};
    leaf.definition_level = definition;
    leaf.slot_repetition = slot_repetition;
    leaf.slot_definition = slot_definition;
    leaf.column = column.index;
    leaf.first_column = column.index;
    columns_->push_back(std::move(column));
    return leaf;
  }

  std::vector<ColumnDescriptor>* columns_;
  std::vector<std::string> path_;
};

}  // namespace

Result<FileSchema> FileSchema::Make(const std::vector<SchemaElement>& elements) {
  if (elements.empty()) return InvalidData("corrupt Parquet schema: no elements");
  FileSchema schema;
  TreeNode root;
  size_t position = 0;
  FLOE_RETURN_IF_ERROR(BuildTree(elements, &position, 0, &root));
  if (position != elements.size()) {
    return InvalidData("corrupt Parquet schema: {} elements after the root's subtree", elements.size() - position);
  }
  if (root.element->type) return InvalidData("corrupt Parquet schema: the root is not a group");
  NodeBuilder builder(&schema.columns_);
  for (const TreeNode& child : root.children) {
    FLOE_ASSIGN_OR_RETURN(FieldNode field, builder.Build(child, 0, 0, 0, 0, false));
    schema.fields_.push_back(std::move(field));
  }
  return schema;
}

columnar::Schema FileSchema::ToColumnarSchema() const {
  columnar::Schema schema;
  for (const FieldNode& field : fields_) schema.push_back(field.field);
  return schema;
}

void CollectColumns(const FieldNode& node, std::vector<int>* columns) {
  if (node.kind == FieldNode::Kind::kLeaf) {
    columns->push_back(node.column);
    return;
  }
  for (const FieldNode& child : node.children) CollectColumns(child, columns);
}

}  // namespace floe::parquet
