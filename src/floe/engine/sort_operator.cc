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
using columnar::TypeId;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;

namespace {

// --- Sort ---

// NaN orders after every other double, as CompareValues does.
inline int CompareDoubles(double a, double b) {
  bool a_nan = std::isnan(a), b_nan = std::isnan(b);
  if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}

// One sort key over the buffered rows, typed: integers of every width,
// dates, times, timestamps and booleans as int64; real and double as double;
// decimals as int128; strings and binaries as views of the buffered vectors;
// arrays and rows as Values (CompareValues' element by element order).
class SortKeyColumn {
 public:
  SortKeyColumn(const SortKey& key)
      : type_(key.expression->type), descending_(key.descending), nulls_first_(key.nulls_first) {
    columnar::DataType physical = ColumnarTypeOf(key.expression->type);
    switch (physical.id) {
      case TypeId::kFloat:
      case TypeId::kDouble: kind_ = Kind::kDouble; break;
      case TypeId::kDecimal: kind_ = Kind::kDecimal; break;
      case TypeId::kString:
      case TypeId::kBinary:
      case TypeId::kFixedBinary: kind_ = Kind::kBytes; break;
      case TypeId::kList:
      case TypeId::kMap:
      case TypeId::kStruct: kind_ = type_.is_orderable() ? Kind::kValues : Kind::kUnsupported; break;
      default: kind_ = Kind::kInteger; break;
    }
  }

  bool supported() const { return kind_ != Kind::kUnsupported; }
  void Clear() {
    integers_.clear();
    doubles_.clear();
    decimals_.clear();
    bytes_.clear();
    values_.clear();
    nulls_.clear();
  }

  // Keeps the first `rows` rows.
  void Truncate(size_t rows) {
    nulls_.resize(rows);
    if (!integers_.empty()) integers_.resize(rows);
    if (!doubles_.empty()) doubles_.resize(rows);
    if (!decimals_.empty()) decimals_.resize(rows);
    if (!bytes_.empty()) bytes_.resize(rows);
    if (!values_.empty()) values_.resize(rows);
  }

  // Appends rows 0..length-1 of a compact key vector (kept alive by the caller).
  void Append(const Vector& vector) {
    int64_t n = vector.length;
    size_t base = nulls_.size();
    nulls_.resize(base + static_cast<size_t>(n), 0);
    if (vector.has_nulls()) {
      for (int64_t row = 0; row < n; ++row) nulls_[base + static_cast<size_t>(row)] = vector.IsNull(row) ? 1 : 0;
    }
    switch (kind_) {
      case Kind::kInteger:
        switch (vector.type.id) {
          case TypeId::kBool:
          case TypeId::kInt8: Widen(vector.Values<int8_t>(), n); break;
          case TypeId::kInt16: Widen(vector.Values<int16_t>(), n); break;
          case TypeId::kInt32:
          case TypeId::kDate: Widen(vector.Values<int32_t>(), n); break;
          default: Widen(vector.Values<int64_t>(), n); break;
        }
        break;
      case Kind::kDouble:
        if (vector.type.id == TypeId::kFloat) {
          const float* values = vector.Values<float>();
          doubles_.insert(doubles_.end(), values, values + n);
        } else {
          const double* values = vector.Values<double>();
          doubles_.insert(doubles_.end(), values, values + n);
        }
        break;
      case Kind::kDecimal: {
        const Int128* values = vector.Values<Int128>();
        decimals_.insert(decimals_.end(), values, values + n);
        break;
      }
      case Kind::kBytes:
        for (int64_t row = 0; row < n; ++row) {
          bytes_.push_back(vector.IsNull(row) ? std::string_view() : vector.BytesAt(row));
        }
        break;
      case Kind::kValues:
        for (int64_t row = 0; row < n; ++row) values_.push_back(ReadValue(vector, row, type_));
        break;
      case Kind::kUnsupported: break;
    }
  }

  // < 0 when row a sorts before row b (direction and NULL placement applied).
  int Compare(size_t a, size_t b) const {
    bool a_null = nulls_[a] != 0, b_null = nulls_[b] != 0;
    if (a_null || b_null) {
      if (a_null && b_null) return 0;
      return a_null == nulls_first_ ? -1 : 1;
    }
    int c = 0;
    switch (kind_) {
      case Kind::kInteger: c = integers_[a] < integers_[b] ? -1 : (integers_[a] > integers_[b] ? 1 : 0); break;
      case Kind::kDouble: c = CompareDoubles(doubles_[a], doubles_[b]); break;
      case Kind::kDecimal: c = decimals_[a] < decimals_[b] ? -1 : (decimals_[a] > decimals_[b] ? 1 : 0); break;
      case Kind::kBytes: {
        int r = bytes_[a].compare(bytes_[b]);
        c = r < 0 ? -1 : (r > 0 ? 1 : 0);
        break;
      }
      case Kind::kValues: {
        std::strong_ordering order = CompareValues(values_[a], values_[b]);
        c = order < 0 ? -1 : (order > 0 ? 1 : 0);
        break;
      }
      case Kind::kUnsupported: break;
    }
    return descending_ ? -c : c;
  }

