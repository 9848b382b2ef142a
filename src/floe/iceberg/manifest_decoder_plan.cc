// Compiling record plans (manifest_decoder_plan.h).
#include "floe/iceberg/manifest_decoder_plan.h"

#include <algorithm>

#include <fmt/format.h>

namespace floe::iceberg::internal {

using avro::Node;

std::string FieldLabel(const avro::Field& field) {
  return field.field_id ? fmt::format("{} (field id {})", field.name, *field.field_id) : field.name;
}

// Fills the union/value description of `step` from the writer type.
Status DescribeType(const avro::Field& field, Step* step) {
  const Node* type = field.type;
  step->writer = type;
  if (type->type == avro::Type::kUnion) {
    step->branch_count = static_cast<uint8_t>(std::min<size_t>(type->branches.size(), 255));
    step->null_branch = static_cast<int8_t>(type->NullBranch());
    const Node* value = nullptr;
    for (size_t i = 0; i < type->branches.size(); ++i) {
      if (type->branches[i]->type == avro::Type::kNull) continue;
      if (value != nullptr) {
        return NotImplemented("manifest field {}: unions of several non-null types are not supported", FieldLabel(field));
      }
      value = type->branches[i];
      step->value_branch = static_cast<uint8_t>(i);
    }
    step->has_value = value != nullptr;
    type = value;
  }
  step->value = type;
  if (type != nullptr) {
    step->wire = type->type;
    step->fixed_size = type->fixed_size;
  }
  return Status::OK();
}

bool WireFits(Kind kind, const Step& step) {
  if (!step.has_value) return true;  // always null
  const avro::Type wire = step.wire;
  switch (kind) {
    case Kind::kInt:
    case Kind::kLong: return wire == avro::Type::kInt || wire == avro::Type::kLong;
    case Kind::kBoolean: return wire == avro::Type::kBoolean;
    case Kind::kText: return wire == avro::Type::kString || wire == avro::Type::kBytes || wire == avro::Type::kFixed;
    case Kind::kRecord:
    case Kind::kPartition: return wire == avro::Type::kRecord;
    case Kind::kIntLongMap:
    case Kind::kIntBytesMap:
    case Kind::kSummaryList: {
      if (wire != avro::Type::kArray) return false;
      const Node* items = step.value->items;
      if (items->type == avro::Type::kUnion) {
        for (const Node* branch : items->branches) {
          if (branch->type != avro::Type::kNull) items = branch;
        }
      }
      return items->type == avro::Type::kRecord;
    }
    case Kind::kLongList:
    case Kind::kIntList: return wire == avro::Type::kArray;
  }
  return false;
}

const KnownField* FindKnown(std::span<const KnownField> known, const avro::Field& field) {
  for (const KnownField& k : known) {
    if (field.field_id ? *field.field_id == k.id : (field.name == k.name || (!k.other_name.empty() && field.name == k.other_name))) {
      return &k;
    }
  }
  return nullptr;
}

namespace {

// Shared compiler for both plans.
class PlanCompiler {
 public:
  explicit PlanCompiler(std::vector<RecordPlan>* nested) : nested_(nested) {}

  Status CompileRecord(const Node& record, std::span<const KnownField> known, std::string_view what,
                       const std::vector<Slot>& dropped, RecordPlan* plan) {
    std::vector<Slot> seen;
    for (const avro::Field& field : record.fields) {
      Step step;
      FLOE_RETURN_IF_ERROR(DescribeTypeOrSkip(field, &step));
      const KnownField* k = FindKnown(known, field);
      if (k != nullptr && step.writer != nullptr && std::find(dropped.begin(), dropped.end(), k->slot) == dropped.end()) {
        if (!step_ok_) return last_error_;
        if (!WireFits(k->kind, step)) {
          return InvalidData("{} field {} has Avro type {}, which cannot hold the spec's type", what, FieldLabel(field),
                             avro::TypeName(step.value->type));
        }
        step.slot = k->slot;
        step.kind = k->kind;
        FLOE_RETURN_IF_ERROR(CompileNested(field, &step));
        seen.push_back(k->slot);
      } else {
        step.slot = Slot::kSkip;
      }
      plan->steps.push_back(step);
    }
    for (const KnownField& k : known) {
      if (std::find(seen.begin(), seen.end(), k.slot) != seen.end()) continue;
      if (k.required && std::find(dropped.begin(), dropped.end(), k.slot) == dropped.end()) {
        return InvalidData("{} has no field {} (field id {})", what, k.name, k.id);
      }
      plan->absent.push_back(k.slot);
    }
    return Status::OK();
  }

