// MetadataBuilder operations and Build() (reference: Java TableMetadata.Builder).
// New-table creation, ApplyCommit and metadata file naming live in
// metadata_commit.cc.
#include "floe/iceberg/metadata_builder.h"

#include <algorithm>
#include <chrono>
#include <charconv>

#include "floe/common/uuid.h"

namespace floe::iceberg {

namespace {

constexpr int64_t kOneMinuteMs = 60 * 1000;

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string Describe(const PartitionSpec& spec) {
  std::string text = "[";
  for (const PartitionField& field : spec.fields()) {
    text += fmt::format("\n  {}: {}: {}({})", field.field_id, field.name, field.transform.ToString(), field.source_id);
  }
  if (!spec.fields().empty()) text += "\n";
  return text + "]";
}

std::string Describe(std::string_view name, const SnapshotRef& ref) {
  return fmt::format("{}({} {})", name, ref.type == SnapshotRefType::kBranch ? "branch" : "tag", ref.snapshot_id);
}

// Java PartitionSpec.compatibleWith: same source ids, transforms and names, in
// order (field ids are not compared).
bool EquivalentSpecs(const PartitionSpec& a, const PartitionSpec& b) {
  if (a.fields().size() != b.fields().size()) return false;
  for (size_t i = 0; i < a.fields().size(); ++i) {
    const PartitionField& x = a.fields()[i];
    const PartitionField& y = b.fields()[i];
    if (x.source_id != y.source_id || x.source_ids != y.source_ids ||
        x.transform.ToString() != y.transform.ToString() || x.name != y.name) {
      return false;
    }
  }
  return true;
}

int32_t HighestPartitionFieldId(const PartitionSpec& spec) {
  int32_t highest = PartitionSpec::kUnpartitionedLastAssignedId;
  for (const PartitionField& field : spec.fields()) highest = std::max(highest, field.field_id);
  return highest;
}

Status CheckRefRetention(const SnapshotRef& ref) {
  if (ref.type == SnapshotRefType::kTag) {
    if (ref.min_snapshots_to_keep) return BadRequest("Tags do not support setting minSnapshotsToKeep");
    if (ref.max_snapshot_age_ms) return BadRequest("Tags do not support setting maxSnapshotAgeMs");
  }
  if (ref.min_snapshots_to_keep && *ref.min_snapshots_to_keep <= 0) {
    return BadRequest("Min snapshots to keep must be greater than 0");
  }
  if (ref.max_snapshot_age_ms && *ref.max_snapshot_age_ms <= 0) {
    return BadRequest("Max snapshot age must be greater than 0 ms");
  }
  if (ref.max_ref_age_ms && *ref.max_ref_age_ms <= 0) return BadRequest("Max reference age must be greater than 0");
  return Status::OK();
}

int PreviousVersionsMax(const std::map<std::string, std::string>& properties) {
  auto it = properties.find(std::string(kMetadataPreviousVersionsMaxProperty));
  int value = kMetadataPreviousVersionsMaxDefault;
  if (it != properties.end()) {
    const std::string& text = it->second;
    int parsed = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (error == std::errc() && end == text.data() + text.size()) value = parsed;
  }
  return std::max(1, value);
}

}  // namespace

// --- Construction ----------------------------------------------------------------

MetadataBuilder MetadataBuilder::BuildFrom(TableMetadataPtr base, std::string base_metadata_location) {
  MetadataBuilder builder = BuildFrom(*base, std::move(base_metadata_location));
  builder.base_ = std::move(base);
  return builder;
}

MetadataBuilder MetadataBuilder::BuildFrom(const TableMetadata& base, std::string base_metadata_location) {
  MetadataBuilder builder;
  builder.metadata_ = base;
  builder.has_base_ = true;
  builder.base_metadata_location_ = std::move(base_metadata_location);
  builder.base_last_updated_ms_ = base.last_updated_ms;
  // -1 is the JSON spelling of "no current snapshot".
  if (builder.metadata_.current_snapshot_id == -1) builder.metadata_.current_snapshot_id.reset();
  for (const SnapshotPtr& snapshot : base.snapshots) builder.snapshots_by_id_[snapshot->snapshot_id] = snapshot;
  return builder;
}

MetadataBuilder MetadataBuilder::BuildFromEmpty(int format_version) {
  MetadataBuilder builder;
  builder.metadata_.format_version = format_version;
  builder.metadata_.table_uuid = RandomUuid();
  builder.metadata_.last_sequence_number = 0;
  builder.metadata_.last_column_id = 0;
  builder.metadata_.current_schema_id = 0;
  builder.metadata_.default_spec_id = 0;
  builder.metadata_.last_partition_id = PartitionSpec::kUnpartitionedLastAssignedId;
  builder.metadata_.default_sort_order_id = SortOrder::kUnsortedOrderId;
  if (format_version >= 3) builder.metadata_.next_row_id = 0;
  return builder;
}

SchemaPtr MetadataBuilder::FindSchema(int32_t schema_id) const {
  for (const SchemaPtr& schema : metadata_.schemas) {
    if (schema->schema_id() == schema_id) return schema;
  }
  return nullptr;
}

PartitionSpecPtr MetadataBuilder::FindSpec(int32_t spec_id) const {
  for (const PartitionSpecPtr& spec : metadata_.partition_specs) {
    if (spec->spec_id() == spec_id) return spec;
  }
  return nullptr;
}

SortOrderPtr MetadataBuilder::FindSortOrder(int32_t order_id) const {
  for (const SortOrderPtr& order : metadata_.sort_orders) {
    if (order->order_id() == order_id) return order;
  }
  return nullptr;
}

// --- Operations ------------------------------------------------------------------

Status MetadataBuilder::Apply(const TableUpdate& update) {
  return std::visit(
      Overloaded{
          [&](const AssignUuidUpdate& u) { return AssignUuid(u.uuid); },
          [&](const UpgradeFormatVersionUpdate& u) { return UpgradeFormatVersion(u.format_version); },
          [&](const AddSchemaUpdate& u) { return AddSchema(u.schema); },
          [&](const SetCurrentSchemaUpdate& u) { return SetCurrentSchema(u.schema_id); },
          [&](const AddPartitionSpecUpdate& u) {
            if (!u.spec) return BadRequest("Cannot add partition spec: null");
            return AddPartitionSpec(*u.spec);
          },
          [&](const SetDefaultSpecUpdate& u) { return SetDefaultSpec(u.spec_id); },
          [&](const AddSortOrderUpdate& u) {
            if (!u.sort_order) return BadRequest("Cannot add sort order: null");
            return AddSortOrder(*u.sort_order);
          },
          [&](const SetDefaultSortOrderUpdate& u) { return SetDefaultSortOrder(u.sort_order_id); },
          [&](const AddSnapshotUpdate& u) { return AddSnapshot(u.snapshot); },
          [&](const SetSnapshotRefUpdate& u) { return SetSnapshotRef(u.ref_name, u.ref); },
          [&](const RemoveSnapshotsUpdate& u) { return RemoveSnapshots(u.snapshot_ids); },
          [&](const RemoveSnapshotRefUpdate& u) { return RemoveSnapshotRef(u.ref_name); },
          [&](const SetLocationUpdate& u) { return SetLocation(u.location); },
          [&](const SetPropertiesUpdate& u) { return SetProperties(u.updates); },
          [&](const RemovePropertiesUpdate& u) { return RemoveProperties(u.removals); },
          [&](const SetStatisticsUpdate& u) { return SetStatistics(u.statistics); },
          [&](const RemoveStatisticsUpdate& u) { return RemoveStatistics(u.snapshot_id); },
          [&](const SetPartitionStatisticsUpdate& u) { return SetPartitionStatistics(u.partition_statistics); },
          [&](const RemovePartitionStatisticsUpdate& u) { return RemovePartitionStatistics(u.snapshot_id); },
          [&](const RemovePartitionSpecsUpdate& u) { return RemovePartitionSpecs(u.spec_ids); },
          [&](const RemoveSchemasUpdate& u) { return RemoveSchemas(u.schema_ids); },
          [&](const AddEncryptionKeyUpdate& u) { return AddEncryptionKey(u.encryption_key); },
          [&](const RemoveEncryptionKeyUpdate& u) { return RemoveEncryptionKey(u.key_id); },
      },
      update.value());
}

Status MetadataBuilder::AssignUuid(std::string_view uuid) {
  if (uuid.empty()) return BadRequest("Cannot set uuid to null");
  if (uuid == metadata_.table_uuid) return Status::OK();
  metadata_.table_uuid = std::string(uuid);
  changes_.push_back(AssignUuidUpdate{std::string(uuid)});
  return Status::OK();
}

Status MetadataBuilder::UpgradeFormatVersion(int format_version) {
  if (format_version > kMaxFormatVersion) {
    return BadRequest("Cannot upgrade table to unsupported format version: v{} (supported: v{})", format_version,
                      kMaxFormatVersion);
  }
  if (format_version < metadata_.format_version) {
    return BadRequest("Cannot downgrade v{} table to v{}", metadata_.format_version, format_version);
  }
  if (format_version == metadata_.format_version) return Status::OK();
  metadata_.format_version = format_version;
  if (format_version >= 3 && !metadata_.next_row_id) metadata_.next_row_id = 0;
  changes_.push_back(UpgradeFormatVersionUpdate{format_version});
  return Status::OK();
}

Status MetadataBuilder::AddSchema(const SchemaPtr& schema) {
  if (!schema) return BadRequest("Cannot add schema: null");
  int32_t new_last_column_id = std::max(metadata_.last_column_id, schema->HighestFieldId());
  FLOE_RETURN_IF_ERROR(CheckSchemaCompatibility(*schema, metadata_.format_version));

  // Reuse an identical schema's id; otherwise one more than the highest id.
  int32_t new_schema_id = metadata_.current_schema_id;
  bool found = false;
  for (const SchemaPtr& existing : metadata_.schemas) {
    if (existing->SameSchema(*schema)) {
      new_schema_id = existing->schema_id();
      found = true;
      break;
    }
    if (existing->schema_id() >= new_schema_id) new_schema_id = existing->schema_id() + 1;
  }
  if (found && new_last_column_id == metadata_.last_column_id) {
    last_added_schema_id_ = new_schema_id;
    return Status::OK();
  }

  metadata_.last_column_id = new_last_column_id;
  SchemaPtr new_schema = schema;
  if (schema->schema_id() != new_schema_id) {
    auto renumbered = Schema::Make(new_schema_id, schema->fields(), schema->identifier_field_ids());
    if (!renumbered.ok()) return internal::AsBadRequest(renumbered.status());
    new_schema = std::move(renumbered).value();
  }
  if (!found) metadata_.schemas.push_back(new_schema);
  changes_.push_back(AddSchemaUpdate{new_schema, metadata_.last_column_id});
  added_schema_ids_.insert(new_schema_id);
  last_added_schema_id_ = new_schema_id;
  return Status::OK();
}

Status MetadataBuilder::SetCurrentSchema(int32_t schema_id) {
  if (schema_id == kLastAdded) {
    if (!last_added_schema_id_) return BadRequest("Cannot set last added schema: no schema has been added");
    schema_id = *last_added_schema_id_;
  }
  if (schema_id == metadata_.current_schema_id) return Status::OK();
  if (!FindSchema(schema_id)) return BadRequest("Cannot set current schema to unknown schema: {}", schema_id);
  metadata_.current_schema_id = schema_id;
  bool last_added = last_added_schema_id_ == schema_id && added_schema_ids_.contains(schema_id);
  changes_.push_back(SetCurrentSchemaUpdate{last_added ? kLastAdded : schema_id});
  return Status::OK();
}

Status MetadataBuilder::AddPartitionSpec(const PartitionSpec& spec) {
  // Reuse an equivalent spec's id; otherwise one more than the highest id.
  int32_t new_spec_id = 0;
  for (const PartitionSpecPtr& existing : metadata_.partition_specs) {
    if (EquivalentSpecs(spec, *existing)) {
      last_added_spec_id_ = existing->spec_id();
      return Status::OK();
    }
    if (existing->spec_id() >= new_spec_id) new_spec_id = existing->spec_id() + 1;
  }

  SchemaPtr schema = FindSchema(metadata_.current_schema_id);
  if (!schema) return BadRequest("Cannot add partition spec: no current schema");

  // Assign ids to fields that have none: an equivalent field's id (v2+) or the next unused id.
  std::vector<PartitionField> fields = spec.fields();
  int32_t next_id = metadata_.last_partition_id;
  for (const PartitionField& field : fields) next_id = std::max(next_id, field.field_id);
  for (size_t i = 0; i < fields.size(); ++i) {
    PartitionField& field = fields[i];
    if (field.field_id > 0) continue;
    if (metadata_.format_version == 1) {
      field.field_id = PartitionSpec::kFirstFieldId + static_cast<int32_t>(i);
      continue;
    }
    int32_t reused = 0;
    for (const PartitionSpecPtr& existing : metadata_.partition_specs) {
      for (const PartitionField& old : existing->fields()) {
        if (old.source_id == field.source_id && old.source_ids == field.source_ids &&
            old.transform.ToString() == field.transform.ToString()) {
          reused = std::max(reused, old.field_id);
        }
      }
    }
    field.field_id = reused > 0 ? reused : ++next_id;
  }
  auto new_spec = std::make_shared<const PartitionSpec>(new_spec_id, std::move(fields));

  FLOE_RETURN_IF_ERROR(CheckPartitionSpecCompatibility(*new_spec, *schema));
  FLOE_RETURN_IF_ERROR(CheckPartitionFieldNames(*new_spec, *schema));
  if (metadata_.format_version == 1) {
    for (size_t i = 0; i < new_spec->fields().size(); ++i) {
      if (new_spec->fields()[i].field_id != PartitionSpec::kFirstFieldId + static_cast<int32_t>(i)) {
        return BadRequest("Spec does not use sequential IDs that are required in v1: {}", Describe(*new_spec));
      }
    }
  }

  metadata_.last_partition_id = std::max(metadata_.last_partition_id, HighestPartitionFieldId(*new_spec));
  metadata_.partition_specs.push_back(new_spec);
  changes_.push_back(AddPartitionSpecUpdate{new_spec});
  added_spec_ids_.insert(new_spec_id);
  last_added_spec_id_ = new_spec_id;
  return Status::OK();
}

Status MetadataBuilder::SetDefaultSpec(int32_t spec_id) {
  if (spec_id == kLastAdded) {
    if (!last_added_spec_id_) return BadRequest("Cannot set last added spec: no spec has been added");
    spec_id = *last_added_spec_id_;
  }
  if (spec_id == metadata_.default_spec_id) return Status::OK();
  if (!FindSpec(spec_id)) return BadRequest("Cannot set default partition spec to unknown spec: {}", spec_id);
  metadata_.default_spec_id = spec_id;
  bool last_added = last_added_spec_id_ == spec_id && added_spec_ids_.contains(spec_id);
  changes_.push_back(SetDefaultSpecUpdate{last_added ? kLastAdded : spec_id});
  return Status::OK();
}

Status MetadataBuilder::AddSortOrder(const SortOrder& sort_order) {
  int32_t new_order_id = SortOrder::kUnsortedOrderId;
  if (!sort_order.is_unsorted()) {
    new_order_id = 1;
    for (const SortOrderPtr& existing : metadata_.sort_orders) {
      if (existing->SameOrder(sort_order)) {
        new_order_id = existing->order_id();
        break;
      }
      if (existing->order_id() >= new_order_id) new_order_id = existing->order_id() + 1;
    }
  }
  if (FindSortOrder(new_order_id)) {
    last_added_order_id_ = new_order_id;
    return Status::OK();
  }

  SortOrderPtr new_order = SortOrder::Unsorted();
  if (!sort_order.is_unsorted()) {
    SchemaPtr schema = FindSchema(metadata_.current_schema_id);
    if (!schema) return BadRequest("Cannot add sort order: no current schema");
    FLOE_RETURN_IF_ERROR(CheckSortOrderCompatibility(sort_order, *schema));
    new_order = std::make_shared<const SortOrder>(new_order_id, sort_order.fields());
  }
  metadata_.sort_orders.push_back(new_order);
  changes_.push_back(AddSortOrderUpdate{new_order});
  added_order_ids_.insert(new_order_id);
  last_added_order_id_ = new_order_id;
  return Status::OK();
}

Status MetadataBuilder::SetDefaultSortOrder(int32_t sort_order_id) {
  if (sort_order_id == kLastAdded) {
    if (!last_added_order_id_) return BadRequest("Cannot set last added sort order: no sort order has been added");
    sort_order_id = *last_added_order_id_;
  }
  if (sort_order_id == metadata_.default_sort_order_id) return Status::OK();
  if (!FindSortOrder(sort_order_id)) {
    return BadRequest("Cannot set default sort order to unknown sort order: {}", sort_order_id);
  }
  metadata_.default_sort_order_id = sort_order_id;
  bool last_added = last_added_order_id_ == sort_order_id && added_order_ids_.contains(sort_order_id);
  changes_.push_back(SetDefaultSortOrderUpdate{last_added ? kLastAdded : sort_order_id});
  return Status::OK();
}

Status MetadataBuilder::AddSnapshot(const SnapshotPtr& snapshot) {
  if (!snapshot) return Status::OK();  // a no-op, as in the reference
  if (metadata_.schemas.empty()) return BadRequest("Attempting to add a snapshot before a schema is added");
  if (metadata_.partition_specs.empty()) {
    return BadRequest("Attempting to add a snapshot before a partition spec is added");
  }
  if (metadata_.sort_orders.empty()) return BadRequest("Attempting to add a snapshot before a sort order is added");
  if (snapshots_by_id_.contains(snapshot->snapshot_id)) {
    return BadRequest("Snapshot already exists for id: {}", snapshot->snapshot_id);
  }
  // A concurrent commit took this sequence number: the client must retry on fresh metadata.
  if (metadata_.format_version != 1 && snapshot->sequence_number <= metadata_.last_sequence_number &&
      snapshot->parent_snapshot_id) {
    return CommitFailed("Cannot add snapshot with sequence number {} older than last sequence number {}",
                        snapshot->sequence_number, metadata_.last_sequence_number);
  }
  if (metadata_.format_version >= 3) {
    int64_t next_row_id = metadata_.next_row_id.value_or(0);
    if (!snapshot->first_row_id) return BadRequest("Cannot add a snapshot: first-row-id is null");
    if (*snapshot->first_row_id < next_row_id) {
      return CommitFailed("Cannot add a snapshot, first-row-id is behind table next-row-id: {} < {}",
                          *snapshot->first_row_id, next_row_id);
    }
    if (!snapshot->added_rows) return BadRequest("Cannot add a snapshot: added-rows is null");
    metadata_.next_row_id = next_row_id + *snapshot->added_rows;
  }

  last_updated_ms_ = snapshot->timestamp_ms;
  metadata_.last_sequence_number = snapshot->sequence_number;
  metadata_.snapshots.push_back(snapshot);
  snapshots_by_id_[snapshot->snapshot_id] = snapshot;
  added_snapshot_ids_.insert(snapshot->snapshot_id);
  changes_.push_back(AddSnapshotUpdate{snapshot});
  return Status::OK();
}

Status MetadataBuilder::SetSnapshotRef(std::string_view name, const SnapshotRef& ref) {
  std::string ref_name(name);
  auto existing = metadata_.refs.find(ref_name);
  if (existing != metadata_.refs.end() && existing->second == ref) return Status::OK();
  FLOE_RETURN_IF_ERROR(CheckRefRetention(ref));
  auto snapshot = snapshots_by_id_.find(ref.snapshot_id);
  if (snapshot == snapshots_by_id_.end()) {
    return BadRequest("Cannot set {} to unknown snapshot: {}", name, ref.snapshot_id);
  }
  if (added_snapshot_ids_.contains(ref.snapshot_id)) last_updated_ms_ = snapshot->second->timestamp_ms;
  if (name == SnapshotRef::kMainBranch) {
    metadata_.current_snapshot_id = ref.snapshot_id;
    if (!last_updated_ms_) last_updated_ms_ = NowMillis();
    metadata_.snapshot_log.push_back(SnapshotLogEntry{*last_updated_ms_, ref.snapshot_id});
  }
  metadata_.refs[ref_name] = ref;
  changes_.push_back(SetSnapshotRefUpdate{ref_name, ref});
  return Status::OK();
}

Status MetadataBuilder::SetBranchSnapshot(const SnapshotPtr& snapshot, std::string_view branch) {
  if (!snapshot) return BadRequest("Cannot set {} to a null snapshot", branch);
  FLOE_RETURN_IF_ERROR(AddSnapshot(snapshot));
  return SetBranchSnapshotInternal(*snapshot, branch);
}

Status MetadataBuilder::SetBranchSnapshot(int64_t snapshot_id, std::string_view branch) {
  auto ref = metadata_.refs.find(std::string(branch));
  if (ref != metadata_.refs.end() && ref->second.snapshot_id == snapshot_id) return Status::OK();
  auto snapshot = snapshots_by_id_.find(snapshot_id);
  if (snapshot == snapshots_by_id_.end()) return BadRequest("Cannot set {} to unknown snapshot: {}", branch, snapshot_id);
  return SetBranchSnapshotInternal(*snapshot->second, branch);
}

Status MetadataBuilder::SetBranchSnapshotInternal(const Snapshot& snapshot, std::string_view branch) {
  SnapshotRef new_ref;
  auto ref = metadata_.refs.find(std::string(branch));
  if (ref != metadata_.refs.end()) {
    if (ref->second.type != SnapshotRefType::kBranch) return BadRequest("Cannot update branch: {} is a tag", branch);
    if (ref->second.snapshot_id == snapshot.snapshot_id) return Status::OK();
    new_ref = ref->second;  // keeps the branch's retention
  }
  if (metadata_.format_version != 1 && snapshot.sequence_number > metadata_.last_sequence_number) {
    return BadRequest("Last sequence number {} is less than existing snapshot sequence number {}",
                      metadata_.last_sequence_number, snapshot.sequence_number);
  }
  new_ref.snapshot_id = snapshot.snapshot_id;
  new_ref.type = SnapshotRefType::kBranch;
  return SetSnapshotRef(branch, new_ref);
}

Status MetadataBuilder::RemoveSnapshots(const std::vector<int64_t>& snapshot_ids) {
  std::set<int64_t> to_remove(snapshot_ids.begin(), snapshot_ids.end());
  std::vector<int64_t> removed;
  std::vector<SnapshotPtr> retained;
  retained.reserve(metadata_.snapshots.size());
  for (const SnapshotPtr& snapshot : metadata_.snapshots) {
    if (to_remove.contains(snapshot->snapshot_id)) {
      removed.push_back(snapshot->snapshot_id);
      snapshots_by_id_.erase(snapshot->snapshot_id);
    } else {
      retained.push_back(snapshot);
    }
  }
  if (removed.empty()) return Status::OK();
  metadata_.snapshots = std::move(retained);
  changes_.push_back(RemoveSnapshotsUpdate{removed});
  for (int64_t id : removed) {
    FLOE_RETURN_IF_ERROR(RemoveStatistics(id));
    FLOE_RETURN_IF_ERROR(RemovePartitionStatistics(id));
  }
  // Refs left pointing at removed snapshots go too.
  std::vector<std::string> dangling;
  for (const auto& [name, ref] : metadata_.refs) {
    if (!snapshots_by_id_.contains(ref.snapshot_id)) dangling.push_back(name);
  }
  for (const std::string& name : dangling) FLOE_RETURN_IF_ERROR(RemoveSnapshotRef(name));
  return Status::OK();
}

Status MetadataBuilder::RemoveSnapshotRef(std::string_view name) {
  if (name == SnapshotRef::kMainBranch) metadata_.current_snapshot_id.reset();
  if (metadata_.refs.erase(std::string(name)) > 0) changes_.push_back(RemoveSnapshotRefUpdate{std::string(name)});
  return Status::OK();
}

Status MetadataBuilder::SetLocation(std::string_view location) {
  if (location == metadata_.location) return Status::OK();
  metadata_.location = std::string(location);
  changes_.push_back(SetLocationUpdate{std::string(location)});
  return Status::OK();
}

Status MetadataBuilder::SetProperties(const std::map<std::string, std::string>& updates) {
  if (updates.empty()) return Status::OK();
  for (const auto& [key, value] : updates) metadata_.properties[key] = value;
  changes_.push_back(SetPropertiesUpdate{updates});
  return Status::OK();
}

Status MetadataBuilder::RemoveProperties(const std::vector<std::string>& removals) {
  if (removals.empty()) return Status::OK();
  for (const std::string& key : removals) metadata_.properties.erase(key);
  changes_.push_back(RemovePropertiesUpdate{removals});
  return Status::OK();
}

Status MetadataBuilder::SetStatistics(const StatisticsFile& statistics) {
  auto& files = metadata_.statistics;
  auto it = std::find_if(files.begin(), files.end(),
                         [&](const StatisticsFile& file) { return file.snapshot_id == statistics.snapshot_id; });
  if (it != files.end()) {
    *it = statistics;
  } else {
    files.push_back(statistics);
  }
  changes_.push_back(SetStatisticsUpdate{statistics, std::nullopt});
  return Status::OK();
}

Status MetadataBuilder::RemoveStatistics(int64_t snapshot_id) {
  auto removed = std::erase_if(metadata_.statistics,
                               [&](const StatisticsFile& file) { return file.snapshot_id == snapshot_id; });
  if (removed > 0) changes_.push_back(RemoveStatisticsUpdate{snapshot_id});
  return Status::OK();
}

Status MetadataBuilder::SetPartitionStatistics(const PartitionStatisticsFile& statistics) {
  auto& files = metadata_.partition_statistics;
  auto it = std::find_if(files.begin(), files.end(), [&](const PartitionStatisticsFile& file) {
    return file.snapshot_id == statistics.snapshot_id;
  });
  if (it != files.end()) {
    *it = statistics;
  } else {
    files.push_back(statistics);
  }
  changes_.push_back(SetPartitionStatisticsUpdate{statistics});
  return Status::OK();
}

Status MetadataBuilder::RemovePartitionStatistics(int64_t snapshot_id) {
  auto removed = std::erase_if(metadata_.partition_statistics,
                               [&](const PartitionStatisticsFile& file) { return file.snapshot_id == snapshot_id; });
  if (removed > 0) changes_.push_back(RemovePartitionStatisticsUpdate{snapshot_id});
  return Status::OK();
}

Status MetadataBuilder::RemovePartitionSpecs(const std::vector<int32_t>& spec_ids) {
  std::set<int32_t> to_remove(spec_ids.begin(), spec_ids.end());
  if (to_remove.contains(metadata_.default_spec_id)) return BadRequest("Cannot remove the default partition spec");
  if (to_remove.empty()) return Status::OK();
  std::erase_if(metadata_.partition_specs,
                [&](const PartitionSpecPtr& spec) { return to_remove.contains(spec->spec_id()); });
  changes_.push_back(RemovePartitionSpecsUpdate{std::vector<int32_t>(to_remove.begin(), to_remove.end())});
  return Status::OK();
}

Status MetadataBuilder::RemoveSchemas(const std::vector<int32_t>& schema_ids) {
  std::set<int32_t> to_remove(schema_ids.begin(), schema_ids.end());
  if (to_remove.contains(metadata_.current_schema_id)) return BadRequest("Cannot remove the current schema");
  if (to_remove.empty()) return Status::OK();
  std::erase_if(metadata_.schemas, [&](const SchemaPtr& schema) { return to_remove.contains(schema->schema_id()); });
  changes_.push_back(RemoveSchemasUpdate{std::vector<int32_t>(to_remove.begin(), to_remove.end())});
  return Status::OK();
}

Status MetadataBuilder::AddEncryptionKey(const EncryptedKey& key) {
  for (const EncryptedKey& existing : metadata_.encryption_keys) {
    if (existing.key_id == key.key_id) return Status::OK();
  }
  metadata_.encryption_keys.push_back(key);
  changes_.push_back(AddEncryptionKeyUpdate{key});
  return Status::OK();
}

Status MetadataBuilder::RemoveEncryptionKey(std::string_view key_id) {
  auto removed =
      std::erase_if(metadata_.encryption_keys, [&](const EncryptedKey& key) { return key.key_id == key_id; });
  if (removed > 0) changes_.push_back(RemoveEncryptionKeyUpdate{std::string(key_id)});
  return Status::OK();
}

// --- Build -----------------------------------------------------------------------

// Drops snapshot-log entries of snapshots that were added and made current
// within this commit but then replaced ("intermediate" snapshots), and, when
// snapshots were removed, all history up to the last removed entry (so time
// travel never sees a gap).
Status MetadataBuilder::UpdateSnapshotLog() {
  std::set<int64_t> added;
  std::set<int64_t> intermediate;
  bool removed_snapshots = false;
  for (const TableUpdate& change : changes_) {
    if (const auto* add = change.As<AddSnapshotUpdate>()) {
      added.insert(add->snapshot->snapshot_id);
    } else if (const auto* set = change.As<SetSnapshotRefUpdate>()) {
      if (added.contains(set->ref.snapshot_id) && set->ref_name == SnapshotRef::kMainBranch &&
          set->ref.snapshot_id != metadata_.current_snapshot_id.value_or(-1)) {
        intermediate.insert(set->ref.snapshot_id);
      }
    } else if (change.As<RemoveSnapshotsUpdate>()) {
      removed_snapshots = true;
    }
  }
  if (intermediate.empty() && !removed_snapshots) return Status::OK();

  std::vector<SnapshotLogEntry> log;
  for (const SnapshotLogEntry& entry : metadata_.snapshot_log) {
    if (snapshots_by_id_.contains(entry.snapshot_id)) {
      if (!intermediate.contains(entry.snapshot_id)) log.push_back(entry);
    } else if (removed_snapshots) {
      log.clear();
    }
  }
  if (metadata_.current_snapshot_id && snapshots_by_id_.contains(*metadata_.current_snapshot_id)) {
    if (log.empty() || log.back().snapshot_id != *metadata_.current_snapshot_id) {
      return BadRequest("Cannot set invalid snapshot log: latest entry is not the current snapshot");
    }
  }
  metadata_.snapshot_log = std::move(log);
  return Status::OK();
}

void MetadataBuilder::AddPreviousMetadataFile() {
  if (!has_base_ || base_metadata_location_.empty()) return;
  auto& log = metadata_.metadata_log;
  size_t max_size = static_cast<size_t>(PreviousVersionsMax(metadata_.properties));
  if (log.size() >= max_size) log.erase(log.begin(), log.begin() + static_cast<ptrdiff_t>(log.size() - max_size + 1));
  log.push_back(MetadataLogEntry{base_last_updated_ms_, base_metadata_location_});
}

Result<TableMetadataPtr> MetadataBuilder::Build() {
  if (changes_.empty() && has_base_) {
    if (base_) return base_;
    return std::make_shared<const TableMetadata>(metadata_);
  }
  TableMetadata& m = metadata_;
  m.last_updated_ms = last_updated_ms_.value_or(NowMillis());

  if (m.format_version < kMinFormatVersion || m.format_version > kMaxFormatVersion) {
    return BadRequest("Unsupported format version: v{} (supported: v{})", m.format_version, kMaxFormatVersion);
  }
  if (m.format_version > 1 && m.table_uuid.empty()) return BadRequest("UUID is required in format v{}", m.format_version);
  if (m.format_version == 1 && m.last_sequence_number != 0) {
    return BadRequest("Sequence number must be 0 in v1: {}", m.last_sequence_number);
  }

  SchemaPtr schema = FindSchema(m.current_schema_id);
  if (!schema) return BadRequest("Cannot find current schema with id {} in schemas", m.current_schema_id);
  PartitionSpecPtr spec = FindSpec(m.default_spec_id);
  if (!spec) return BadRequest("Cannot find default partition spec with id {} in partition specs", m.default_spec_id);
  SortOrderPtr order = FindSortOrder(m.default_sort_order_id);
  if (!order) return BadRequest("Cannot find default sort order with id {} in sort orders", m.default_sort_order_id);
  FLOE_RETURN_IF_ERROR(CheckPartitionSpecCompatibility(*spec, *schema));
  FLOE_RETURN_IF_ERROR(CheckSortOrderCompatibility(*order, *schema));

  for (const SnapshotPtr& snapshot : m.snapshots) {
    if (snapshot->sequence_number > m.last_sequence_number) {
      return BadRequest("Invalid snapshot with sequence number {} greater than last sequence number {}",
                        snapshot->sequence_number, m.last_sequence_number);
    }
  }
  for (const auto& [name, ref] : m.refs) {
    if (!snapshots_by_id_.contains(ref.snapshot_id)) {
      return BadRequest("Snapshot for reference {} does not exist in the existing snapshots list", Describe(name, ref));
    }
  }
  auto main = m.refs.find(std::string(SnapshotRef::kMainBranch));
  if (m.current_snapshot_id) {
    if (main != m.refs.end() && main->second.snapshot_id != *m.current_snapshot_id) {
      return BadRequest("Current snapshot ID does not match main branch ({} != {})", *m.current_snapshot_id,
                        main->second.snapshot_id);
    }
    if (!snapshots_by_id_.contains(*m.current_snapshot_id)) {
      return BadRequest("Invalid table metadata: Cannot find current version");
    }
  } else if (main != m.refs.end()) {
    return BadRequest("Current snapshot is not set, but main branch exists: {}", Describe(main->first, main->second));
  }

  AddPreviousMetadataFile();
  FLOE_RETURN_IF_ERROR(UpdateSnapshotLog());

  // Logs must be ordered, and this update must not predate them (one minute of clock skew is tolerated).
  for (size_t i = 1; i < m.snapshot_log.size(); ++i) {
    if (m.snapshot_log[i].timestamp_ms - m.snapshot_log[i - 1].timestamp_ms < -kOneMinuteMs) {
      return BadRequest("[BUG] Expected sorted snapshot log entries.");
    }
  }
  if (!m.snapshot_log.empty() && m.last_updated_ms - m.snapshot_log.back().timestamp_ms < -kOneMinuteMs) {
    return BadRequest("Invalid update timestamp {}: before last snapshot log entry at {}", m.last_updated_ms,
                      m.snapshot_log.back().timestamp_ms);
  }
  for (size_t i = 1; i < m.metadata_log.size(); ++i) {
    if (m.metadata_log[i].timestamp_ms - m.metadata_log[i - 1].timestamp_ms < -kOneMinuteMs) {
      return BadRequest("[BUG] Expected sorted previous metadata log entries.");
    }
  }
  if (!m.metadata_log.empty() && m.last_updated_ms - m.metadata_log.back().timestamp_ms < -kOneMinuteMs) {
    return BadRequest("Invalid update timestamp {}: before the latest metadata log entry timestamp {}",
                      m.last_updated_ms, m.metadata_log.back().timestamp_ms);
  }

  while (m.location.size() > 1 && m.location.back() == '/') m.location.pop_back();
  if (m.format_version >= 3 && !m.next_row_id) m.next_row_id = 0;
  m.IndexSnapshots();
  return std::make_shared<const TableMetadata>(m);
}

}  // namespace floe::iceberg
