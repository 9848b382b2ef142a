// UNNEST (PlanKind::kUnnest): each input row repeated once per element of
// its arrays / entries of its maps, zipped across the expressions as in
// Trino (shorter ones padded with NULL; rows whose collections are all NULL
// or empty give no rows, or one row of NULLs for LEFT JOIN UNNEST),
// optionally with a 1-based ordinality.
#include <algorithm>

#include "floe/engine/operator_internal.h"
#include "floe/engine/value.h"

namespace floe::engine::detail {

namespace {

class UnnestOperator final : public Operator {
 public:
  UnnestOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context) {}

  Result<bool> Next(columnar::Batch* batch) override {
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      columnar::Batch in;
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&in));
      if (!more) return false;
      std::vector<uint32_t> rows = LiveRows(in);
      std::vector<std::shared_ptr<columnar::Vector>> collections;
      for (const auto& expression : plan_->expressions) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, in, rows, context_.evaluation));
        collections.push_back(std::move(vector));
      }
      // Output rows: (input row, position) pairs.
      std::vector<uint32_t> source;
      std::vector<int64_t> position;
      std::vector<std::vector<Value>> values(collections.size());
      for (uint32_t row : rows) {
        std::vector<Value> row_values(collections.size());
        size_t longest = 0;
        for (size_t e = 0; e < collections.size(); ++e) {
          const SqlType& type = plan_->expressions[e]->type;
          row_values[e] = ReadValue(*collections[e], row, type);
          if (row_values[e].is_null()) continue;
          size_t size = row_values[e].elements().size() / (type.kind == SqlTypeKind::kMap ? 2 : 1);  // entries
          longest = std::max(longest, size);
        }
        for (size_t i = 0; i < longest; ++i) {
          source.push_back(row);
          position.push_back(static_cast<int64_t>(i));
        }
        if (longest == 0 && plan_->join_kind == JoinKind::kLeft) {
          source.push_back(row);
          position.push_back(-1);  // no element: NULLs
        }
        for (size_t e = 0; e < collections.size(); ++e) values[e].push_back(row_values[e]);
      }
      if (source.empty()) continue;
      *batch = columnar::Batch();
      batch->num_rows = static_cast<int64_t>(source.size());
      size_t width = plan_->children[0]->outputs.size();
      for (size_t c = 0; c < width; ++c) {
        // Columns nobody reads (pruned by the optimizer) stay unset.
        if (c >= in.columns.size() || !in.columns[c] || in.columns[c]->length < in.num_rows) {
          batch->columns.push_back(ConstantVector(plan_->outputs[c].type, Value::Null(), batch->num_rows));
          continue;
        }
        FLOE_ASSIGN_OR_RETURN(auto column, GatherRows(*in.columns[c], plan_->outputs[c].type, source));
        batch->columns.push_back(std::move(column));
      }
      // The collections' values, per output row.
      std::vector<uint32_t> index_of_row(in.num_rows, 0);
      for (size_t i = 0; i < rows.size(); ++i) index_of_row[rows[i]] = static_cast<uint32_t>(i);
      size_t out_column = width;
      for (size_t e = 0; e < collections.size(); ++e) {
        const SqlType& type = plan_->expressions[e]->type;
        bool is_map = type.kind == SqlTypeKind::kMap;
        // Arrays of rows give one column per field.
        bool of_rows = type.kind == SqlTypeKind::kArray && type.children[0].kind == SqlTypeKind::kRow;
        size_t parts = is_map ? 2 : of_rows ? type.children[0].children.size() : 1;
        for (size_t part = 0; part < parts; ++part) {
          VectorBuilder builder(plan_->outputs[out_column].type, batch->num_rows);
          for (size_t r = 0; r < source.size(); ++r) {
            const Value& collection = values[e][index_of_row[source[r]]];
            if (collection.is_null()) continue;
            if (position[r] < 0) continue;
            const Elements& elements = collection.elements();
            size_t index = static_cast<size_t>(position[r]);
            if (of_rows) {
              if (index >= elements.size() || elements[index].is_null()) continue;
              const Elements& fields = elements[index].elements();
              if (part < fields.size()) builder.SetValue(static_cast<int64_t>(r), fields[part]);
              continue;
            }
            size_t at = is_map ? index * 2 + part : index;
            if (at < elements.size()) builder.SetValue(static_cast<int64_t>(r), elements[at]);
          }
          batch->columns.push_back(builder.Finish());
          ++out_column;
        }
      }
      if (plan_->with_ordinality) {
        VectorBuilder builder(SqlType::Of(SqlTypeKind::kBigint), batch->num_rows);
        for (size_t r = 0; r < position.size(); ++r) {
          if (position[r] >= 0) builder.Set<int64_t>(static_cast<int64_t>(r), position[r] + 1);
        }
        batch->columns.push_back(builder.Finish());
      }
      return true;
    }
  }

 private:
  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
};

}  // namespace

std::unique_ptr<Operator> MakeUnnestOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context) {
  return std::make_unique<UnnestOperator>(std::move(plan), std::move(input), context);
}

}  // namespace floe::engine::detail
