#include "floe/parquet/file_writer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "floe/parquet/column_writer.h"
#include "floe/parquet/iceberg_bounds.h"

namespace floe::parquet {

using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;
using Type = WriteField::Type;

struct ParquetWriter::PendingIndexes : ColumnChunkWriter::ChunkIndexes {};

struct ParquetWriter::Node {
  const WriteField* field = nullptr;
  bool nullable = false;
  int leaf = -1;                   // primitive: index into leaves_
  int16_t element_repetition = 0;  // list/map: repetition level of its elements
  int first_leaf = 0;
  int end_leaf = 0;
  std::vector<Node> children;
};

namespace {

constexpr char kMagic[] = "PAR1";

Status PrimitiveElement(const WriteField& field, SchemaElement* element, LeafSpec* leaf, DataType* type) {
  LogicalType& logical = element->logical_type;
  using Kind = LogicalType::Kind;
  switch (field.type) {
    case Type::kBoolean:
      element->type = PhysicalType::kBoolean;
      *type = DataType(TypeId::kBool);
      break;
    case Type::kInt:
      element->type = PhysicalType::kInt32;
      *type = DataType(TypeId::kInt32);
      break;
    case Type::kLong:
      element->type = PhysicalType::kInt64;
      *type = DataType(TypeId::kInt64);
      break;
    case Type::kFloat:
      element->type = PhysicalType::kFloat;
      *type = DataType(TypeId::kFloat);
      break;
    case Type::kDouble:
      element->type = PhysicalType::kDouble;
      *type = DataType(TypeId::kDouble);
      break;
    case Type::kDecimal:
      if (field.precision < 1 || field.precision > 38 || field.scale < 0 || field.scale > field.precision) {
        return InvalidData("field '{}': invalid decimal({}, {})", field.name, field.precision, field.scale);
      }
      element->type = field.precision <= 9    ? PhysicalType::kInt32
                      : field.precision <= 18 ? PhysicalType::kInt64
                                              : PhysicalType::kFixedLenByteArray;
      if (element->type == PhysicalType::kFixedLenByteArray) element->type_length = DecimalFixedLength(field.precision);
      element->converted_type = ConvertedType::kDecimal;
      element->precision = field.precision;
      element->scale = field.scale;
      logical.kind = Kind::kDecimal;
      logical.precision = field.precision;
      logical.scale = field.scale;
      *type = DataType::Decimal(field.precision, field.scale);
      break;
    case Type::kDate:
      element->type = PhysicalType::kInt32;
      element->converted_type = ConvertedType::kDate;
      logical.kind = Kind::kDate;
      *type = DataType(TypeId::kDate);
      break;
    case Type::kTime:
      element->type = PhysicalType::kInt64;
      element->converted_type = ConvertedType::kTimeMicros;
      logical.kind = Kind::kTime;
      logical.unit = TimeUnit::kMicros;
      *type = DataType(TypeId::kTime);
      break;
    case Type::kTimestamp:
    case Type::kTimestampTz:
    case Type::kTimestampNs:
    case Type::kTimestampTzNs: {
      bool utc = field.type == Type::kTimestampTz || field.type == Type::kTimestampTzNs;
      bool nanos = field.type == Type::kTimestampNs || field.type == Type::kTimestampTzNs;
      element->type = PhysicalType::kInt64;
      if (utc && !nanos) element->converted_type = ConvertedType::kTimestampMicros;
      logical.kind = Kind::kTimestamp;
      logical.adjusted_to_utc = utc;
      logical.unit = nanos ? TimeUnit::kNanos : TimeUnit::kMicros;
      *type = DataType::Timestamp(utc, nanos);
      break;
    }
    case Type::kString:
      element->type = PhysicalType::kByteArray;
      element->converted_type = ConvertedType::kUtf8;
      logical.kind = Kind::kString;
      *type = DataType(TypeId::kString);
      break;
    case Type::kUuid:
      element->type = PhysicalType::kFixedLenByteArray;
      element->type_length = 16;
      logical.kind = Kind::kUuid;
      *type = DataType::FixedBinary(16);
      break;
    case Type::kFixed:
      if (field.length <= 0) return InvalidData("field '{}': fixed length {}", field.name, field.length);
      element->type = PhysicalType::kFixedLenByteArray;
      element->type_length = field.length;
      *type = DataType::FixedBinary(field.length);
      break;
    case Type::kBinary:
      element->type = PhysicalType::kByteArray;
      *type = DataType(TypeId::kBinary);
      break;
    default:
      return Internal("not a primitive type");
  }
  leaf->physical_type = *element->type;
  leaf->type_length = element->type_length;
  leaf->type = field.type;
  leaf->precision = field.precision;
  leaf->field_id = field.field_id;
  return Status::OK();
}

}  // namespace

// Builds elements, leaves and nodes depth-first.
static Status BuildField(const WriteField& field, std::string_view name, int16_t definition, int16_t repetition,
                         bool inside_repeated, std::vector<std::string> path, std::vector<SchemaElement>* elements,
                         std::vector<LeafSpec>* leaves, columnar::Field* out_field, ParquetWriter::Node* node) {
  node->field = &field;
  node->nullable = !field.required;
  node->first_leaf = static_cast<int>(leaves->size());
  int16_t own_definition = static_cast<int16_t>(definition + (field.required ? 0 : 1));
  path.emplace_back(name);
  SchemaElement element;
  element.name = std::string(name);
  element.repetition = field.required ? Repetition::kRequired : Repetition::kOptional;
  element.field_id = field.field_id;
  out_field->name = field.name;
  out_field->nullable = !field.required;
  out_field->field_id = field.field_id;
  switch (field.type) {
    case Type::kStruct: {
      if (field.children.empty()) return InvalidData("struct '{}' has no fields", field.name);
      element.num_children = static_cast<int32_t>(field.children.size());
      elements->push_back(element);
      std::vector<columnar::Field> fields(field.children.size());
      node->children.resize(field.children.size());
      for (size_t i = 0; i < field.children.size(); ++i) {
        FLOE_RETURN_IF_ERROR(BuildField(field.children[i], field.children[i].name, own_definition, repetition,
                                        inside_repeated, path, elements, leaves, &fields[i],
                                        &node->children[i]));
      }
      out_field->type = DataType::Struct(std::move(fields));
      break;
    }
    case Type::kList:
    case Type::kMap: {
      bool is_list = field.type == Type::kList;
      if (field.children.size() != (is_list ? 1u : 2u)) {
        return InvalidData("{} '{}' needs {} child fields", is_list ? "list" : "map", field.name, is_list ? 1 : 2);
      }
      element.num_children = 1;
      element.converted_type = is_list ? ConvertedType::kList : ConvertedType::kMap;
      element.logical_type.kind = is_list ? LogicalType::Kind::kList : LogicalType::Kind::kMap;
      elements->push_back(element);
      SchemaElement repeated;
      repeated.name = is_list ? "list" : "key_value";
      repeated.repetition = Repetition::kRepeated;
      repeated.num_children = static_cast<int32_t>(field.children.size());
      elements->push_back(repeated);
      path.push_back(repeated.name);
      node->element_repetition = static_cast<int16_t>(repetition + 1);
      std::vector<columnar::Field> fields(field.children.size());
      node->children.resize(field.children.size());
      for (size_t i = 0; i < field.children.size(); ++i) {
        const char* child_name = is_list ? "element" : (i == 0 ? "key" : "value");
        if (!is_list && i == 0 && !field.children[0].required) {
          return InvalidData("map '{}' must have a required key", field.name);
        }
        FLOE_RETURN_IF_ERROR(BuildField(field.children[i], child_name, static_cast<int16_t>(own_definition + 1),
                                        node->element_repetition, true, path, elements, leaves, &fields[i],
                                        &node->children[i]));
      }
      out_field->type = is_list ? DataType::List(fields[0]) : DataType::Map(fields[0], fields[1]);
      break;
    }
    default: {
      LeafSpec leaf;
      FLOE_RETURN_IF_ERROR(PrimitiveElement(field, &element, &leaf, &out_field->type));
      leaf.path = path;
      leaf.max_definition_level = own_definition;
      leaf.max_repetition_level = repetition;
      leaf.inside_repeated = inside_repeated;
      node->leaf = static_cast<int>(leaves->size());
      leaves->push_back(std::move(leaf));
      elements->push_back(element);
      break;
    }
  }
  node->end_leaf = static_cast<int>(leaves->size());
  return Status::OK();
}

Result<std::unique_ptr<ParquetWriter>> ParquetWriter::Make(std::unique_ptr<io::OutputFile> file,
                                                           std::vector<WriteField> schema, WriterOptions options) {
  std::unique_ptr<ParquetWriter> writer(new ParquetWriter());
  writer->schema_ = std::move(schema);
  writer->options_ = options;
  if (writer->options_.page_bytes <= 0 || writer->options_.row_group_bytes <= 0 || writer->options_.page_row_limit <= 0) {
    return InvalidData("Parquet writer page and row group sizes and the page row limit must be positive");
  }
  SchemaElement root;
  root.name = "table";
  root.num_children = static_cast<int32_t>(writer->schema_.size());
  writer->metadata_.schema.push_back(root);
  std::vector<LeafSpec> leaves;
  writer->nodes_.resize(writer->schema_.size());
  writer->columnar_schema_.resize(writer->schema_.size());
  for (size_t i = 0; i < writer->schema_.size(); ++i) {
    const WriteField& field = writer->schema_[i];
    FLOE_RETURN_IF_ERROR(BuildField(field, field.name, 0, 0, false, {}, &writer->metadata_.schema, &leaves,
                                    &writer->columnar_schema_[i], &writer->nodes_[i]));
  }
  for (LeafSpec& leaf : leaves) {
    writer->leaves_.push_back(std::make_unique<ColumnChunkWriter>(std::move(leaf), writer->options_));
  }
  writer->metadata_.created_by = writer->options_.created_by;
  writer->metadata_.column_orders.assign(writer->leaves_.size(), true);
  writer->file_ = std::move(file);
  FLOE_RETURN_IF_ERROR(writer->file_->Write(kMagic, 4));
  return writer;
}

ParquetWriter::~ParquetWriter() {
  if (!closed_ && file_) file_->Abort();
}

namespace {

// Checks a vector against the columnar type the schema expects.
// `enclosing_null` (may be null) marks the rows where an enclosing struct is
// null: a required field may hold nulls there, since no value is written.
Status CheckVector(const columnar::Field& field, const Vector& vector, int64_t rows,
                   const std::vector<uint8_t>* enclosing_null = nullptr) {
  if (vector.length != rows) {
    return InvalidData("column '{}' has {} rows, the batch {}", field.name, vector.length, rows);
  }
  const DataType& actual = vector.type;
  const DataType& expected = field.type;
  bool same = actual.id == expected.id;
  if (same && expected.id == TypeId::kFixedBinary) same = actual.byte_width == expected.byte_width;
  if (!same) {
    return InvalidData("column '{}' is {}, the schema expects {}", field.name, columnar::TypeToString(actual),
                       columnar::TypeToString(expected));
  }
  if (!field.nullable && vector.null_count > 0) {
    int64_t stray = vector.null_count;
    if (enclosing_null) {
      stray = 0;
      for (int64_t row = 0; row < rows; ++row) stray += vector.IsNull(row) && !(*enclosing_null)[row];
    }
    if (stray > 0) return InvalidData("required column '{}' has {} nulls", field.name, stray);
  }
  if (expected.id == TypeId::kStruct) {
    if (vector.children.size() != expected.children.size()) return InvalidData("struct '{}' field count", field.name);
    const std::vector<uint8_t>* child_null = enclosing_null;
    std::vector<uint8_t> nulls;
    if (vector.null_count > 0) {
      nulls.resize(static_cast<size_t>(rows));
      for (int64_t row = 0; row < rows; ++row) {
        nulls[row] = vector.IsNull(row) || (enclosing_null && (*enclosing_null)[row]);
      }
      child_null = &nulls;
    }
    for (size_t i = 0; i < expected.children.size(); ++i) {
      FLOE_RETURN_IF_ERROR(CheckVector(expected.children[i], *vector.children[i], rows, child_null));
    }
  } else if (expected.id == TypeId::kList || expected.id == TypeId::kMap) {
    if (vector.children.size() != expected.children.size()) return InvalidData("'{}' child count", field.name);
    int64_t elements = rows > 0 ? vector.Offsets()[rows] : 0;
    for (size_t i = 0; i < expected.children.size(); ++i) {
      FLOE_RETURN_IF_ERROR(CheckVector(expected.children[i], *vector.children[i], elements));
    }
  }
  return Status::OK();
}

}  // namespace

void ParquetWriter::EmitEmpty(const Node& node, int16_t definition, int16_t repetition) {
  for (int leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) leaves_[leaf]->AddNull(definition, repetition);
}

void ParquetWriter::Shred(const Node& node, const Vector& vector, int64_t row, int16_t definition,
                          int16_t repetition) {
  if (node.nullable) {
    if (vector.IsNull(row)) {
      EmitEmpty(node, definition, repetition);
      return;
    }
    ++definition;
  }
  switch (node.field->type) {
    case Type::kStruct:
      for (size_t i = 0; i < node.children.size(); ++i) Shred(node.children[i], *vector.children[i], row, definition, repetition);
      return;
    case Type::kList:
    case Type::kMap: {
      const int32_t* offsets = vector.Offsets();
      int32_t begin = offsets[row];
      int32_t end = offsets[row + 1];
      if (begin == end) {
        EmitEmpty(node, definition, repetition);
        return;
      }
      for (int32_t element = begin; element < end; ++element) {
        int16_t element_repetition = element == begin ? repetition : node.element_repetition;
        for (size_t i = 0; i < node.children.size(); ++i) {
          Shred(node.children[i], *vector.children[i], element, static_cast<int16_t>(definition + 1),
                element_repetition);
        }
      }
      return;
    }
    default:
      leaves_[node.leaf]->AddValue(repetition, vector, row);
      return;
  }
}

Status ParquetWriter::Write(const columnar::Batch& batch) {
  if (closed_ || failed_) return InvalidData("the Parquet writer is closed or failed");
  if (batch.columns.size() != nodes_.size()) {
    return InvalidData("batch has {} columns, the schema {}", batch.columns.size(), nodes_.size());
  }
  for (size_t i = 0; i < nodes_.size(); ++i) {
    FLOE_RETURN_IF_ERROR(CheckVector(columnar_schema_[i], *batch.columns[i], batch.num_rows));
  }
  if (batch.selection) {
    for (uint32_t row : batch.selection->rows) {
      if (row >= static_cast<uint64_t>(batch.num_rows)) return InvalidData("selection row {} out of range", row);
    }
  }
  // Column at a time: each field's leaves are independent of the others', and
  // one column's dictionary and buffers stay in cache while it is shredded.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    const Vector& vector = *batch.columns[i];
    if (node.leaf >= 0 && !batch.selection) {
      // A top-level primitive: no levels to work out.
      leaves_[node.leaf]->AddColumn(vector, batch.num_rows, node.nullable);
    } else if (batch.selection) {
      for (uint32_t row : batch.selection->rows) Shred(node, vector, row, 0, 0);
    } else {
      for (int64_t row = 0; row < batch.num_rows; ++row) Shred(node, vector, row, 0, 0);
    }
  }
  row_group_rows_ += batch.live_rows();
  metrics_.record_count += batch.live_rows();
  int64_t buffered = 0;
  for (const auto& leaf : leaves_) buffered += leaf->buffered_bytes();
  if (buffered >= options_.row_group_bytes) {
    Status status = FlushRowGroup();
    if (!status.ok()) failed_ = true;
    return status;
  }
  return Status::OK();
}