 private:
  Status DescribeTypeOrSkip(const avro::Field& field, Step* step) {
    step_ok_ = true;
    Status status = DescribeType(field, step);
    if (!status.ok()) {
      // Tolerated for fields that are skipped; reported if the field is used.
      step_ok_ = false;
      last_error_ = status;
      step->writer = field.type;
    }
    return Status::OK();
  }

  // Map key/value records and list items get nested plans.
  Status CompileNested(const avro::Field& field, Step* step) {
    if (!step->has_value) return Status::OK();
    switch (step->kind) {
      case Kind::kIntLongMap:
      case Kind::kIntBytesMap: {
        RecordPlan plan;
        avro::Field item_field;
        item_field.name = field.name + ".item";
        item_field.type = step->value->items;
        FLOE_RETURN_IF_ERROR(DescribeType(item_field, &plan.item));
        if (!plan.item.has_value || plan.item.wire != avro::Type::kRecord) {
          return InvalidData("map {} does not hold key/value records", FieldLabel(field));
        }
        const Node& kv = *plan.item.value;
        for (size_t i = 0; i < kv.fields.size(); ++i) {
          const avro::Field& f = kv.fields[i];
          Step s;
          FLOE_RETURN_IF_ERROR(DescribeType(f, &s));
          bool is_key = f.name == "key" || (kv.FindField("key") == nullptr && i == 0);
          bool is_value = f.name == "value" || (kv.FindField("value") == nullptr && i == 1);
          if (is_key) {
            s.slot = Slot::kMapKey;
            if (!WireFits(Kind::kInt, s)) return InvalidData("map {} has a non-integer key", FieldLabel(field));
          } else if (is_value) {
            s.slot = Slot::kMapValue;
            Kind value_kind = step->kind == Kind::kIntLongMap ? Kind::kLong : Kind::kText;
            if (!WireFits(value_kind, s)) return InvalidData("map {} has values of the wrong type", FieldLabel(field));
          }
          plan.steps.push_back(s);
        }
        const avro::Type value_wire = step->kind == Kind::kIntLongMap ? avro::Type::kLong : avro::Type::kBytes;
        plan.simple_key_value = plan.item.branch_count == 0 && plan.steps.size() == 2 &&
                                plan.steps[0].slot == Slot::kMapKey && plan.steps[0].branch_count == 0 &&
                                plan.steps[0].wire == avro::Type::kInt && plan.steps[1].slot == Slot::kMapValue &&
                                plan.steps[1].branch_count == 0 && plan.steps[1].wire == value_wire;
        step->sub = static_cast<int32_t>(nested_->size());
        nested_->push_back(std::move(plan));
        return Status::OK();
      }
      case Kind::kLongList:
      case Kind::kIntList: {
        avro::Field item_field;
        item_field.name = field.name + ".element";
        item_field.type = step->value->items;
        Step s;
        FLOE_RETURN_IF_ERROR(DescribeType(item_field, &s));
        s.slot = Slot::kItem;
        if (!WireFits(Kind::kLong, s)) return InvalidData("list {} has items of the wrong type", FieldLabel(field));
        RecordPlan plan;
        plan.steps.push_back(s);
        step->sub = static_cast<int32_t>(nested_->size());
        nested_->push_back(std::move(plan));
        return Status::OK();
      }
      default: return Status::OK();
    }
  }

  std::vector<RecordPlan>* nested_;
  bool step_ok_ = true;
  Status last_error_;
};

}  // namespace

Status CompileRecordPlan(const avro::Node& record, std::span<const KnownField> known, std::string_view what,
                         const std::vector<Slot>& dropped, std::vector<RecordPlan>* nested, RecordPlan* plan) {
  PlanCompiler compiler(nested);
  return compiler.CompileRecord(record, known, what, dropped, plan);
}

}  // namespace floe::iceberg::internal
