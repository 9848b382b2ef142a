// Hash join.
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

// --- Hash join ---

class HashJoinOperator final : public Operator {
 public:
  HashJoinOperator(PlanPtr plan, std::unique_ptr<Operator> probe, std::unique_ptr<Operator> build,
                   ExecutionContext& context)
      : plan_(std::move(plan)), probe_(std::move(probe)), build_(std::move(build)), context_(context) {
    left_width_ = plan_->children[0]->outputs.size();
  }

  ~HashJoinOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!built_) FLOE_RETURN_IF_ERROR(Build());
    while (pending_.empty()) {
      if (probe_done_) {
        if (!unmatched_emitted_ && (plan_->join_kind == JoinKind::kRight || plan_->join_kind == JoinKind::kFull)) {
          unmatched_emitted_ = true;
          for (uint32_t b = 0; b < build_batches_.size(); ++b) {
            for (int64_t r = 0; r < build_batches_[b].num_rows; ++r) {
              if (!build_matched_[b][r]) pending_.push_back(Pair{nullptr, 0, b, static_cast<uint32_t>(r)});
            }
          }
          continue;
        }
        return false;
      }
      FLOE_RETURN_IF_ERROR(Probe());
    }
    return Emit(batch);
  }

 private:
  struct Pair {
    std::shared_ptr<Batch> left;  // null: the left side is NULL
    uint32_t left_row;
    uint32_t right_batch;  // UINT32_MAX: the right side is NULL
    uint32_t right_row;
  };

  Status KeyOf(const std::vector<std::shared_ptr<Vector>>& keys, const std::vector<BoundExpressionPtr>& expressions,
               uint32_t row, std::string* key, bool* has_null) {
    key->clear();
    *has_null = false;
    for (size_t k = 0; k < keys.size(); ++k) {
      Value value = ReadValue(*keys[k], row, expressions[k]->type);
      if (value.is_null()) {
        *has_null = true;
        return Status::OK();
      }
      AppendValueKey(key, value);
    }
    return Status::OK();
  }

  Status Build() {
    built_ = true;
    Batch input;
    std::string key;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, build_->Next(&input));
      if (!more) break;
      FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, plan_->children[1]->outputs));
      if (compact.num_rows == 0) continue;
      int64_t bytes = BatchBytes(compact) + compact.num_rows * 48;
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
      reserved_ += bytes;
      std::vector<uint32_t> rows = LiveRows(compact);
      std::vector<std::shared_ptr<Vector>> keys;
      for (const auto& expression : plan_->right_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, compact, rows, context_.evaluation));
        keys.push_back(std::move(vector));
      }
      uint32_t batch_index = static_cast<uint32_t>(build_batches_.size());
      for (uint32_t row : rows) {
        bool has_null = false;
        FLOE_RETURN_IF_ERROR(KeyOf(keys, plan_->right_keys, row, &key, &has_null));
        if (has_null) continue;  // NULL keys never match
        table_[key].push_back({batch_index, row});
      }
      build_matched_.emplace_back(static_cast<size_t>(compact.num_rows), false);
      build_batches_.push_back(std::move(compact));
    }
    return Status::OK();
  }

  Status Probe() {
    Batch input;
    FLOE_ASSIGN_OR_RETURN(bool more, probe_->Next(&input));
    if (!more) {
      probe_done_ = true;
      return Status::OK();
    }
    FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, plan_->children[0]->outputs));
    auto left = std::make_shared<Batch>(std::move(compact));
    std::vector<uint32_t> rows = LiveRows(*left);
    std::vector<std::shared_ptr<Vector>> keys;
    for (const auto& expression : plan_->left_keys) {
      FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, *left, rows, context_.evaluation));
      keys.push_back(std::move(vector));
    }
    std::vector<Pair> candidates;
    std::string key;
    for (uint32_t row : rows) {
      bool has_null = false;
      FLOE_RETURN_IF_ERROR(KeyOf(keys, plan_->left_keys, row, &key, &has_null));
      if (has_null) continue;
      auto it = table_.find(key);
      if (it == table_.end()) continue;
      for (const auto& [b, r] : it->second) candidates.push_back(Pair{left, row, b, r});
    }
    std::vector<bool> left_matched(static_cast<size_t>(left->num_rows), false);
    if (plan_->join_filter && !candidates.empty()) {
      // The filter decides among the key matches, on the combined rows.
      std::vector<Pair> kept;
      for (size_t start = 0; start < candidates.size(); start += columnar::kDefaultBatchRows) {
        size_t end = std::min(candidates.size(), start + static_cast<size_t>(columnar::kDefaultBatchRows));
        std::vector<Pair> chunk(candidates.begin() + static_cast<std::ptrdiff_t>(start), candidates.begin() + static_cast<std::ptrdiff_t>(end));
        Batch combined = Materialize(chunk);
        std::vector<uint32_t> all = LiveRows(combined);
        FLOE_ASSIGN_OR_RETURN(auto selected, EvaluateFilter(*plan_->join_filter, combined, all, context_.evaluation));
        for (uint32_t i : selected) kept.push_back(chunk[i]);
      }
      candidates = std::move(kept);
    }
    for (const Pair& pair : candidates) {
      left_matched[pair.left_row] = true;
      build_matched_[pair.right_batch][pair.right_row] = true;
      pending_.push_back(pair);
    }
    if (plan_->join_kind == JoinKind::kLeft || plan_->join_kind == JoinKind::kFull) {
      for (uint32_t row : rows) {
        if (!left_matched[row]) pending_.push_back(Pair{left, row, UINT32_MAX, 0});
      }
    }
    return Status::OK();
  }

  Batch Materialize(const std::vector<Pair>& pairs) {
    Batch out;
    out.num_rows = static_cast<int64_t>(pairs.size());
    const auto& outputs = plan_->outputs;
    for (size_t c = 0; c < outputs.size(); ++c) {
      VectorBuilder builder(outputs[c].type, out.num_rows);
      bool from_left = c < left_width_;
      for (size_t i = 0; i < pairs.size(); ++i) {
        const Pair& pair = pairs[i];
        const Vector* column = nullptr;
        uint32_t row = 0;
        if (from_left && pair.left) {
          column = pair.left->columns[c].get();
          row = pair.left_row;
        } else if (!from_left && pair.right_batch != UINT32_MAX) {
          column = build_batches_[pair.right_batch].columns[c - left_width_].get();
          row = pair.right_row;
        }
        if (column) builder.SetValue(static_cast<int64_t>(i), ReadValue(*column, row, outputs[c].type));
      }
      out.columns.push_back(builder.Finish());
    }
    return out;
  }

  Result<bool> Emit(Batch* batch) {
    size_t count = std::min(pending_.size(), static_cast<size_t>(columnar::kDefaultBatchRows));
    std::vector<Pair> chunk(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
    *batch = Materialize(chunk);
    return true;
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> probe_;
  std::unique_ptr<Operator> build_;
  ExecutionContext& context_;
  size_t left_width_ = 0;
  bool built_ = false;
  bool probe_done_ = false;
  bool unmatched_emitted_ = false;
  std::vector<Batch> build_batches_;
  std::vector<std::vector<bool>> build_matched_;
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> table_;
  std::deque<Pair> pending_;
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeHashJoinOperator(PlanPtr plan, std::unique_ptr<Operator> probe,
                                               std::unique_ptr<Operator> build, ExecutionContext& context) {
  return std::make_unique<HashJoinOperator>(std::move(plan), std::move(probe), std::move(build), context);
}

}  // namespace floe::engine::detail