Status ParquetWriter::FlushRowGroup() {
  if (row_group_rows_ == 0) return Status::OK();
  RowGroup group;
  group.num_rows = row_group_rows_;
  group.file_offset = file_->Position();
  group.ordinal = static_cast<int16_t>(metadata_.row_groups.size());
  metrics_.split_offsets.push_back(*group.file_offset);
  int64_t compressed = 0;
  std::string bytes;
  std::vector<std::shared_ptr<PendingIndexes>> indexes;
  for (auto& leaf : leaves_) {
    bytes.clear();
    auto chunk_indexes = std::make_shared<PendingIndexes>();
    FLOE_ASSIGN_OR_RETURN(ColumnChunk chunk, leaf->Finish(file_->Position(), &bytes, chunk_indexes.get()));
    indexes.push_back(std::move(chunk_indexes));
    FLOE_RETURN_IF_ERROR(file_->Write(bytes));
    FLOE_RETURN_IF_ERROR(file_->Write(leaf->data_pages()));
    leaf->ClearDataPages();
    group.total_byte_size += chunk.meta_data->total_uncompressed_size;
    compressed += chunk.meta_data->total_compressed_size;
    group.columns.push_back(std::move(chunk));
  }
  group.total_compressed_size = compressed;
  pending_indexes_.push_back(std::move(indexes));
  metadata_.num_rows += row_group_rows_;
  metadata_.row_groups.push_back(std::move(group));
  row_group_rows_ = 0;
  return Status::OK();
}

