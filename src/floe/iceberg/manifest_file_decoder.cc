// Decoding manifest-list entries with compiled plans (manifest_decoder.h).
#include <algorithm>

#include "floe/iceberg/manifest_decoder.h"
#include "floe/iceberg/manifest_decoder_plan.h"

namespace floe::iceberg::internal {

namespace {

using avro::DecodeProblem;
using avro::Decoder;
using avro::Node;

constexpr KnownField kManifestFileFields[] = {
    {500, "manifest_path", "", Slot::kManifestPath, Kind::kText, true},
    {501, "manifest_length", "", Slot::kManifestLength, Kind::kLong, true},
    {502, "partition_spec_id", "", Slot::kPartitionSpecId, Kind::kInt, false},
    {517, "content", "", Slot::kManifestContent, Kind::kInt, false},
    {515, "sequence_number", "", Slot::kManifestSequenceNumber, Kind::kLong, false},
    {516, "min_sequence_number", "", Slot::kMinSequenceNumber, Kind::kLong, false},
    {503, "added_snapshot_id", "", Slot::kAddedSnapshotId, Kind::kLong, false},
    {504, "added_files_count", "added_data_files_count", Slot::kAddedFilesCount, Kind::kInt, false},
    {505, "existing_files_count", "existing_data_files_count", Slot::kExistingFilesCount, Kind::kInt, false},
    {506, "deleted_files_count", "deleted_data_files_count", Slot::kDeletedFilesCount, Kind::kInt, false},
    {512, "added_rows_count", "", Slot::kAddedRowsCount, Kind::kLong, false},
    {513, "existing_rows_count", "", Slot::kExistingRowsCount, Kind::kLong, false},
    {514, "deleted_rows_count", "", Slot::kDeletedRowsCount, Kind::kLong, false},
    {507, "partitions", "", Slot::kPartitions, Kind::kSummaryList, false},
    {519, "key_metadata", "", Slot::kManifestKeyMetadata, Kind::kText, false},
    {520, "first_row_id", "", Slot::kManifestFirstRowId, Kind::kLong, false},
};

constexpr KnownField kSummaryFields[] = {
    {509, "contains_null", "", Slot::kContainsNull, Kind::kBoolean, false},
    {518, "contains_nan", "", Slot::kContainsNan, Kind::kBoolean, false},
    {510, "lower_bound", "", Slot::kLowerBound, Kind::kText, false},
    {511, "upper_bound", "", Slot::kUpperBound, Kind::kText, false},
};

}  // namespace

struct ManifestFileDecoder::Plan {
  std::shared_ptr<const avro::Schema> schema;
  RecordPlan manifest;
  RecordPlan summary;
  bool has_sequence_number = false;
};

// --- ManifestFileDecoder --------------------------------------------------------

ManifestFileDecoder::~ManifestFileDecoder() = default;

Result<std::unique_ptr<ManifestFileDecoder>> ManifestFileDecoder::Compile(std::shared_ptr<const avro::Schema> writer) {
  auto plan = std::make_unique<Plan>();
  plan->schema = std::move(writer);
  const Node& root = plan->schema->root();
  if (root.type != avro::Type::kRecord) return InvalidData("manifest list schema is not a record");
  std::vector<RecordPlan> unused;
  FLOE_RETURN_IF_ERROR(CompileRecordPlan(root, kManifestFileFields, "manifest list entry", {}, &unused, &plan->manifest));
  for (const Step& step : plan->manifest.steps) {
    plan->has_sequence_number |= step.slot == Slot::kManifestSequenceNumber;
    if (step.slot == Slot::kPartitions && step.has_value) {
      avro::Field item_field;
      item_field.name = "partitions.element";
      item_field.type = step.value->items;
      FLOE_RETURN_IF_ERROR(DescribeType(item_field, &plan->summary.item));
      if (plan->summary.item.has_value) {
        FLOE_RETURN_IF_ERROR(CompileRecordPlan(*plan->summary.item.value, kSummaryFields, "partition field summary", {},
                                               &unused, &plan->summary));
      }
    }
  }
  std::unique_ptr<ManifestFileDecoder> decoder(new ManifestFileDecoder());
  decoder->plan_ = std::move(plan);
  return decoder;
}

bool ManifestFileDecoder::has_sequence_number() const { return plan_->has_sequence_number; }

namespace {

void ResetManifestSlot(Slot slot, ManifestFile* m) {
  switch (slot) {
    case Slot::kManifestPath: m->manifest_path.clear(); break;
    case Slot::kManifestLength: m->manifest_length = 0; break;
    case Slot::kPartitionSpecId: m->partition_spec_id = 0; break;
    case Slot::kManifestContent: m->content = ManifestContent::kData; break;
    case Slot::kManifestSequenceNumber: m->sequence_number = 0; break;
    case Slot::kMinSequenceNumber: m->min_sequence_number = 0; break;
    case Slot::kAddedSnapshotId: m->added_snapshot_id = 0; break;
    case Slot::kAddedFilesCount: m->added_files_count.reset(); break;
    case Slot::kExistingFilesCount: m->existing_files_count.reset(); break;
    case Slot::kDeletedFilesCount: m->deleted_files_count.reset(); break;
    case Slot::kAddedRowsCount: m->added_rows_count.reset(); break;
    case Slot::kExistingRowsCount: m->existing_rows_count.reset(); break;
    case Slot::kDeletedRowsCount: m->deleted_rows_count.reset(); break;
    case Slot::kPartitions: m->partitions.reset(); break;
    case Slot::kManifestKeyMetadata: m->key_metadata.reset(); break;
    case Slot::kManifestFirstRowId: m->first_row_id.reset(); break;
    default: break;
  }
}

void ResetSummarySlot(Slot slot, PartitionFieldSummary* s) {
  switch (slot) {
    case Slot::kContainsNull: s->contains_null = false; break;
    case Slot::kContainsNan: s->contains_nan.reset(); break;
    case Slot::kLowerBound: s->lower_bound.reset(); break;
    case Slot::kUpperBound: s->upper_bound.reset(); break;
    default: break;
  }
}

bool DecodeSummary(Decoder& decoder, const RecordPlan& plan, PartitionFieldSummary* summary) {
  for (Slot slot : plan.absent) ResetSummarySlot(slot, summary);
  for (const Step& step : plan.steps) {
    if (step.slot == Slot::kSkip) {
      if (!SkipStep(decoder, step)) return false;
      continue;
    }
    bool present;
    if (!ReadPresence(decoder, step, &present)) return false;
    if (!present) {
      ResetSummarySlot(step.slot, summary);
      continue;
    }
    if (step.slot == Slot::kContainsNull || step.slot == Slot::kContainsNan) {
      bool value;
      if (!decoder.ReadBoolean(&value)) return false;
      if (step.slot == Slot::kContainsNull) {
        summary->contains_null = value;
      } else {
        summary->contains_nan = value;
      }
    } else {
      std::string_view bytes;
      if (!ReadText(decoder, step, &bytes)) return false;
      (step.slot == Slot::kLowerBound ? summary->lower_bound : summary->upper_bound).emplace(bytes);
    }
  }
  return true;
}

}  // namespace

bool ManifestFileDecoder::Decode(Decoder& decoder, ManifestFile* m) {
  const Plan& plan = *plan_;
  for (Slot slot : plan.manifest.absent) ResetManifestSlot(slot, m);
  for (const Step& step : plan.manifest.steps) {
    if (step.slot == Slot::kSkip) {
      if (!SkipStep(decoder, step)) return false;
      continue;
    }
    bool present;
    if (!ReadPresence(decoder, step, &present)) return false;
    if (!present) {
      ResetManifestSlot(step.slot, m);
      continue;
    }
    switch (step.slot) {
      case Slot::kManifestPath: {
        std::string_view text;
        if (!ReadText(decoder, step, &text)) return false;
        m->manifest_path.assign(text);
        break;
      }
      case Slot::kManifestKeyMetadata: {
        std::string_view bytes;
        if (!ReadText(decoder, step, &bytes)) return false;
        m->key_metadata.emplace(bytes);
        break;
      }
      case Slot::kPartitionSpecId:
        if (!ReadInt32(decoder, step, &m->partition_spec_id)) return false;
        break;
      case Slot::kManifestContent: {
        int32_t content;
        if (!ReadInt32(decoder, step, &content)) return false;
        if (content < 0 || content > 1) return decoder.Fail(DecodeProblem::kBadValue, content, 1);
        m->content = static_cast<ManifestContent>(content);
        break;
      }
      case Slot::kManifestLength:
        if (!ReadInt64(decoder, step, &m->manifest_length)) return false;
        break;
      case Slot::kManifestSequenceNumber:
        if (!ReadInt64(decoder, step, &m->sequence_number)) return false;
        break;
      case Slot::kMinSequenceNumber:
        if (!ReadInt64(decoder, step, &m->min_sequence_number)) return false;
        break;
      case Slot::kAddedSnapshotId:
        if (!ReadInt64(decoder, step, &m->added_snapshot_id)) return false;
        break;
      case Slot::kAddedFilesCount:
      case Slot::kExistingFilesCount:
      case Slot::kDeletedFilesCount: {
        int32_t value;
        if (!ReadInt32(decoder, step, &value)) return false;
        (step.slot == Slot::kAddedFilesCount      ? m->added_files_count
         : step.slot == Slot::kExistingFilesCount ? m->existing_files_count
                                                  : m->deleted_files_count) = value;
        break;
      }
      case Slot::kAddedRowsCount:
      case Slot::kExistingRowsCount:
      case Slot::kDeletedRowsCount:
      case Slot::kManifestFirstRowId: {
        int64_t value;
        if (!ReadInt64(decoder, step, &value)) return false;
        (step.slot == Slot::kAddedRowsCount      ? m->added_rows_count
         : step.slot == Slot::kExistingRowsCount ? m->existing_rows_count
         : step.slot == Slot::kDeletedRowsCount  ? m->deleted_rows_count
                                                 : m->first_row_id) = value;
        break;
      }
      case Slot::kPartitions: {
        auto& summaries = m->partitions.emplace();
        const int64_t min_item_size = step.value->items->min_encoded_size;
        size_t used = 0;
        bool null_item = false;
        while (true) {
          int64_t count;
          if (!decoder.ReadBlockCount(min_item_size, &count)) return false;
          if (count == 0) break;
          summaries.resize(used + static_cast<size_t>(count));
          for (int64_t i = 0; i < count; ++i) {
            bool item_present;
            if (!ReadPresence(decoder, plan.summary.item, &item_present)) return false;
            PartitionFieldSummary& summary = summaries[used++];
            if (!item_present) {
              null_item = true;  // an unknown summary: the manifest cannot be pruned
              continue;
            }
            if (!DecodeSummary(decoder, plan.summary, &summary)) return false;
          }
        }
        summaries.resize(used);
        if (null_item) m->partitions.reset();
        break;
      }
      default: return decoder.Fail(DecodeProblem::kBadValue);
    }
  }
  return true;
}

}  // namespace floe::iceberg::internal
