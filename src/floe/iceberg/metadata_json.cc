// Table metadata JSON (spec "Table Metadata" and Appendix C), read and written
// as Java's TableMetadataParser does, plus gzip for `.gz.metadata.json` files.
//
// Reading follows the Java parser step by step so that the first problem
// reported is the one Java reports. Leniencies for files real writers (and
// hand edits) produce: in v1, `schemas` without `current-schema-id` falls back
// to `schema` and `partition-specs` without `default-spec-id` defaults to the
// largest spec id (both as iceberg-rust does); a v3 file without
// `next-row-id` gets one inferred from its snapshots; snapshot ids printed as
// unsigned numbers above 2^63-1 keep their 64 bits.
#include "floe/iceberg/metadata_json.h"

#include <algorithm>

#include <zlib.h>

#include "floe/iceberg/metadata_json_internal.h"

namespace floe::iceberg {

using json::JsonArray;
using json::JsonObject;
using json::JsonValue;
using json::JsonWriter;

namespace {

// Java tolerates this much clock skew between ordered log entries.
constexpr int64_t kOneMinuteMs = 60 * 1000;

// v3 requires `next-row-id`; hand-written v3 files without it get the first
// row id after every snapshot's rows (0 for a table without snapshots).
int64_t InferNextRowId(const TableMetadata& metadata) {
  int64_t next_row_id = 0;
  for (const SnapshotPtr& snapshot : metadata.snapshots) {
    if (snapshot->first_row_id) {
      next_row_id = std::max(next_row_id, *snapshot->first_row_id + snapshot->added_rows.value_or(0));
    }
  }
  return next_row_id;
}

// Reads every element of an optional array member with `read`, appending to `out`.
template <typename T, typename ReadElement>
Status ReadOptionalArray(const JsonObject& object, std::string_view key, std::vector<T>* out,
                         ReadElement read) {
  auto value = json::Find(object, key);
  if (!value) return Status::OK();
  FLOE_ASSIGN_OR_RETURN(JsonArray array, json::AsArray(*value, key));
  out->reserve(array.size());
  for (JsonValue element : array) {
    FLOE_ASSIGN_OR_RETURN(T item, read(element));
    out->push_back(std::move(item));
  }
  return Status::OK();
}

Status ReadSchemas(const JsonObject& root, int format_version, TableMetadata* metadata) {
  auto schema_array = json::Find(root, "schemas");
  std::optional<JsonValue> single_schema = json::Find(root, "schema");
  if (schema_array && format_version == 1 && !json::Has(root, "current-schema-id")) {
    // iceberg-rust leniency: a v1 `schemas` list without its id falls back to `schema`.
    if (!single_schema) return InvalidData("No valid schema configuration found in table metadata");
    schema_array.reset();
  }
  if (schema_array) {
    JsonArray array;
    if (schema_array->get_array().get(array)) {
      return InvalidData("Cannot parse schemas from non-array: {}", json::ToJson(*schema_array));
    }
    FLOE_ASSIGN_OR_RETURN(metadata->current_schema_id, json::GetInt(root, "current-schema-id"));
    metadata->schemas.reserve(array.size());
    bool found = false;
    for (JsonValue element : array) {
      FLOE_ASSIGN_OR_RETURN(SchemaPtr schema, internal::ReadSchema(element));
      found = found || schema->schema_id() == metadata->current_schema_id;
      metadata->schemas.push_back(std::move(schema));
    }
    if (!found) {
      return InvalidData("Cannot find schema with current-schema-id={} from schemas", metadata->current_schema_id);
    }
    return Status::OK();
  }
  if (format_version != 1) return InvalidData("schemas must exist in format v{}", format_version);
  if (!single_schema) return InvalidData("Cannot parse missing field: schema");
  FLOE_ASSIGN_OR_RETURN(SchemaPtr schema, internal::ReadSchema(*single_schema));
  metadata->current_schema_id = schema->schema_id();
  metadata->schemas.push_back(std::move(schema));
  return Status::OK();
}

Status ReadPartitionSpecs(const JsonObject& root, int format_version, TableMetadata* metadata) {
  if (auto spec_array = json::Find(root, "partition-specs")) {
    JsonArray array;
    if (spec_array->get_array().get(array)) {
      return InvalidData("Cannot parse partition specs from non-array: {}", json::ToJson(*spec_array));
    }
    metadata->partition_specs.reserve(array.size());
    for (JsonValue element : array) {
      FLOE_ASSIGN_OR_RETURN(PartitionSpecPtr spec, internal::ReadPartitionSpec(element));
      metadata->partition_specs.push_back(std::move(spec));
    }
    FLOE_ASSIGN_OR_RETURN(std::optional<int32_t> default_spec_id, json::GetOptionalInt(root, "default-spec-id"));
    if (default_spec_id) {
      metadata->default_spec_id = *default_spec_id;
    } else if (format_version == 1 && !metadata->partition_specs.empty()) {
      // iceberg-rust leniency: default to the largest spec id.
      int32_t largest = metadata->partition_specs.front()->spec_id();
      for (const auto& spec : metadata->partition_specs) largest = std::max(largest, spec->spec_id());
      metadata->default_spec_id = largest;
    } else {
      return InvalidData("Cannot parse missing int: default-spec-id");
    }
  } else {
    if (format_version != 1) return InvalidData("partition-specs must exist in format v{}", format_version);
    // Old writers stored only the default spec's fields; its id is 0.
    FLOE_ASSIGN_OR_RETURN(JsonValue spec_fields, internal::GetField(root, "partition-spec"));
    FLOE_ASSIGN_OR_RETURN(std::vector<PartitionField> fields, internal::ReadPartitionFields(spec_fields));
    metadata->default_spec_id = 0;
    metadata->partition_specs.push_back(std::make_shared<const PartitionSpec>(0, std::move(fields)));
  }

  FLOE_ASSIGN_OR_RETURN(std::optional<int32_t> last_partition_id, json::GetOptionalInt(root, "last-partition-id"));
  if (last_partition_id) {
    metadata->last_partition_id = *last_partition_id;
  } else {
    if (format_version != 1) return InvalidData("last-partition-id must exist in format v{}", format_version);
    int32_t last = PartitionSpec::kUnpartitionedLastAssignedId;
    for (const auto& spec : metadata->partition_specs) {
      for (const PartitionField& field : spec->fields()) last = std::max(last, field.field_id);
    }
    metadata->last_partition_id = last;
  }
  return Status::OK();
}

Status ReadSortOrders(const JsonObject& root, int format_version, TableMetadata* metadata) {
  auto order_array = json::Find(root, "sort-orders");
  if (!order_array) {
    if (format_version != 1) return InvalidData("sort-orders must exist in format v{}", format_version);
    metadata->sort_orders.push_back(SortOrder::Unsorted());
    metadata->default_sort_order_id = SortOrder::kUnsortedOrderId;
    return Status::OK();
  }
  FLOE_ASSIGN_OR_RETURN(metadata->default_sort_order_id, json::GetInt(root, "default-sort-order-id"));
  JsonArray array;
  if (order_array->get_array().get(array)) {
    return InvalidData("Cannot parse sort orders from non-array: {}", json::ToJson(*order_array));
  }
  metadata->sort_orders.reserve(array.size());
  for (JsonValue element : array) {
    FLOE_ASSIGN_OR_RETURN(SortOrderPtr order, internal::ReadSortOrder(element));
    metadata->sort_orders.push_back(std::move(order));
  }
  return Status::OK();
}

Status ReadRefs(const JsonObject& root, TableMetadata* metadata) {
  auto refs = json::Find(root, "refs");
  if (!refs) {
    // Written before refs existed: the current snapshot is the main branch.
    if (metadata->current_snapshot_id) {
      SnapshotRef main;
      main.snapshot_id = *metadata->current_snapshot_id;
      metadata->refs.emplace(SnapshotRef::kMainBranch, main);
    }
    return Status::OK();
  }
  JsonObject refs_object;
  if (refs->get_object().get(refs_object)) {
    return InvalidData("Cannot parse refs from non-object: {}", json::ToJson(*refs));
  }
  for (auto member : refs_object) {
    FLOE_ASSIGN_OR_RETURN(SnapshotRef ref, internal::ReadSnapshotRef(member.value));
    metadata->refs.emplace(member.key, ref);
  }
  return Status::OK();
}

Result<SnapshotLogEntry> ReadSnapshotLogEntry(const JsonValue& value) {
  FLOE_ASSIGN_OR_RETURN(JsonObject object, json::AsObject(value, "snapshot-log"));
  SnapshotLogEntry entry;
  FLOE_ASSIGN_OR_RETURN(entry.timestamp_ms, json::GetLong(object, "timestamp-ms"));
  FLOE_ASSIGN_OR_RETURN(entry.snapshot_id, internal::GetSnapshotId(object, "snapshot-id"));
  return entry;
}

Result<MetadataLogEntry> ReadMetadataLogEntry(const JsonValue& value) {
  FLOE_ASSIGN_OR_RETURN(JsonObject object, json::AsObject(value, "metadata-log"));
  MetadataLogEntry entry;
  FLOE_ASSIGN_OR_RETURN(entry.timestamp_ms, json::GetLong(object, "timestamp-ms"));
  FLOE_ASSIGN_OR_RETURN(std::string_view file, json::GetString(object, "metadata-file"));
  entry.metadata_file = file;
  return entry;
}

// The checks Java's TableMetadata constructor makes, with its messages.
Status Validate(const TableMetadata& metadata) {
  if (metadata.format_version > 1 && metadata.table_uuid.empty()) {
    return InvalidData("UUID is required in format v{}", metadata.format_version);
  }
  if (metadata.partition_specs.empty()) return InvalidData("Partition specs cannot be null or empty");
  if (metadata.sort_orders.empty()) return InvalidData("Sort orders cannot be null or empty");
  if (std::none_of(metadata.partition_specs.begin(), metadata.partition_specs.end(),
                   [&](const PartitionSpecPtr& spec) { return spec->spec_id() == metadata.default_spec_id; })) {
    return InvalidData("Default partition spec {} not found", metadata.default_spec_id);
  }
  if (std::none_of(metadata.sort_orders.begin(), metadata.sort_orders.end(), [&](const SortOrderPtr& order) {
        return order->order_id() == metadata.default_sort_order_id;
      })) {
    return InvalidData("Default sort order {} not found", metadata.default_sort_order_id);
  }

  // A sorted id list rather than a node-based set: one allocation for 10,000+ snapshots.
  std::vector<int64_t> snapshot_ids;
  snapshot_ids.reserve(metadata.snapshots.size());
  for (const SnapshotPtr& snapshot : metadata.snapshots) {
    if (metadata.format_version > 1 && snapshot->sequence_number > metadata.last_sequence_number) {
      return InvalidData("Invalid snapshot with sequence number {} greater than last sequence number {}",
                         snapshot->sequence_number, metadata.last_sequence_number);
    }
    snapshot_ids.push_back(snapshot->snapshot_id);
  }
  std::sort(snapshot_ids.begin(), snapshot_ids.end());
  auto has_snapshot = [&](int64_t id) { return std::binary_search(snapshot_ids.begin(), snapshot_ids.end(), id); };
  if (metadata.current_snapshot_id && !has_snapshot(*metadata.current_snapshot_id)) {
    return InvalidData("Invalid table metadata: Cannot find current version");
  }
  for (const auto& [name, ref] : metadata.refs) {
    if (!has_snapshot(ref.snapshot_id)) {
      return InvalidData("Snapshot for reference {} does not exist in the existing snapshots list", name);
    }
  }
  auto main = metadata.refs.find(std::string(SnapshotRef::kMainBranch));
  if (metadata.current_snapshot_id) {
    if (main != metadata.refs.end() && main->second.snapshot_id != *metadata.current_snapshot_id) {
      return InvalidData("Current snapshot ID does not match main branch ({} != {})", *metadata.current_snapshot_id,
                         main->second.snapshot_id);
    }
  } else if (main != metadata.refs.end()) {
    return InvalidData("Current snapshot is not set, but main branch exists: {}", main->second.snapshot_id);
  }

  const SnapshotLogEntry* last_snapshot_log = nullptr;
  for (const SnapshotLogEntry& entry : metadata.snapshot_log) {
    if (last_snapshot_log != nullptr && entry.timestamp_ms - last_snapshot_log->timestamp_ms < -kOneMinuteMs) {
      return InvalidData("[BUG] Expected sorted snapshot log entries.");
    }
    last_snapshot_log = &entry;
  }
  if (last_snapshot_log != nullptr && metadata.last_updated_ms - last_snapshot_log->timestamp_ms < -kOneMinuteMs) {
    return InvalidData("Invalid update timestamp {}: before last snapshot log entry at {}", metadata.last_updated_ms,
                       last_snapshot_log->timestamp_ms);
  }
  const MetadataLogEntry* last_metadata_log = nullptr;
  for (const MetadataLogEntry& entry : metadata.metadata_log) {
    if (last_metadata_log != nullptr && entry.timestamp_ms - last_metadata_log->timestamp_ms < -kOneMinuteMs) {
      return InvalidData("[BUG] Expected sorted previous metadata log entries.");
    }
    last_metadata_log = &entry;
  }
  if (last_metadata_log != nullptr && metadata.last_updated_ms - last_metadata_log->timestamp_ms < -kOneMinuteMs) {
    return InvalidData("Invalid update timestamp {}: before the latest metadata log entry timestamp {}",
                       metadata.last_updated_ms, last_metadata_log->timestamp_ms);
  }
  return Status::OK();
}

Result<TableMetadataPtr> ReadTableMetadata(const JsonValue& value) {
  JsonObject root;
  if (value.get_object().get(root)) {
    return InvalidData("Cannot parse metadata from a non-object: {}", json::ToJson(value));
  }
  auto metadata = std::make_shared<TableMetadata>();
  FLOE_ASSIGN_OR_RETURN(metadata->format_version, json::GetInt(root, "format-version"));
  const int format_version = metadata->format_version;
  if (format_version > kMaxFormatVersion || format_version < kMinFormatVersion) {
    return InvalidData("Cannot read unsupported version {}", format_version);
  }
  FLOE_ASSIGN_OR_RETURN(std::optional<std::string_view> uuid, json::GetOptionalString(root, "table-uuid"));
  if (uuid) metadata->table_uuid = *uuid;
  FLOE_ASSIGN_OR_RETURN(std::string_view location, json::GetString(root, "location"));
  metadata->location = location;
  if (format_version > 1) {
    FLOE_ASSIGN_OR_RETURN(metadata->last_sequence_number, json::GetLong(root, "last-sequence-number"));
  }
  FLOE_ASSIGN_OR_RETURN(metadata->last_column_id, json::GetInt(root, "last-column-id"));

  FLOE_RETURN_IF_ERROR(ReadSchemas(root, format_version, metadata.get()));
  FLOE_RETURN_IF_ERROR(ReadPartitionSpecs(root, format_version, metadata.get()));
  FLOE_RETURN_IF_ERROR(ReadSortOrders(root, format_version, metadata.get()));
  FLOE_ASSIGN_OR_RETURN(metadata->properties, internal::ReadOptionalStringMap(root, "properties"));

  FLOE_ASSIGN_OR_RETURN(std::optional<int64_t> current_snapshot_id,
                        internal::GetOptionalSnapshotId(root, "current-snapshot-id"));
  if (current_snapshot_id && *current_snapshot_id != -1) metadata->current_snapshot_id = current_snapshot_id;
  FLOE_ASSIGN_OR_RETURN(metadata->last_updated_ms, json::GetLong(root, "last-updated-ms"));
  FLOE_RETURN_IF_ERROR(ReadRefs(root, metadata.get()));
  FLOE_RETURN_IF_ERROR(ReadOptionalArray(root, "snapshots", &metadata->snapshots, internal::ReadSnapshot));
  if (format_version >= 3) {
    FLOE_ASSIGN_OR_RETURN(metadata->next_row_id, json::GetOptionalLong(root, "next-row-id"));
    if (!metadata->next_row_id) metadata->next_row_id = InferNextRowId(*metadata);
  }
  FLOE_RETURN_IF_ERROR(
      ReadOptionalArray(root, "encryption-keys", &metadata->encryption_keys, internal::ReadEncryptedKey));
  FLOE_RETURN_IF_ERROR(ReadOptionalArray(root, "statistics", &metadata->statistics, internal::ReadStatisticsFile));
  FLOE_RETURN_IF_ERROR(ReadOptionalArray(root, "partition-statistics", &metadata->partition_statistics,
                                         internal::ReadPartitionStatisticsFile));
  FLOE_RETURN_IF_ERROR(ReadOptionalArray(root, "snapshot-log", &metadata->snapshot_log, ReadSnapshotLogEntry));
  FLOE_RETURN_IF_ERROR(ReadOptionalArray(root, "metadata-log", &metadata->metadata_log, ReadMetadataLogEntry));

  FLOE_RETURN_IF_ERROR(Validate(*metadata));
  metadata->IndexSnapshots();
  return TableMetadataPtr(std::move(metadata));
}

template <typename T>
const T* FindById(const std::vector<std::shared_ptr<const T>>& items, int32_t id, int32_t (T::*id_of)() const) {
  for (const auto& item : items) {
    if (((*item).*id_of)() == id) return item.get();
  }
  return nullptr;
}

}  // namespace

Result<TableMetadataPtr> ParseTableMetadata(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(JsonValue root, internal::ParseWithThreadParser(json));
  return ReadTableMetadata(root);
}

std::string SerializeTableMetadata(const TableMetadata& metadata) {
  JsonWriter writer;
  const int format_version = metadata.format_version;
  writer->StartObject();
  writer.Key("format-version");
  writer->Int(format_version);
  if (format_version > 1 || !metadata.table_uuid.empty()) {
    writer.Key("table-uuid");
    writer.String(metadata.table_uuid);
  }
  writer.Key("location");
  writer.String(metadata.location);
  if (format_version > 1) {
    writer.Key("last-sequence-number");
    writer->Int64(metadata.last_sequence_number);
  }
  writer.Key("last-updated-ms");
  writer->Int64(metadata.last_updated_ms);
  writer.Key("last-column-id");
  writer->Int(metadata.last_column_id);

  // v1 readers only know `schema` and `partition-spec`; Java keeps writing them.
  const Schema* current_schema = FindById(metadata.schemas, metadata.current_schema_id, &Schema::schema_id);
  if (format_version == 1 && current_schema != nullptr) {
    writer.Key("schema");
    internal::WriteSchema(writer, *current_schema);
  }
  writer.Key("current-schema-id");
  writer->Int(metadata.current_schema_id);
  writer.Key("schemas");
  writer->StartArray();
  for (const SchemaPtr& schema : metadata.schemas) internal::WriteSchema(writer, *schema);
  writer->EndArray();

  const PartitionSpec* default_spec =
      FindById(metadata.partition_specs, metadata.default_spec_id, &PartitionSpec::spec_id);
  if (format_version == 1 && default_spec != nullptr) {
    writer.Key("partition-spec");
    internal::WritePartitionFields(writer, default_spec->fields());
  }
  writer.Key("default-spec-id");
  writer->Int(metadata.default_spec_id);
  writer.Key("partition-specs");
  writer->StartArray();
  for (const PartitionSpecPtr& spec : metadata.partition_specs) internal::WritePartitionSpec(writer, *spec);
  writer->EndArray();
  writer.Key("last-partition-id");
  writer->Int(metadata.last_partition_id);

  writer.Key("default-sort-order-id");
  writer->Int(metadata.default_sort_order_id);
  writer.Key("sort-orders");
  writer->StartArray();
  for (const SortOrderPtr& order : metadata.sort_orders) internal::WriteSortOrder(writer, *order);
  writer->EndArray();

  internal::WriteStringMap(writer, "properties", metadata.properties);

  // Java writes -1 for "no current snapshot" before v3 and null from v3 on.
  writer.Key("current-snapshot-id");
  if (metadata.current_snapshot_id) {
    writer->Int64(*metadata.current_snapshot_id);
  } else if (format_version >= 3) {
    writer->Null();
  } else {
    writer->Int64(-1);
  }
  if (format_version >= 3) {
    writer.Key("next-row-id");
    writer->Int64(metadata.next_row_id.value_or(0));
  }
  if (!metadata.encryption_keys.empty()) {
    writer.Key("encryption-keys");
    writer->StartArray();
    for (const EncryptedKey& key : metadata.encryption_keys) internal::WriteEncryptedKey(writer, key);
    writer->EndArray();
  }

  writer.Key("refs");
  writer->StartObject();
  for (const auto& [name, ref] : metadata.refs) {
    writer.Key(name);
    internal::WriteSnapshotRef(writer, ref);
  }
  writer->EndObject();

  writer.Key("snapshots");
  writer->StartArray();
  for (const SnapshotPtr& snapshot : metadata.snapshots) internal::WriteSnapshot(writer, *snapshot);
  writer->EndArray();

  writer.Key("statistics");
  writer->StartArray();
  for (const StatisticsFile& file : metadata.statistics) internal::WriteStatisticsFile(writer, file);
  writer->EndArray();
  writer.Key("partition-statistics");
  writer->StartArray();
  for (const PartitionStatisticsFile& file : metadata.partition_statistics) {
    internal::WritePartitionStatisticsFile(writer, file);
  }
  writer->EndArray();

  writer.Key("snapshot-log");
  writer->StartArray();
  for (const SnapshotLogEntry& entry : metadata.snapshot_log) {
    writer->StartObject();
    writer.Key("timestamp-ms");
    writer->Int64(entry.timestamp_ms);
    writer.Key("snapshot-id");
    writer->Int64(entry.snapshot_id);
    writer->EndObject();
  }
  writer->EndArray();
  writer.Key("metadata-log");
  writer->StartArray();
  for (const MetadataLogEntry& entry : metadata.metadata_log) {
    writer->StartObject();
    writer.Key("timestamp-ms");
    writer->Int64(entry.timestamp_ms);
    writer.Key("metadata-file");
    writer.String(entry.metadata_file);
    writer->EndObject();
  }
  writer->EndArray();
  writer->EndObject();
  return writer.Take();
}

Result<TableMetadataPtr> ReadTableMetadata(io::FileIO& file_io, std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(std::string json, internal::ReadMetadataFile(file_io, location));
  auto metadata = ParseTableMetadata(json);
  if (!metadata.ok()) return metadata.status().WithContext(location);
  return metadata;
}

Status WriteTableMetadata(io::FileIO& file_io, std::string_view location, const TableMetadata& metadata) {
  return internal::WriteMetadataFile(file_io, location, SerializeTableMetadata(metadata));
}

Status WriteTableMetadataJson(io::FileIO& file_io, std::string_view location, std::string_view json) {
  return internal::WriteMetadataFile(file_io, location, json);
}

// --- Metadata files and gzip -------------------------------------------------------------

namespace internal {

Result<JsonValue> ParseWithThreadParser(std::string_view text) {
  // A parser keeps buffers sized for the largest document it has seen; past
  // this size they are given back rather than kept for the thread's lifetime.
  constexpr size_t kMaxRetainedCapacity = size_t{64} << 20;
  thread_local simdjson::dom::parser parser;
  if (parser.capacity() > std::max(kMaxRetainedCapacity, text.size())) parser = simdjson::dom::parser();
  JsonValue root;
  // realloc_if_needed: simdjson copies the text into its own padded buffer, reused across calls.
  auto error = parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root);
  if (error) return InvalidData("Invalid JSON: {}", simdjson::error_message(error));
  return root;
}

bool IsGzipMetadataLocation(std::string_view location) {
  return location.ends_with(".gz.metadata.json") || location.ends_with(".metadata.json.gz");
}

bool HasGzipMagic(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

namespace {
// zlib's windowBits for a gzip (not zlib) wrapper.
constexpr int kGzipWindowBits = 15 + 16;
}  // namespace

Result<std::string> GzipCompress(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Internal("gzip: cannot initialise the compressor");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return Internal("gzip: compression failed ({})", result);
  out.resize(stream.total_out);
  return out;
}

Result<std::string> GzipDecompress(std::string_view bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return Internal("gzip: cannot initialise the decompressor");
  std::string out;
  out.resize(std::max<size_t>(bytes.size() * 4, 4096));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  int result = Z_OK;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + stream.total_out);
    stream.avail_out = static_cast<uInt>(out.size() - stream.total_out);
    result = inflate(&stream, Z_NO_FLUSH);
    if (result == Z_STREAM_END) break;
    if (result == Z_BUF_ERROR && stream.avail_in == 0) break;  // truncated input
    if (result != Z_OK && result != Z_BUF_ERROR) break;
    if (stream.avail_out == 0) out.resize(out.size() * 2);
  }
  std::string reason = stream.msg != nullptr ? stream.msg : "truncated stream";
  inflateEnd(&stream);
  if (result != Z_STREAM_END) return InvalidData("Invalid gzip data: {}", reason);
  out.resize(stream.total_out);
  return out;
}

Result<std::string> ReadMetadataFile(io::FileIO& file_io, std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(std::string bytes, file_io.ReadFile(location));
  if (IsGzipMetadataLocation(location) || HasGzipMagic(bytes)) {
    auto json = GzipDecompress(bytes);
    if (!json.ok()) return json.status().WithContext(location);
    return json;
  }
  return bytes;
}

Status WriteMetadataFile(io::FileIO& file_io, std::string_view location, std::string_view json) {
  if (IsGzipMetadataLocation(location)) {
    FLOE_ASSIGN_OR_RETURN(std::string compressed, GzipCompress(json));
    return file_io.WriteFile(location, compressed, io::WriteMode::kFailIfExists);
  }
  return file_io.WriteFile(location, json, io::WriteMode::kFailIfExists);
}

}  // namespace internal

}  // namespace floe::iceberg