Status ParquetWriter::Close() {
  if (closed_) return InvalidData("the Parquet writer is already closed");
  if (failed_) return InvalidData("the Parquet writer failed earlier; Abort() it");
  Status status = FlushRowGroup();
  if (status.ok()) status = WriteIndexes();
  if (status.ok()) {
    std::string footer = SerializeFileMetaData(metadata_);
    uint32_t length = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&length), 4);
    footer.append(kMagic, 4);
    status = file_->Write(footer);
  }
  if (status.ok()) {
    metrics_.file_size = file_->Position();
    status = file_->Close();
  }
  if (!status.ok()) {
    failed_ = true;
    file_->Abort();
    return status;
  }
  closed_ = true;
  for (const auto& leaf : leaves_) metrics_.columns.push_back(leaf->Metrics(options_.bound_truncate_length));
  return Status::OK();
}

// Bloom filters, then every column index, then every offset index, between
// the last row group and the footer (the layout parquet-mr and Arrow use).
Status ParquetWriter::WriteIndexes() {
  std::string bytes;
  for (size_t g = 0; g < pending_indexes_.size(); ++g) {
    for (size_t c = 0; c < pending_indexes_[g].size(); ++c) {
      const PendingIndexes& indexes = *pending_indexes_[g][c];
      if (!indexes.bloom_filter) continue;
      ColumnMetaData& column = *metadata_.row_groups[g].columns[c].meta_data;
      column.bloom_filter_offset = file_->Position() + static_cast<int64_t>(bytes.size());
      column.bloom_filter_length = static_cast<int32_t>(indexes.bloom_filter->size());
      bytes += *indexes.bloom_filter;
    }
  }
  for (size_t g = 0; g < pending_indexes_.size(); ++g) {
    for (size_t c = 0; c < pending_indexes_[g].size(); ++c) {
      const PendingIndexes& indexes = *pending_indexes_[g][c];
      if (!indexes.column_index) continue;
      ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
      std::string serialized = SerializeColumnIndex(*indexes.column_index);
      chunk.column_index_offset = file_->Position() + static_cast<int64_t>(bytes.size());
      chunk.column_index_length = static_cast<int32_t>(serialized.size());
      bytes += serialized;
    }
  }
  for (size_t g = 0; g < pending_indexes_.size(); ++g) {
    for (size_t c = 0; c < pending_indexes_[g].size(); ++c) {
      const PendingIndexes& indexes = *pending_indexes_[g][c];
      if (!indexes.offset_index) continue;
      ColumnChunk& chunk = metadata_.row_groups[g].columns[c];
      std::string serialized = SerializeOffsetIndex(*indexes.offset_index);
      chunk.offset_index_offset = file_->Position() + static_cast<int64_t>(bytes.size());
      chunk.offset_index_length = static_cast<int32_t>(serialized.size());
      bytes += serialized;
    }
  }
  pending_indexes_.clear();
  if (bytes.empty()) return Status::OK();
  return file_->Write(bytes);
}