 private:
  enum class Kind { kInteger, kDouble, kDecimal, kBytes, kValues, kUnsupported };
  template <typename T>
  void Widen(const T* values, int64_t n) {
    size_t base = integers_.size();
    integers_.resize(base + static_cast<size_t>(n));
    int64_t* out = integers_.data() + base;
    for (int64_t row = 0; row < n; ++row) out[row] = static_cast<int64_t>(values[row]);
  }

  Kind kind_ = Kind::kInteger;
  SqlType type_;
  bool descending_;
  bool nulls_first_;
  std::vector<int64_t> integers_;
  std::vector<double> doubles_;
  std::vector<Int128> decimals_;
  std::vector<std::string_view> bytes_;
  std::vector<Value> values_;
  std::vector<uint8_t> nulls_;
};

// Buffers its input (live rows only, with the evaluated sort keys as extra
// columns), orders row indexes with typed key comparisons (ties keep input
// order), and gathers the output batch by batch. Top-N keeps only rows that
// can still be among the first top_n: it trims the buffer to top_n rows
// when it grows past 4 x top_n, and then drops incoming rows that do not
// sort before the last row kept.
class SortOperator final : public Operator {
 public:
  // `top_n` > 0: only the first top_n rows in order are needed (ORDER BY ... LIMIT).
  SortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context, int64_t top_n = 0)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context), top_n_(top_n) {
    for (const SortKey& key : plan_->sort_keys) keys_.emplace_back(key);
  }

  ~SortOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!sorted_) FLOE_RETURN_IF_ERROR(SortAll());
    if (emitted_ >= order_.size()) return false;
    size_t end = std::min(order_.size(), emitted_ + static_cast<size_t>(columnar::kDefaultBatchRows));
    *batch = Batch();
    batch->num_rows = static_cast<int64_t>(end - emitted_);
    FLOE_ASSIGN_OR_RETURN(batch->columns, Gather(emitted_, end, plan_->outputs.size()));
    emitted_ = end;
    return true;
  }

 private:
  Status SortAll() {
    sorted_ = true;
    for (const SortKeyColumn& key : keys_) {
      if (!key.supported()) {
        return sql::SqlErrorNoLocation(codes::kNotSupported, "Ordering by map values is not supported");
      }
    }
    Batch input;
    size_t width = plan_->outputs.size();
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
      if (!more) break;
      std::vector<uint32_t> rows = LiveRows(input);
      if (rows.empty()) continue;
      Batch stored;
      std::vector<VectorPtr> key_vectors;
      for (const auto& key : plan_->sort_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*key.expression, input, rows, context_.evaluation));
        key_vectors.push_back(std::move(vector));
      }
      if (boundary_ != SIZE_MAX) {
        // Top-N with a full buffer: only rows sorting before the last kept row can enter.
        size_t base = row_count_;
        AppendKeys(key_vectors, rows);
        std::vector<uint32_t> kept;
        for (size_t i = 0; i < rows.size(); ++i) {
          if (CompareRows(base + i, boundary_) < 0) kept.push_back(rows[i]);
        }
        TruncateKeys(base);
        if (kept.empty()) continue;
        rows = std::move(kept);
      }
      stored.num_rows = static_cast<int64_t>(rows.size());
      for (size_t c = 0; c < width; ++c) stored.columns.push_back(Compact(input.columns[c], plan_->outputs[c].type, rows, input.num_rows));
      for (size_t k = 0; k < key_vectors.size(); ++k) {
        stored.columns.push_back(Compact(key_vectors[k], plan_->sort_keys[k].expression->type, rows, input.num_rows));
      }
      FLOE_RETURN_IF_ERROR(Store(std::move(stored)));
      if (top_n_ > 0 && row_count_ > static_cast<size_t>(4 * top_n_ + columnar::kDefaultBatchRows)) {
        FLOE_RETURN_IF_ERROR(Trim());
      }
    }
    Order();
    if (top_n_ > 0 && order_.size() > static_cast<size_t>(top_n_)) order_.resize(static_cast<size_t>(top_n_));
    return Status::OK();
  }

  // `vector`'s values at `rows`, as a compact vector (as is when `rows` is every row).
  VectorPtr Compact(const VectorPtr& vector, const SqlType& type, const std::vector<uint32_t>& rows, int64_t length) {
    if (!vector) return nullptr;
    if (static_cast<int64_t>(rows.size()) == length && !vector->dictionary) return vector;
    auto gathered = GatherRows(*vector, type, rows);
    if (!gathered.ok()) return ConstantVector(type, Value::Null(), static_cast<int64_t>(rows.size()));
    return *gathered;
  }

  Status Store(Batch stored) {
    int64_t bytes = BatchBytes(stored) + stored.num_rows * static_cast<int64_t>(16 + 24 * keys_.size());
    if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
    reserved_ += bytes;
    batch_bytes_.push_back(bytes);
    uint32_t index = static_cast<uint32_t>(batches_.size());
    size_t width = plan_->outputs.size();
    for (size_t k = 0; k < keys_.size(); ++k) keys_[k].Append(*stored.columns[width + k]);
    for (int64_t row = 0; row < stored.num_rows; ++row) {
      sources_.push_back(index);
      rows_.push_back(static_cast<uint32_t>(row));
    }
    row_count_ += static_cast<size_t>(stored.num_rows);
    batches_.push_back(std::move(stored));
    return Status::OK();
  }

  // Appends keys of rows not stored so they can be compared; TruncateKeys drops them again.
  void AppendKeys(const std::vector<VectorPtr>& key_vectors, const std::vector<uint32_t>& rows) {
    probe_keys_.clear();
    for (size_t k = 0; k < keys_.size(); ++k) {
      VectorPtr compact = Compact(key_vectors[k], plan_->sort_keys[k].expression->type, rows, key_vectors[k]->length);
      keys_[k].Append(*compact);
      probe_keys_.push_back(std::move(compact));  // the views of string keys point into it
    }
  }

  void TruncateKeys(size_t rows) {
    for (auto& key : keys_) key.Truncate(rows);
    probe_keys_.clear();
  }

  int CompareRows(size_t a, size_t b) const {
    for (const SortKeyColumn& key : keys_) {
      int c = key.Compare(a, b);
      if (c != 0) return c;
    }
    return a < b ? -1 : (a > b ? 1 : 0);  // input order breaks ties
  }

  void Order() {
    order_.resize(row_count_);
    for (size_t i = 0; i < row_count_; ++i) order_[i] = static_cast<uint32_t>(i);
    auto less = [&](uint32_t a, uint32_t b) { return CompareRows(a, b) < 0; };
    if (top_n_ > 0 && row_count_ > static_cast<size_t>(top_n_)) {
      std::partial_sort(order_.begin(), order_.begin() + top_n_, order_.end(), less);
      order_.resize(static_cast<size_t>(top_n_));
    } else {
      std::sort(order_.begin(), order_.end(), less);
    }
  }

  // Output columns [0, width) of the ordered rows [begin, end).
  Result<std::vector<VectorPtr>> Gather(size_t begin, size_t end, size_t width) {
    std::vector<uint32_t> source(end - begin), rows(end - begin);
    for (size_t i = begin; i < end; ++i) {
      source[i - begin] = sources_[order_[i]];
      rows[i - begin] = rows_[order_[i]];
    }
    std::vector<VectorPtr> columns;
    for (size_t c = 0; c < width; ++c) {
      std::vector<const Vector*> vectors;
      for (const Batch& stored : batches_) vectors.push_back(stored.columns[c].get());
      FLOE_ASSIGN_OR_RETURN(auto vector, GatherFromVectors(vectors, c < plan_->outputs.size() ? plan_->outputs[c].type
                                                                                            : plan_->sort_keys[c - plan_->outputs.size()].expression->type,
                                                           source.data(), rows.data(), source.size()));
      columns.push_back(std::move(vector));
    }
    return columns;
  }

  // Keeps the first top_n rows in order, as one batch, and remembers the last as the boundary.
  Status Trim() {
    Order();
    size_t width = plan_->outputs.size() + keys_.size();
    FLOE_ASSIGN_OR_RETURN(auto columns, Gather(0, order_.size(), width));
    Batch kept;
    kept.num_rows = static_cast<int64_t>(order_.size());
    kept.columns = std::move(columns);
    if (context_.memory) context_.memory->Release(reserved_);
    reserved_ = 0;
    batches_.clear();
    batch_bytes_.clear();
    sources_.clear();
    rows_.clear();
    row_count_ = 0;
    for (auto& key : keys_) key.Clear();
    order_.clear();
    FLOE_RETURN_IF_ERROR(Store(std::move(kept)));
    boundary_ = row_count_ - 1;
    return Status::OK();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  int64_t top_n_ = 0;
  bool sorted_ = false;
  std::vector<SortKeyColumn> keys_;
  std::vector<VectorPtr> probe_keys_;
  std::vector<Batch> batches_;  // output columns, then the key columns
  std::vector<int64_t> batch_bytes_;
  std::vector<uint32_t> sources_;  // per buffered row: its batch
  std::vector<uint32_t> rows_;     // per buffered row: its row in the batch
  size_t row_count_ = 0;
  size_t boundary_ = SIZE_MAX;  // top-N: the last kept row once the buffer was trimmed
  std::vector<uint32_t> order_;
  size_t emitted_ = 0;
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context,
                                           int64_t top_n) {
  return std::make_unique<SortOperator>(std::move(plan), std::move(input), context, top_n);
}

}  // namespace floe::engine::detail
