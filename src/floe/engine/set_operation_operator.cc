// UNION ALL, INTERSECT and EXCEPT.
#include "floe/engine/operator_internal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "floe/engine/group_table.h"
#include "floe/engine/optimizer.h"
#include "floe/iceberg/table_scan.h"
#include "floe/parquet/file_reader.h"
#include "floe/sql/error.h"

namespace floe::engine::detail {

namespace codes = sql::error_codes;
using columnar::Batch;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;

namespace {

// --- Set operations ---

// UNION ALL streams both inputs. INTERSECT / EXCEPT [ALL] count the right
// input's rows per distinct row in a GroupTable (NULLs equal, as in SQL set
// operations), then filter the left input's batches by a column-at-a-time
// lookup.

class SetOperationOperator final : public Operator {
 public:
  SetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left, std::unique_ptr<Operator> right,
                       ExecutionContext& context)
      : plan_(std::move(plan)), left_(std::move(left)), right_(std::move(right)), context_(context) {}

  ~SetOperationOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (plan_->set_operation == SetOperationKind::kUnionAll) {
      if (!left_done_) {
        FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(batch));
        if (more) return true;
        left_done_ = true;
      }
      return right_->Next(batch);
    }
    if (!built_) FLOE_RETURN_IF_ERROR(BuildCounts());
    std::vector<uint32_t> groups;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(batch));
      if (!more) return false;
      std::vector<uint32_t> rows = LiveRows(*batch);
      std::vector<const Vector*> columns = Columns(*batch);
      table_->Find(columns, rows, true, &groups);
      std::vector<uint32_t> kept;
      if (plan_->set_operation == SetOperationKind::kExcept && !plan_->set_all) {
        // EXCEPT: distinct left rows absent on the right, each at its first occurrence.
        std::vector<uint32_t> absent;
        for (size_t i = 0; i < rows.size(); ++i) {
          if (groups[i] == GroupTable::kNoGroup) absent.push_back(rows[i]);
        }
        size_t next_new = emitted_->size();
        emitted_->FindOrInsert(columns, absent, true, &groups);
        for (size_t i = 0; i < absent.size(); ++i) {
          if (groups[i] == next_new) {
            ++next_new;
            kept.push_back(absent[i]);
          }
        }
        FLOE_RETURN_IF_ERROR(Account());
      } else {
        for (size_t i = 0; i < rows.size(); ++i) {
          uint32_t group = groups[i];
          bool on_right = group != GroupTable::kNoGroup && counts_[group] > 0;
          if (plan_->set_operation == SetOperationKind::kIntersect) {
            if (!on_right) continue;
            if (plan_->set_all) {
              --counts_[group];
            } else {
              counts_[group] = 0;  // once
            }
            kept.push_back(rows[i]);
          } else {  // EXCEPT ALL: each right row cancels one left row
            if (on_right) {
              --counts_[group];
            } else {
              kept.push_back(rows[i]);
            }
          }
        }
      }
      if (kept.empty()) continue;
      auto selection = std::make_shared<columnar::SelectionVector>();
      selection->rows = std::move(kept);
      batch->selection = std::move(selection);
      return true;
    }
  }

 private:
  std::vector<const Vector*> Columns(const Batch& batch) {
    std::vector<const Vector*> columns;
    for (size_t c = 0; c < plan_->outputs.size(); ++c) columns.push_back(batch.columns[c].get());
    return columns;
  }

  // The right input's rows, counted per distinct row.
  Status BuildCounts() {
    built_ = true;
    std::vector<SqlType> types;
    for (const auto& output : plan_->outputs) types.push_back(output.type);
    FLOE_ASSIGN_OR_RETURN(table_, GroupTable::Make(types));
    FLOE_ASSIGN_OR_RETURN(emitted_, GroupTable::Make(types));
    Batch input;
    std::vector<uint32_t> groups;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, right_->Next(&input));
      if (!more) break;
      std::vector<uint32_t> rows = LiveRows(input);
      table_->FindOrInsert(Columns(input), rows, true, &groups);
      counts_.resize(table_->size(), 0);
      for (uint32_t group : groups) ++counts_[group];
      FLOE_RETURN_IF_ERROR(Account());
    }
    return Status::OK();
  }

  // Reserves the growth of the tables since the last call.
  Status Account() {
    int64_t bytes = table_->memory_bytes() + emitted_->memory_bytes() + static_cast<int64_t>(counts_.capacity() * 8);
    if (bytes > reserved_) {
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes - reserved_));
      reserved_ = bytes;
    }
    return Status::OK();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> left_;
  std::unique_ptr<Operator> right_;
  ExecutionContext& context_;
  bool left_done_ = false;
  bool built_ = false;
  std::unique_ptr<GroupTable> table_;    // the right input's distinct rows
  std::vector<int64_t> counts_;          // per right row: how many times it is (still) there
  std::unique_ptr<GroupTable> emitted_;  // EXCEPT: left rows already returned
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right, ExecutionContext& context) {
  return std::make_unique<SetOperationOperator>(std::move(plan), std::move(left), std::move(right), context);
}

}  // namespace floe::engine::detail