namespace {

// Full dotted names of the primitive fields (Iceberg's name index: struct
// fields by name, list elements as <list>.element, maps as <map>.key/.value).
void PrimitiveNames(const WriteField& field, const std::string& prefix, std::map<std::string, int32_t>* out) {
  std::string name = prefix.empty() ? field.name : prefix + "." + field.name;
  switch (field.type) {
    case Type::kStruct:
      for (const WriteField& child : field.children) PrimitiveNames(child, name, out);
      return;
    case Type::kList:
      if (!field.children.empty()) {
        WriteField element = field.children[0];
        element.name = "element";
        PrimitiveNames(element, name, out);
      }
      return;
    case Type::kMap:
      for (size_t i = 0; i < field.children.size() && i < 2; ++i) {
        WriteField child = field.children[i];
        child.name = i == 0 ? "key" : "value";
        PrimitiveNames(child, name, out);
      }
      return;
    default:
      (*out)[name] = field.field_id;
  }
}

// The whole of `text` as a number, or nullopt.
template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

Result<int64_t> PositiveInteger(const std::string& key, std::string_view value) {
  std::optional<int64_t> parsed = ParseNumber<int64_t>(value);
  if (!parsed || *parsed <= 0) return InvalidData("table property {}: '{}' is not a positive integer", key, value);
  return *parsed;
}

}  // namespace

