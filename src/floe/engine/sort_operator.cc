// Sort and top-N.
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

// --- Sort ---

class SortOperator final : public Operator {
 public:
  // `top_n` > 0: only the first top_n rows in order are needed (ORDER BY ... LIMIT).
  SortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context, int64_t top_n = 0)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context), top_n_(top_n) {}

  ~SortOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!sorted_) FLOE_RETURN_IF_ERROR(SortAll());
    if (emitted_ >= order_.size()) return false;
    size_t end = std::min(order_.size(), emitted_ + static_cast<size_t>(columnar::kDefaultBatchRows));
    int64_t rows = static_cast<int64_t>(end - emitted_);
    *batch = Batch();
    batch->num_rows = rows;
    for (size_t c = 0; c < plan_->outputs.size(); ++c) {
      const SqlType& type = plan_->outputs[c].type;
      VectorBuilder builder(type, rows);
      for (size_t i = emitted_; i < end; ++i) {
        const RowReference& ref = order_[i];
        const VectorPtr& column = batches_[ref.batch].columns[c];
        if (!column) continue;
        builder.SetValue(static_cast<int64_t>(i - emitted_), ReadValue(*column, ref.row, type));
      }
      batch->columns.push_back(builder.Finish());
    }
    emitted_ = end;
    return true;
  }

 private:
  struct RowReference {
    uint32_t batch;
    uint32_t row;
  };

  Status SortAll() {
    sorted_ = true;
    Batch input;
    size_t key_count = plan_->sort_keys.size();
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
      if (!more) break;
      std::vector<uint32_t> rows = LiveRows(input);
      if (rows.empty()) continue;
      std::vector<VectorPtr> key_vectors;
      for (const auto& key : plan_->sort_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*key.expression, input, rows, context_.evaluation));
        key_vectors.push_back(std::move(vector));
      }
      int64_t bytes = BatchBytes(input) + static_cast<int64_t>(rows.size()) * static_cast<int64_t>(16 + 40 * key_count);
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
      reserved_ += bytes;
      uint32_t batch_index = static_cast<uint32_t>(batches_.size());
      for (uint32_t row : rows) {
        order_.push_back(RowReference{batch_index, row});
        for (size_t k = 0; k < key_count; ++k) keys_.push_back(ReadValue(*key_vectors[k], row, plan_->sort_keys[k].expression->type));
      }
      batches_.push_back(input);
      // Top-N: keep only the rows that can still be among the first top_n.
      if (top_n_ > 0 && order_.size() > static_cast<size_t>(4 * top_n_ + columnar::kDefaultBatchRows)) Order(true);
    }
    Order(false);
    return Status::OK();
  }

  // Sorts the buffered rows (stable: ties keep input order); `trim` keeps the first top_n.
  void Order(bool trim) {
    size_t key_count = plan_->sort_keys.size();
    std::vector<size_t> positions(order_.size());
    for (size_t i = 0; i < positions.size(); ++i) positions[i] = i;
    std::stable_sort(positions.begin(), positions.end(), [&](size_t a, size_t b) {
      for (size_t k = 0; k < key_count; ++k) {
        const Value& x = keys_[a * key_count + k];
        const Value& y = keys_[b * key_count + k];
        const SortKey& key = plan_->sort_keys[k];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() && y.is_null()) continue;
          return x.is_null() == key.nulls_first;
        }
        auto c = CompareValues(x, y);
        if (c == 0) continue;
        return key.descending ? c > 0 : c < 0;
      }
      return false;
    });
    size_t keep = positions.size();
    if (top_n_ > 0) keep = std::min(keep, static_cast<size_t>(top_n_));
    std::vector<RowReference> ordered(keep);
    std::vector<Value> kept_keys;
    if (trim) kept_keys.reserve(keep * key_count);
    for (size_t i = 0; i < keep; ++i) {
      ordered[i] = order_[positions[i]];
      if (trim) {
        for (size_t k = 0; k < key_count; ++k) kept_keys.push_back(std::move(keys_[positions[i] * key_count + k]));
      }
    }
    order_ = std::move(ordered);
    keys_ = std::move(kept_keys);
    if (!trim) keys_.shrink_to_fit();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  int64_t top_n_ = 0;
  bool sorted_ = false;
  std::vector<Batch> batches_;
  std::vector<RowReference> order_;
  std::vector<Value> keys_;
  size_t emitted_ = 0;
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context,
                                           int64_t top_n) {
  return std::make_unique<SortOperator>(std::move(plan), std::move(input), context, top_n);
}

}  // namespace floe::engine::detail
