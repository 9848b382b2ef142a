// Decoding manifest entries with compiled plans (manifest_decoder.h).
#include "floe/iceberg/manifest_decoder.h"

#include <algorithm>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "floe/iceberg/manifest_decoder_plan.h"

namespace floe::iceberg::internal {

namespace {

using avro::DecodeProblem;
using avro::Decoder;
using avro::Node;

constexpr KnownField kEntryFields[] = {
    {0, "status", "", Slot::kStatus, Kind::kInt, true},
    {1, "snapshot_id", "", Slot::kSnapshotId, Kind::kLong, false},
    {3, "sequence_number", "", Slot::kSequenceNumber, Kind::kLong, false},
    {4, "file_sequence_number", "", Slot::kFileSequenceNumber, Kind::kLong, false},
    {2, "data_file", "", Slot::kDataFile, Kind::kRecord, true},
};

constexpr KnownField kDataFileFields[] = {
    {134, "content", "", Slot::kContent, Kind::kInt, false},
    {100, "file_path", "", Slot::kFilePath, Kind::kText, true},
    {101, "file_format", "", Slot::kFileFormat, Kind::kText, true},
    {102, "partition", "", Slot::kPartition, Kind::kPartition, false},
    {103, "record_count", "", Slot::kRecordCount, Kind::kLong, true},
    {104, "file_size_in_bytes", "", Slot::kFileSizeInBytes, Kind::kLong, true},
    {108, "column_sizes", "", Slot::kColumnSizes, Kind::kIntLongMap, false},
    {109, "value_counts", "", Slot::kValueCounts, Kind::kIntLongMap, false},
    {110, "null_value_counts", "", Slot::kNullValueCounts, Kind::kIntLongMap, false},
    {137, "nan_value_counts", "", Slot::kNanValueCounts, Kind::kIntLongMap, false},
    {125, "lower_bounds", "", Slot::kLowerBounds, Kind::kIntBytesMap, false},
    {128, "upper_bounds", "", Slot::kUpperBounds, Kind::kIntBytesMap, false},
    {131, "key_metadata", "", Slot::kKeyMetadata, Kind::kText, false},
    {132, "split_offsets", "", Slot::kSplitOffsets, Kind::kLongList, false},
    {135, "equality_ids", "", Slot::kEqualityIds, Kind::kIntList, false},
    {140, "sort_order_id", "", Slot::kSortOrderId, Kind::kInt, false},
    {142, "first_row_id", "", Slot::kFirstRowId, Kind::kLong, false},
    {143, "referenced_data_file", "", Slot::kReferencedDataFile, Kind::kText, false},
    {144, "content_offset", "", Slot::kContentOffset, Kind::kLong, false},
    {145, "content_size_in_bytes", "", Slot::kContentSizeInBytes, Kind::kLong, false},
};

enum class ValueKind : uint8_t { kNull, kBoolean, kInt, kLong, kFloat, kDouble, kDecimal, kBytes, kUuid };

struct PartitionStep {
  Step field;             // slot kItem when kept, kSkip when the spec has no such field
  int32_t index = -1;     // position in DataFile::partition
  ValueKind kind = ValueKind::kNull;
};

struct PartitionPlan {
  std::vector<PartitionStep> steps;
  std::vector<int32_t> absent;  // spec fields the writer does not provide
  size_t size = 0;
};

inline bool DecimalFromBytes(std::string_view bytes, Decimal* out) {
  if (bytes.size() > 16) return false;
  unsigned __int128 raw = 0;
  if (!bytes.empty() && (static_cast<uint8_t>(bytes[0]) & 0x80)) raw = ~static_cast<unsigned __int128>(0);
  for (char c : bytes) raw = (raw << 8) | static_cast<uint8_t>(c);
  out->unscaled = static_cast<__int128>(raw);
  return true;
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "f79c3e09-677c-4bbd-a479-3f349cb785e7" -> 16 bytes.
bool UuidFromText(std::string_view text, std::string* out) {
  std::string bytes;
  int high = -1;
  for (char c : text) {
    if (c == '-') continue;
    int v = HexValue(c);
    if (v < 0) return false;
    if (high < 0) {
      high = v;
    } else {
      bytes.push_back(static_cast<char>(high * 16 + v));
      high = -1;
    }
  }
  if (bytes.size() != 16 || high >= 0) return false;
  *out = std::move(bytes);
  return true;
}

// Merges decoded (key, value) pairs into `map`, reusing its nodes: keys that
// repeat from the previous record only have their values assigned.
template <typename Value, typename View>
void MergeInto(std::vector<std::pair<int32_t, View>>& pairs, std::map<int32_t, Value>* map) {
  bool sorted = true;
  for (size_t i = 1; i < pairs.size(); ++i) {
    if (pairs[i].first <= pairs[i - 1].first) {
      sorted = false;
      break;
    }
  }
  if (!sorted) {
    std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  auto it = map->begin();
  for (const auto& [key, value] : pairs) {
    while (it != map->end() && it->first < key) it = map->erase(it);
    if (it != map->end() && it->first == key) {
      it->second = value;
      ++it;
    } else {
      auto placed = map->emplace_hint(it, key, Value());
      placed->second = value;  // duplicates: the last value wins
      it = std::next(placed);
    }
  }
  map->erase(it, map->end());
}

}  // namespace

struct ManifestEntryDecoder::Plan {
  std::shared_ptr<const avro::Schema> schema;
  RecordPlan entry;
  RecordPlan data_file;
  PartitionPlan partition;
  std::vector<RecordPlan> nested;  // map key/value records and list items, by Step::sub
  std::vector<int32_t> stats_column_ids;
  bool discard_stats = false;  // metric maps are read past and left empty
  bool has_sequence_number = false;
  bool has_content = false;
  std::vector<std::pair<int32_t, int64_t>> long_pairs;
  std::vector<std::pair<int32_t, std::string_view>> bytes_pairs;
};

namespace {

ValueKind ValueKindForType(const Type& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return ValueKind::kBoolean;
    case TypeId::kInt:
    case TypeId::kDate: return ValueKind::kInt;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: return ValueKind::kLong;
    case TypeId::kFloat: return ValueKind::kFloat;
    case TypeId::kDouble: return ValueKind::kDouble;
    case TypeId::kDecimal: return ValueKind::kDecimal;
    case TypeId::kString:
    case TypeId::kFixed:
    case TypeId::kBinary: return ValueKind::kBytes;
    case TypeId::kUuid: return ValueKind::kUuid;
    default: return ValueKind::kNull;
  }
}

ValueKind ValueKindForWire(const Node& node) {
  std::string_view logical = node.logical_type();
  switch (node.type) {
    case avro::Type::kBoolean: return ValueKind::kBoolean;
    case avro::Type::kInt: return ValueKind::kInt;
    case avro::Type::kLong: return ValueKind::kLong;
    case avro::Type::kFloat: return ValueKind::kFloat;
    case avro::Type::kDouble: return ValueKind::kDouble;
    case avro::Type::kBytes:
    case avro::Type::kFixed:
      if (logical == "decimal") return ValueKind::kDecimal;
      if (logical == "uuid") return ValueKind::kUuid;
      return ValueKind::kBytes;
    case avro::Type::kString: return logical == "uuid" ? ValueKind::kUuid : ValueKind::kBytes;
    default: return ValueKind::kNull;
  }
}

bool ValueWireFits(ValueKind kind, avro::Type wire) {
  using T = avro::Type;
  switch (kind) {
    case ValueKind::kNull: return true;
    case ValueKind::kBoolean: return wire == T::kBoolean;
    case ValueKind::kInt:
    case ValueKind::kLong: return wire == T::kInt || wire == T::kLong;
    case ValueKind::kFloat: return wire == T::kFloat;
    case ValueKind::kDouble: return wire == T::kDouble || wire == T::kFloat;
    case ValueKind::kDecimal: return wire == T::kBytes || wire == T::kFixed || wire == T::kInt || wire == T::kLong;
    case ValueKind::kBytes:
    case ValueKind::kUuid: return wire == T::kBytes || wire == T::kFixed || wire == T::kString;
  }
  return false;
}

Status CompilePartition(const Node& record, const std::vector<PartitionFieldType>& spec_fields, PartitionPlan* plan) {
  plan->size = spec_fields.size();
  std::vector<bool> provided(spec_fields.size(), false);
  const bool all_have_ids = std::all_of(record.fields.begin(), record.fields.end(),
                                        [](const avro::Field& f) { return f.field_id.has_value(); });
  for (size_t position = 0; position < record.fields.size(); ++position) {
    const avro::Field& field = record.fields[position];
    PartitionStep step;
    Status described = DescribeType(field, &step.field);
    step.field.writer = field.type;
    int32_t index = -1;
    for (size_t i = 0; i < spec_fields.size() && index < 0; ++i) {
      if (field.field_id ? *field.field_id == spec_fields[i].field_id : field.name == spec_fields[i].name) {
        index = static_cast<int32_t>(i);
      }
    }
    // Files without partition field ids and with renamed fields: by position.
    if (index < 0 && !all_have_ids && record.fields.size() == spec_fields.size()) index = static_cast<int32_t>(position);
    if (index < 0 || provided[static_cast<size_t>(index)]) {
      step.field.slot = Slot::kSkip;
      plan->steps.push_back(step);
      continue;
    }
    FLOE_RETURN_IF_ERROR(described);
    const PartitionFieldType& target = spec_fields[static_cast<size_t>(index)];
    ValueKind kind = ValueKind::kNull;
    if (step.field.has_value) {
      kind = target.type ? ValueKindForType(*target.type) : ValueKindForWire(*step.field.value);
      if (target.type && kind == ValueKind::kNull && target.type->id() != TypeId::kUnknown) {
        kind = ValueKindForWire(*step.field.value);
      }
      if (!ValueWireFits(kind, step.field.wire)) {
        return InvalidData("partition field {} has Avro type {}, which cannot hold {}", FieldLabel(field),
                           avro::TypeName(step.field.wire), target.type ? target.type->ToString() : "its type");
      }
    }
    step.field.slot = Slot::kItem;
    step.index = index;
    step.kind = kind;
    provided[static_cast<size_t>(index)] = true;
    plan->steps.push_back(step);
  }
  for (size_t i = 0; i < spec_fields.size(); ++i) {
    if (!provided[i]) plan->absent.push_back(static_cast<int32_t>(i));
  }
  return Status::OK();
}

// --- Decoding -----------------------------------------------------------------

bool DecodePartitionValue(Decoder& decoder, const PartitionStep& step, Literal* out) {
  bool present;
  if (!ReadPresence(decoder, step.field, &present)) return false;
  if (!present) {
    *out = Literal();
    return true;
  }
  const Step& s = step.field;
  switch (step.kind) {
    case ValueKind::kNull:
      *out = Literal();
      return avro::SkipValue(decoder, *s.value);
    case ValueKind::kBoolean: {
      bool v;
      if (!decoder.ReadBoolean(&v)) return false;
      *out = Literal(v);
      return true;
    }
    case ValueKind::kInt: {
      int32_t v;
      if (!ReadInt32(decoder, s, &v)) return false;
      *out = Literal(v);
      return true;
    }
    case ValueKind::kLong: {
      int64_t v;
      if (!ReadInt64(decoder, s, &v)) return false;
      *out = Literal(v);
      return true;
    }
    case ValueKind::kFloat: {
      float v;
      if (!decoder.ReadFloat(&v)) return false;
      *out = Literal(v);
      return true;
    }
    case ValueKind::kDouble: {
      if (s.wire == avro::Type::kFloat) {
        float v;
        if (!decoder.ReadFloat(&v)) return false;
        *out = Literal(static_cast<double>(v));
        return true;
      }
      double v;
      if (!decoder.ReadDouble(&v)) return false;
      *out = Literal(v);
      return true;
    }
    case ValueKind::kDecimal: {
      Decimal d;
      if (s.wire == avro::Type::kInt || s.wire == avro::Type::kLong) {
        int64_t v;
        if (!ReadInt64(decoder, s, &v)) return false;
        d.unscaled = v;
      } else {
        std::string_view bytes;
        if (!ReadText(decoder, s, &bytes)) return false;
        if (!DecimalFromBytes(bytes, &d)) return decoder.Fail(DecodeProblem::kBadValue, static_cast<int64_t>(bytes.size()));
      }
      *out = Literal(d);
      return true;
    }
    case ValueKind::kBytes: {
      std::string_view bytes;
      if (!ReadText(decoder, s, &bytes)) return false;
      *out = Literal(std::string(bytes));
      return true;
    }
    case ValueKind::kUuid: {
      std::string_view bytes;
      if (!ReadText(decoder, s, &bytes)) return false;
      std::string value;
      if (bytes.size() == 16) {
        value.assign(bytes);
      } else if (!UuidFromText(bytes, &value)) {
        return decoder.Fail(DecodeProblem::kBadValue, static_cast<int64_t>(bytes.size()));
      }
      *out = Literal(std::move(value));
      return true;
    }
  }
  return false;
}

bool DecodePartition(Decoder& decoder, const PartitionPlan& plan, std::vector<Literal>* partition) {
  if (partition->size() != plan.size) partition->resize(plan.size);
  for (int32_t index : plan.absent) (*partition)[static_cast<size_t>(index)] = Literal();
  for (const PartitionStep& step : plan.steps) {
    if (step.field.slot == Slot::kSkip) {
      if (!SkipStep(decoder, step.field)) return false;
      continue;
    }
    if (!DecodePartitionValue(decoder, step, &(*partition)[static_cast<size_t>(step.index)])) return false;
  }
  return true;
}

bool KeepColumn(const std::vector<int32_t>& ids, int32_t id) {
  return ids.empty() || std::binary_search(ids.begin(), ids.end(), id);
}

// Reads the items of an int-keyed map (an array of key/value records) into `pairs`.
template <typename View>
bool ReadKeyValues(Decoder& decoder, const Step& step, const RecordPlan& kv, const std::vector<int32_t>& keep,
                   bool keep_none, std::vector<std::pair<int32_t, View>>* pairs) {
  pairs->clear();
  const int64_t min_item_size = step.value->items->min_encoded_size;
  while (true) {
    int64_t count;
    if (!decoder.ReadBlockCount(min_item_size, &count)) return false;
    if (count == 0) return true;
    if (kv.simple_key_value) {
      for (int64_t i = 0; i < count; ++i) {
        int32_t key;
        View value;
        if (!decoder.ReadInt(&key)) return false;
        if constexpr (std::is_same_v<View, int64_t>) {
          if (!decoder.ReadLong(&value)) return false;
        } else {
          if (!decoder.ReadBytes(&value)) return false;
        }
        if (!keep_none && KeepColumn(keep, key)) pairs->emplace_back(key, value);
      }
      continue;
    }
    for (int64_t i = 0; i < count; ++i) {
      bool item_present;
      if (!ReadPresence(decoder, kv.item, &item_present)) return false;
      if (!item_present) continue;
      int32_t key = 0;
      View value{};
      bool key_present = false;
      bool value_present = false;
      for (const Step& s : kv.steps) {
        if (s.slot == Slot::kSkip) {
          if (!SkipStep(decoder, s)) return false;
          continue;
        }
        bool present;
        if (!ReadPresence(decoder, s, &present)) return false;
        if (!present) continue;
        if (s.slot == Slot::kMapKey) {
          if (!ReadInt32(decoder, s, &key)) return false;
          key_present = true;
        } else {
          if constexpr (std::is_same_v<View, int64_t>) {
            if (!ReadInt64(decoder, s, &value)) return false;
          } else {
            if (!ReadText(decoder, s, &value)) return false;
          }
          value_present = true;
        }
      }
      if (key_present && value_present && !keep_none && KeepColumn(keep, key)) pairs->emplace_back(key, value);
    }
  }
}

template <typename T>
bool ReadList(Decoder& decoder, const Step& step, const RecordPlan& item_plan, std::vector<T>* out) {
  out->clear();
  const Step& item = item_plan.steps[0];
  const int64_t min_item_size = step.value->items->min_encoded_size;
  while (true) {
    int64_t count;
    if (!decoder.ReadBlockCount(min_item_size, &count)) return false;
    if (count == 0) return true;
    for (int64_t i = 0; i < count; ++i) {
      bool present;
      if (!ReadPresence(decoder, item, &present)) return false;
      if (!present) continue;
      if constexpr (std::is_same_v<T, int32_t>) {
        int32_t v;
        if (!ReadInt32(decoder, item, &v)) return false;
        out->push_back(v);
      } else {
        int64_t v;
        if (!ReadInt64(decoder, item, &v)) return false;
        out->push_back(v);
      }
    }
  }
}

void ResetDataFileSlot(Slot slot, DataFile* file) {
  switch (slot) {
    case Slot::kContent: file->content = DataFileContent::kData; break;
    case Slot::kFilePath: file->file_path.clear(); break;
    case Slot::kFileFormat: file->file_format = FileFormat::kUnknown; break;
    case Slot::kPartition: file->partition.clear(); break;
    case Slot::kRecordCount: file->record_count = 0; break;
    case Slot::kFileSizeInBytes: file->file_size_in_bytes = 0; break;
    case Slot::kColumnSizes: file->column_sizes.clear(); break;
    case Slot::kValueCounts: file->value_counts.clear(); break;
    case Slot::kNullValueCounts: file->null_value_counts.clear(); break;
    case Slot::kNanValueCounts: file->nan_value_counts.clear(); break;
    case Slot::kLowerBounds: file->lower_bounds.clear(); break;
    case Slot::kUpperBounds: file->upper_bounds.clear(); break;
    case Slot::kKeyMetadata: file->key_metadata.reset(); break;
    case Slot::kSplitOffsets: file->split_offsets.clear(); break;
    case Slot::kEqualityIds: file->equality_ids.clear(); break;
    case Slot::kSortOrderId: file->sort_order_id.reset(); break;
    case Slot::kFirstRowId: file->first_row_id.reset(); break;
    case Slot::kReferencedDataFile: file->referenced_data_file.reset(); break;
    case Slot::kContentOffset: file->content_offset.reset(); break;
    case Slot::kContentSizeInBytes: file->content_size_in_bytes.reset(); break;
    default: break;
  }
}

}  // namespace

// --- ManifestEntryDecoder -------------------------------------------------------

ManifestEntryDecoder::~ManifestEntryDecoder() = default;

Result<std::unique_ptr<ManifestEntryDecoder>> ManifestEntryDecoder::Compile(
    std::shared_ptr<const avro::Schema> writer, std::vector<PartitionFieldType> partition_fields,
    EntryProjection projection) {
  auto plan = std::make_unique<Plan>();
  plan->schema = std::move(writer);
  plan->stats_column_ids = std::move(projection.stats_column_ids);
  std::sort(plan->stats_column_ids.begin(), plan->stats_column_ids.end());
  const Node& root = plan->schema->root();
  if (root.type != avro::Type::kRecord) return InvalidData("manifest schema is not a record");

  FLOE_RETURN_IF_ERROR(CompileRecordPlan(root, kEntryFields, "manifest entry", {}, &plan->nested, &plan->entry));
  const avro::Field* data_file = nullptr;
  for (const avro::Field& field : root.fields) {
    if (field.field_id ? *field.field_id == 2 : field.name == "data_file") data_file = &field;
  }
  Step data_file_step;
  FLOE_RETURN_IF_ERROR(DescribeType(*data_file, &data_file_step));
  if (!data_file_step.has_value) return InvalidData("manifest entry field data_file is always null");

  plan->discard_stats = !projection.column_stats;
  FLOE_RETURN_IF_ERROR(CompileRecordPlan(*data_file_step.value, kDataFileFields, "manifest data_file", {},
                                         &plan->nested, &plan->data_file));

  for (const avro::Field& field : data_file_step.value->fields) {
    if (!(field.field_id ? *field.field_id == 102 : field.name == "partition")) continue;
    Step step;
    FLOE_RETURN_IF_ERROR(DescribeType(field, &step));
    if (step.has_value) FLOE_RETURN_IF_ERROR(CompilePartition(*step.value, partition_fields, &plan->partition));
  }
  if (plan->partition.size != partition_fields.size()) {
    plan->partition.size = partition_fields.size();
    for (size_t i = 0; i < partition_fields.size(); ++i) plan->partition.absent.push_back(static_cast<int32_t>(i));
  }
  for (const Step& step : plan->entry.steps) plan->has_sequence_number |= step.slot == Slot::kSequenceNumber;
  for (const Step& step : plan->data_file.steps) plan->has_content |= step.slot == Slot::kContent;

  std::unique_ptr<ManifestEntryDecoder> decoder(new ManifestEntryDecoder());
  decoder->plan_ = std::move(plan);
  return decoder;
}

bool ManifestEntryDecoder::has_sequence_number() const { return plan_->has_sequence_number; }
bool ManifestEntryDecoder::has_content() const { return plan_->has_content; }

namespace {

bool DecodeDataFile(Decoder& decoder, ManifestEntryDecoder::Plan& plan, DataFile* file);

}  // namespace

bool ManifestEntryDecoder::Decode(Decoder& decoder, ManifestEntry* entry) {
  Plan& plan = *plan_;
  for (Slot slot : plan.entry.absent) {
    if (slot == Slot::kSnapshotId) entry->snapshot_id.reset();
    if (slot == Slot::kSequenceNumber) entry->sequence_number.reset();
    if (slot == Slot::kFileSequenceNumber) entry->file_sequence_number.reset();
  }
  for (const Step& step : plan.entry.steps) {
    if (step.slot == Slot::kSkip) {
      if (!SkipStep(decoder, step)) return false;
      continue;
    }
    bool present;
    if (!ReadPresence(decoder, step, &present)) return false;
    switch (step.slot) {
      case Slot::kStatus: {
        int32_t status = 1;
        if (present && !ReadInt32(decoder, step, &status)) return false;
        if (status < 0 || status > 2) return decoder.Fail(DecodeProblem::kBadValue, status, 2);
        entry->status = static_cast<ManifestEntryStatus>(status);
        break;
      }
      case Slot::kSnapshotId:
      case Slot::kSequenceNumber:
      case Slot::kFileSequenceNumber: {
        std::optional<int64_t>& target = step.slot == Slot::kSnapshotId       ? entry->snapshot_id
                                         : step.slot == Slot::kSequenceNumber ? entry->sequence_number
                                                                              : entry->file_sequence_number;
        if (!present) {
          target.reset();
          break;
        }
        int64_t value;
        if (!ReadInt64(decoder, step, &value)) return false;
        target = value;
        break;
      }
      case Slot::kDataFile:
        if (!present) return decoder.Fail(DecodeProblem::kBadValue);
        if (!DecodeDataFile(decoder, plan, &entry->data_file)) return false;
        break;
      default: return decoder.Fail(DecodeProblem::kBadValue);
    }
  }
  return true;
}

namespace {

bool DecodeDataFile(Decoder& decoder, ManifestEntryDecoder::Plan& plan, DataFile* file) {
  for (Slot slot : plan.data_file.absent) {
    if (slot == Slot::kPartition) {
      file->partition.assign(plan.partition.size, Literal());
    } else {
      ResetDataFileSlot(slot, file);
    }
  }
  for (const Step& step : plan.data_file.steps) {
    if (step.slot == Slot::kSkip) {
      if (!SkipStep(decoder, step)) return false;
      continue;
    }
    bool present;
    if (!ReadPresence(decoder, step, &present)) return false;
    if (!present) {
      if (step.slot == Slot::kPartition) {
        file->partition.assign(plan.partition.size, Literal());
      } else {
        ResetDataFileSlot(step.slot, file);
      }
      continue;
    }
    switch (step.slot) {
      case Slot::kContent: {
        int32_t content;
        if (!ReadInt32(decoder, step, &content)) return false;
        if (content < 0 || content > 2) return decoder.Fail(DecodeProblem::kBadValue, content, 2);
        file->content = static_cast<DataFileContent>(content);
        break;
      }
      case Slot::kFilePath:
      case Slot::kReferencedDataFile: {
        std::string_view text;
        if (!ReadText(decoder, step, &text)) return false;
        if (step.slot == Slot::kFilePath) {
          file->file_path.assign(text);
        } else if (file->referenced_data_file) {
          file->referenced_data_file->assign(text);
        } else {
          file->referenced_data_file.emplace(text);
        }
        break;
      }
      case Slot::kFileFormat: {
        std::string_view text;
        if (!ReadText(decoder, step, &text)) return false;
        file->file_format = ParseFileFormat(text);
        break;
      }
      case Slot::kPartition:
        if (!DecodePartition(decoder, plan.partition, &file->partition)) return false;
        break;
      case Slot::kRecordCount:
        if (!ReadInt64(decoder, step, &file->record_count)) return false;
        break;
      case Slot::kFileSizeInBytes:
        if (!ReadInt64(decoder, step, &file->file_size_in_bytes)) return false;
        break;
      case Slot::kColumnSizes:
      case Slot::kValueCounts:
      case Slot::kNullValueCounts:
      case Slot::kNanValueCounts: {
        if (!ReadKeyValues(decoder, step, plan.nested[static_cast<size_t>(step.sub)], plan.stats_column_ids,
                           plan.discard_stats, &plan.long_pairs)) {
          return false;
        }
        std::map<int32_t, int64_t>* target = step.slot == Slot::kColumnSizes       ? &file->column_sizes
                                             : step.slot == Slot::kValueCounts     ? &file->value_counts
                                             : step.slot == Slot::kNullValueCounts ? &file->null_value_counts
                                                                                   : &file->nan_value_counts;
        MergeInto(plan.long_pairs, target);
        break;
      }
      case Slot::kLowerBounds:
      case Slot::kUpperBounds: {
        if (!ReadKeyValues(decoder, step, plan.nested[static_cast<size_t>(step.sub)], plan.stats_column_ids,
                           plan.discard_stats, &plan.bytes_pairs)) {
          return false;
        }
        MergeInto(plan.bytes_pairs, step.slot == Slot::kLowerBounds ? &file->lower_bounds : &file->upper_bounds);
        break;
      }
      case Slot::kKeyMetadata: {
        std::string_view bytes;
        if (!ReadText(decoder, step, &bytes)) return false;
        file->key_metadata.emplace(bytes);
        break;
      }
      case Slot::kSplitOffsets:
        if (!ReadList(decoder, step, plan.nested[static_cast<size_t>(step.sub)], &file->split_offsets)) return false;
        break;
      case Slot::kEqualityIds:
        if (!ReadList(decoder, step, plan.nested[static_cast<size_t>(step.sub)], &file->equality_ids)) return false;
        break;
      case Slot::kSortOrderId: {
        int32_t value;
        if (!ReadInt32(decoder, step, &value)) return false;
        file->sort_order_id = value;
        break;
      }
      case Slot::kFirstRowId:
      case Slot::kContentOffset:
      case Slot::kContentSizeInBytes: {
        int64_t value;
        if (!ReadInt64(decoder, step, &value)) return false;
        (step.slot == Slot::kFirstRowId      ? file->first_row_id
         : step.slot == Slot::kContentOffset ? file->content_offset
                                             : file->content_size_in_bytes) = value;
        break;
      }
      default: return decoder.Fail(DecodeProblem::kBadValue);
    }
  }
  return true;
}

}  // namespace

}  // namespace floe::iceberg::internal