Result<WriterOptions> WriterOptionsFromTableProperties(const std::map<std::string, std::string>& properties,
                                                      const std::vector<WriteField>& schema) {
  WriterOptions options;
  std::map<std::string, int32_t> names;
  for (const WriteField& field : schema) PrimitiveNames(field, "", &names);
  constexpr std::string_view kBloomEnabled = "write.parquet.bloom-filter-enabled.column.";
  constexpr std::string_view kBloomFpp = "write.parquet.bloom-filter-fpp.column.";
  auto column_id = [&](const std::string& key, std::string_view prefix) -> Result<int32_t> {
    std::string column = key.substr(prefix.size());
    auto it = names.find(column);
    if (it == names.end()) return InvalidData("table property {}: no primitive column '{}'", key, column);
    return it->second;
  };
  for (const auto& [key, value] : properties) {
    if (key == "write.parquet.compression-codec") {
      std::string codec = value;
      std::transform(codec.begin(), codec.end(), codec.begin(), [](unsigned char c) { return std::tolower(c); });
      if (codec == "zstd") options.codec = Codec::kZstd;
      else if (codec == "snappy") options.codec = Codec::kSnappy;
      else if (codec == "gzip") options.codec = Codec::kGzip;
      else if (codec == "uncompressed" || codec == "none") options.codec = Codec::kUncompressed;
      else if (codec == "lz4") options.codec = Codec::kLz4Raw;
      else if (codec == "brotli") options.codec = Codec::kBrotli;
      else return InvalidData("table property {}: unsupported Parquet codec '{}'", key, value);
    } else if (key == "write.parquet.compression-level") {
      std::optional<int> level = ParseNumber<int>(value);
      if (!level) return InvalidData("table property {}: '{}' is not an integer", key, value);
      options.compression_level = *level;
    } else if (key == "write.parquet.row-group-size-bytes") {
      FLOE_ASSIGN_OR_RETURN(options.row_group_bytes, PositiveInteger(key, value));
    } else if (key == "write.parquet.page-size-bytes") {
      FLOE_ASSIGN_OR_RETURN(options.page_bytes, PositiveInteger(key, value));
    } else if (key == "write.parquet.page-row-limit") {
      FLOE_ASSIGN_OR_RETURN(options.page_row_limit, PositiveInteger(key, value));
    } else if (key == "write.parquet.dict-size-bytes") {
      FLOE_ASSIGN_OR_RETURN(options.dictionary_page_bytes, PositiveInteger(key, value));
    } else if (key == "write.parquet.bloom-filter-max-bytes") {
      FLOE_ASSIGN_OR_RETURN(options.bloom_filter_max_bytes, PositiveInteger(key, value));
    } else if (key.starts_with(kBloomEnabled)) {
      FLOE_ASSIGN_OR_RETURN(int32_t id, column_id(key, kBloomEnabled));
      if (value == "true") {
        options.bloom_filter_field_ids.push_back(id);
      } else if (value != "false") {
        return InvalidData("table property {}: '{}' is not true or false", key, value);
      }
    } else if (key.starts_with(kBloomFpp)) {
      FLOE_ASSIGN_OR_RETURN(int32_t id, column_id(key, kBloomFpp));
      double fpp = ParseNumber<double>(value).value_or(0);
      if (!(fpp > 0 && fpp < 1)) return InvalidData("table property {}: '{}' is not in (0, 1)", key, value);
      options.bloom_filter_fpp_by_field_id[id] = fpp;
    } else if (key == "write.metadata.metrics.default") {
      if (value.starts_with("truncate(") && value.ends_with(")")) {
        FLOE_ASSIGN_OR_RETURN(int64_t length,
                              PositiveInteger(key, std::string_view(value).substr(9, value.size() - 10)));
        options.bound_truncate_length = static_cast<int32_t>(std::min<int64_t>(length, INT32_MAX));
      }
    }
  }
  return options;
}

void ParquetWriter::Abort() {
  if (file_ && !closed_) file_->Abort();
  closed_ = true;
}

}  // namespace floe::parquet
