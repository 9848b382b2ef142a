// UNION ALL, INTERSECT and EXCEPT.
#include "floe/engine/operator_internal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

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
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(batch));
      if (!more) return false;
      std::vector<uint32_t> rows = LiveRows(*batch);
      std::vector<uint32_t> kept;
      std::string key;
      for (uint32_t row : rows) {
        KeyOf(*batch, row, &key);
        auto it = counts_.find(key);
        bool on_right = it != counts_.end() && it->second > 0;
        bool keep;
        if (plan_->set_operation == SetOperationKind::kIntersect) {
          keep = on_right;
          if (keep) {
            if (plan_->set_all) {
              --it->second;
            } else {
              it->second = 0;  // once
            }
          }
        } else if (plan_->set_all) {  // EXCEPT ALL: each right row cancels one left row
          keep = !on_right;
          if (on_right) --it->second;
        } else {  // EXCEPT: distinct left rows absent on the right
          keep = it == counts_.end() && emitted_.insert(key).second;
        }
        if (keep) kept.push_back(row);
      }
      if (kept.empty()) continue;
      auto selection = std::make_shared<columnar::SelectionVector>();
      selection->rows = std::move(kept);
      batch->selection = std::move(selection);
      return true;
    }
  }

 private:
  void KeyOf(const Batch& batch, uint32_t row, std::string* key) {
    key->clear();
    for (size_t c = 0; c < plan_->outputs.size(); ++c) AppendValueKey(key, ReadValue(*batch.columns[c], row, plan_->outputs[c].type));
  }

  Status BuildCounts() {
    built_ = true;
    Batch input;
    std::string key;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, right_->Next(&input));
      if (!more) break;
      for (uint32_t row : LiveRows(input)) {
        KeyOf(input, row, &key);
        auto [it, inserted] = counts_.try_emplace(key, 0);
        if (inserted) {
          int64_t bytes = static_cast<int64_t>(key.size()) + 64;
          if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
          reserved_ += bytes;
        }
        ++it->second;
      }
    }
    return Status::OK();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> left_;
  std::unique_ptr<Operator> right_;
  ExecutionContext& context_;
  bool left_done_ = false;
  bool built_ = false;
  std::unordered_map<std::string, int64_t> counts_;
  std::unordered_set<std::string> emitted_;
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right, ExecutionContext& context) {
  return std::make_unique<SetOperationOperator>(std::move(plan), std::move(left), std::move(right), context);
}

}  // namespace floe::engine::detail
