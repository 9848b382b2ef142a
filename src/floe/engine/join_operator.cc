// Hash join.
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

// --- Hash join ---

// The build side (children[1]) is buffered and its keys inserted into a
// GroupTable; build rows of one key form a chain (in input order) from the
// key's group. Probing hashes a probe batch's keys column at a time, walks
// the chains, and emits at most one batch of pairs per Next, gathered
// column by column. NULL keys never match. The join filter (non-equi
// conditions) decides among key matches. LEFT / FULL add the probe rows
// without a match after each probe batch's pairs; RIGHT / FULL add the
// build rows never matched at the end. A CROSS join has no keys: every
// build row is in the one chain.
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
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      if (!left_) {
        if (probe_done_) return EmitUnmatchedBuildRows(batch);
        FLOE_RETURN_IF_ERROR(NextProbeBatch());
        continue;
      }
      FLOE_ASSIGN_OR_RETURN(bool produced, ProbeChunk(batch));
      if (produced) return true;
    }
  }

 private:
  static constexpr uint32_t kEnd = UINT32_MAX;

  Status Build() {
    built_ = true;
    std::vector<SqlType> key_types;
    for (const auto& expression : plan_->right_keys) key_types.push_back(expression->type);
    FLOE_ASSIGN_OR_RETURN(table_, GroupTable::Make(std::move(key_types)));
    Batch input;
    std::vector<uint32_t> groups;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, build_->Next(&input));
      if (!more) break;
      FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, plan_->children[1]->outputs));
      if (compact.num_rows == 0) continue;
      std::vector<uint32_t> rows = LiveRows(compact);
      std::vector<VectorPtr> keys;
      std::vector<const Vector*> key_pointers;
      for (const auto& expression : plan_->right_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, compact, rows, context_.evaluation));
        key_pointers.push_back(vector.get());
        keys.push_back(std::move(vector));
      }
      table_->FindOrInsert(key_pointers, rows, false, &groups);
      heads_.resize(table_->size(), kEnd);
      tails_.resize(table_->size(), kEnd);
      uint32_t batch_index = static_cast<uint32_t>(build_batches_.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        uint32_t build_row = static_cast<uint32_t>(build_sources_.size());
        build_sources_.push_back(batch_index);
        build_rows_.push_back(rows[i]);
        next_.push_back(kEnd);
        uint32_t group = groups[i];
        if (group == GroupTable::kNoGroup) continue;  // NULL keys never match
        if (heads_[group] == kEnd) {
          heads_[group] = build_row;
        } else {
          next_[tails_[group]] = build_row;
        }
        tails_[group] = build_row;
      }
      int64_t bytes = BatchBytes(compact) + compact.num_rows * 12;
      int64_t table_bytes = table_->memory_bytes() + static_cast<int64_t>(heads_.capacity() * 8);
      bytes += table_bytes - table_reserved_;
      table_reserved_ = table_bytes;
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
      reserved_ += bytes;
      build_batches_.push_back(std::move(compact));
    }
    build_matched_.assign(build_sources_.size(), 0);
    for (size_t c = 0; c < plan_->children[1]->outputs.size(); ++c) {
      std::vector<const Vector*> column;
      for (const Batch& stored : build_batches_) column.push_back(stored.columns[c].get());
      build_columns_.push_back(std::move(column));
    }
    return Status::OK();
  }

  Status NextProbeBatch() {
    Batch input;
    FLOE_ASSIGN_OR_RETURN(bool more, probe_->Next(&input));
    if (!more) {
      probe_done_ = true;
      return Status::OK();
    }
    FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, plan_->children[0]->outputs));
    if (compact.num_rows == 0) return Status::OK();
    left_ = std::make_shared<Batch>(std::move(compact));
    std::vector<uint32_t> rows = LiveRows(*left_);
    std::vector<VectorPtr> keys;
    std::vector<const Vector*> key_pointers;
    for (const auto& expression : plan_->left_keys) {
      FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, *left_, rows, context_.evaluation));
      key_pointers.push_back(vector.get());
      keys.push_back(std::move(vector));
    }
    table_->Find(key_pointers, rows, false, &probe_groups_);
    probe_position_ = 0;
    chain_ = kEnd;
    left_matched_.assign(static_cast<size_t>(left_->num_rows), 0);
    return Status::OK();
  }

  // Up to one batch of pairs of the current probe batch (then its unmatched
  // rows for LEFT / FULL); false when it had nothing more to give.
  Result<bool> ProbeChunk(Batch* batch) {
    std::vector<uint32_t> left_rows, build_rows;
    size_t limit = static_cast<size_t>(columnar::kDefaultBatchRows);
    size_t count = probe_groups_.size();
    while (left_rows.size() < limit && probe_position_ < count) {
      if (chain_ == kEnd) {
        uint32_t group = probe_groups_[probe_position_];
        chain_ = group == GroupTable::kNoGroup ? kEnd : heads_[group];
        if (chain_ == kEnd) {
          ++probe_position_;
          continue;
        }
      }
      left_rows.push_back(static_cast<uint32_t>(probe_position_));
      build_rows.push_back(chain_);
      chain_ = next_[chain_];
      if (chain_ == kEnd) ++probe_position_;
    }
    if (!left_rows.empty()) {
      FLOE_ASSIGN_OR_RETURN(*batch, Materialize(left_rows, build_rows));
      if (plan_->join_filter) {
        std::vector<uint32_t> all = LiveRows(*batch);
        FLOE_ASSIGN_OR_RETURN(auto selected, EvaluateFilter(*plan_->join_filter, *batch, all, context_.evaluation));
        if (selected.empty()) return false;
        for (uint32_t i : selected) {
          left_matched_[left_rows[i]] = 1;
          build_matched_[build_rows[i]] = 1;
        }
        if (selected.size() != all.size()) {
          auto selection = std::make_shared<columnar::SelectionVector>();
          selection->rows = std::move(selected);
          batch->selection = std::move(selection);
        }
      } else {
        for (size_t i = 0; i < left_rows.size(); ++i) {
          left_matched_[left_rows[i]] = 1;
          build_matched_[build_rows[i]] = 1;
        }
      }
      return true;
    }
    // The probe batch is done: its unmatched rows for LEFT / FULL.
    std::shared_ptr<Batch> finished = std::move(left_);
    left_.reset();
    if (plan_->join_kind == JoinKind::kLeft || plan_->join_kind == JoinKind::kFull) {
      for (size_t row = 0; row < left_matched_.size(); ++row) {
        if (!left_matched_[row]) left_rows.push_back(static_cast<uint32_t>(row));
      }
      if (!left_rows.empty()) {
        left_ = finished;
        build_rows.assign(left_rows.size(), kEnd);
        auto result = Materialize(left_rows, build_rows);
        left_.reset();
        if (!result.ok()) return result.status();
        *batch = std::move(*result);
        return true;
      }
    }
    return false;
  }

  // RIGHT / FULL: the build rows no probe row matched, a batch at a time.
  Result<bool> EmitUnmatchedBuildRows(Batch* batch) {
    if (plan_->join_kind != JoinKind::kRight && plan_->join_kind != JoinKind::kFull) return false;
    std::vector<uint32_t> left_rows, build_rows;
    while (unmatched_position_ < build_matched_.size() &&
           build_rows.size() < static_cast<size_t>(columnar::kDefaultBatchRows)) {
      if (!build_matched_[unmatched_position_]) build_rows.push_back(static_cast<uint32_t>(unmatched_position_));
      ++unmatched_position_;
    }
    if (build_rows.empty()) return false;
    left_rows.assign(build_rows.size(), kEnd);
    FLOE_ASSIGN_OR_RETURN(*batch, Materialize(left_rows, build_rows));
    return true;
  }

  // Pairs (rows of left_, or kEnd: NULL) x (build rows, or kEnd: NULL) as one batch.
  Result<Batch> Materialize(const std::vector<uint32_t>& left_rows, const std::vector<uint32_t>& build_rows) {
    Batch out;
    size_t count = left_rows.size();
    out.num_rows = static_cast<int64_t>(count);
    const auto& outputs = plan_->outputs;
    std::vector<uint32_t> source(count), rows(count);
    for (size_t i = 0; i < count; ++i) {
      source[i] = left_rows[i] == kEnd ? kNullSource : 0;
      rows[i] = left_rows[i] == kEnd ? 0 : left_rows[i];
    }
    // Columns no operator reads (a scan's unread columns) stay absent.
    for (size_t c = 0; c < left_width_; ++c) {
      if (left_ && !left_->columns[c]) {
        out.columns.push_back(nullptr);
        continue;
      }
      std::vector<const Vector*> column{left_ ? left_->columns[c].get() : nullptr};
      FLOE_ASSIGN_OR_RETURN(auto vector, GatherFromVectors(column, outputs[c].type, source.data(), rows.data(), count));
      out.columns.push_back(std::move(vector));
    }
    for (size_t i = 0; i < count; ++i) {
      uint32_t build_row = build_rows[i];
      source[i] = build_row == kEnd ? kNullSource : build_sources_[build_row];
      rows[i] = build_row == kEnd ? 0 : build_rows_[build_row];
    }
    for (size_t c = left_width_; c < outputs.size(); ++c) {
      const auto& sources = build_columns_[c - left_width_];
      if (!sources.empty() && std::all_of(sources.begin(), sources.end(), [](const Vector* v) { return v == nullptr; })) {
        out.columns.push_back(nullptr);
        continue;
      }
      FLOE_ASSIGN_OR_RETURN(auto vector, GatherFromVectors(build_columns_[c - left_width_], outputs[c].type,
                                                           source.data(), rows.data(), count));
      out.columns.push_back(std::move(vector));
    }
    return out;
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> probe_;
  std::unique_ptr<Operator> build_;
  ExecutionContext& context_;
  size_t left_width_ = 0;
  bool built_ = false;
  bool probe_done_ = false;
  // Build side.
  std::unique_ptr<GroupTable> table_;
  std::vector<Batch> build_batches_;
  std::vector<std::vector<const Vector*>> build_columns_;  // per build column: its vector in each batch
  std::vector<uint32_t> build_sources_, build_rows_;      // per build row: batch and row
  std::vector<uint32_t> heads_, tails_;                   // per group: first and last build row of its chain
  std::vector<uint32_t> next_;                            // per build row: the next of its chain
  std::vector<uint8_t> build_matched_;
  size_t unmatched_position_ = 0;
  // The probe batch being joined.
  std::shared_ptr<Batch> left_;
  std::vector<uint32_t> probe_groups_;
  std::vector<uint8_t> left_matched_;
  size_t probe_position_ = 0;
  uint32_t chain_ = kEnd;
  int64_t reserved_ = 0;
  int64_t table_reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeHashJoinOperator(PlanPtr plan, std::unique_ptr<Operator> probe,
                                               std::unique_ptr<Operator> build, ExecutionContext& context) {
  return std::make_unique<HashJoinOperator>(std::move(plan), std::move(probe), std::move(build), context);
}

}  // namespace floe::engine::detail
