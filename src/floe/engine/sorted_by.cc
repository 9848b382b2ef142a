#include "floe/engine/sorted_by.h"

#include <cctype>

#include <fmt/format.h>

#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

Result<iceberg::SortField> ParseSortField(const std::string& text, const iceberg::Schema& schema,
                                          sql::NodeLocation location) {
  auto invalid = [&]() {
    return sql::SqlError(codes::kInvalidTableProperty, location, "Unable to parse sort field: [{}]", text);
  };
  // The expression ends at its closing parenthesis, or at the first space.
  std::string_view rest = text;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  size_t end = 0;
  size_t open = rest.find('(');
  size_t space = rest.find_first_of(" \t\n");
  if (open != std::string_view::npos && (space == std::string_view::npos || open < space ||
                                         rest.substr(0, open).find_first_not_of(" \t") == std::string_view::npos)) {
    size_t close = rest.find(')', open);
    if (close == std::string_view::npos) return invalid();
    end = close + 1;
  } else {
    end = space == std::string_view::npos ? rest.size() : space;
  }
  std::string expression;
  for (char c : rest.substr(0, end)) {
    if (!std::isspace(static_cast<unsigned char>(c))) expression.push_back(c);
  }
  std::vector<std::string> modifiers = Words(rest.substr(end));
  for (auto& word : modifiers) word = Lower(word);

  std::string function, column;
  int32_t parameter = 0;
  size_t paren = expression.find('(');
  if (paren == std::string::npos) {
    column = expression;
  } else {
    if (expression.back() != ')') return invalid();
    function = Lower(expression.substr(0, paren));
    std::string inside = expression.substr(paren + 1, expression.size() - paren - 2);
    size_t comma = inside.find(',');
    column = inside.substr(0, comma);
    if (comma != std::string::npos) {
      try {
        size_t used = 0;
        parameter = std::stoi(inside.substr(comma + 1), &used);
        if (used != inside.size() - comma - 1) return invalid();
      } catch (...) {
        return invalid();
      }
    }
  }
  if (column.size() >= 2 && column.front() == '"' && column.back() == '"') {
    column = column.substr(1, column.size() - 2);
  } else {
    column = Lower(column);
  }
  if (column.empty()) return invalid();
  const iceberg::NestedField* source = schema.FindField(column, false);
  bool top_level = false;
  for (const auto& field : schema.fields()) top_level |= source && field.id == source->id;
  if (!source || !top_level) return sql::SqlError(codes::kColumnNotFound, location, "Column '{}' does not exist", column);

  iceberg::SortField field;
  field.source_id = source->id;
  if (function.empty() || function == "identity") {
    field.transform = iceberg::Transform::Identity();
  } else if (function == "year") {
    field.transform = iceberg::Transform::Year();
  } else if (function == "month") {
    field.transform = iceberg::Transform::Month();
  } else if (function == "day") {
    field.transform = iceberg::Transform::Day();
  } else if (function == "hour") {
    field.transform = iceberg::Transform::Hour();
  } else if (function == "bucket" && parameter > 0) {
    field.transform = iceberg::Transform::Bucket(parameter);
  } else if (function == "truncate" && parameter > 0) {
    field.transform = iceberg::Transform::Truncate(parameter);
  } else {
    return invalid();
  }
  if (!field.transform.CanTransform(*source->type)) {
    return sql::SqlError(codes::kInvalidTableProperty, location, "Invalid sort field: {} cannot be applied to {} column {}",
                         field.transform.ToString(), source->type->ToString(), source->name);
  }
  size_t i = 0;
  if (i < modifiers.size() && (modifiers[i] == "asc" || modifiers[i] == "desc")) {
    field.direction = modifiers[i] == "asc" ? iceberg::SortDirection::kAscending : iceberg::SortDirection::kDescending;
    ++i;
  }
  field.null_order = field.direction == iceberg::SortDirection::kAscending ? iceberg::NullOrder::kNullsFirst
                                                                          : iceberg::NullOrder::kNullsLast;
  if (i < modifiers.size()) {
    if (i + 1 >= modifiers.size() || modifiers[i] != "nulls" || (modifiers[i + 1] != "first" && modifiers[i + 1] != "last")) {
      return invalid();
    }
    field.null_order = modifiers[i + 1] == "first" ? iceberg::NullOrder::kNullsFirst : iceberg::NullOrder::kNullsLast;
    i += 2;
  }
  if (i != modifiers.size()) return invalid();
  return field;
}

}  // namespace

Result<iceberg::SortOrderPtr> ParseSortedBy(const std::vector<std::pair<std::string, sql::NodeLocation>>& items,
                                           const iceberg::Schema& schema, int32_t order_id) {
  if (items.empty()) return iceberg::SortOrder::Unsorted();
  std::vector<iceberg::SortField> fields;
  for (const auto& [text, location] : items) {
    FLOE_ASSIGN_OR_RETURN(auto field, ParseSortField(text, schema, location));
    for (const auto& existing : fields) {
      if (existing.source_id == field.source_id && existing.transform == field.transform) {
        return sql::SqlError(codes::kInvalidTableProperty, location, "Sort field is specified more than once: {}", text);
      }
    }
    fields.push_back(std::move(field));
  }
  return std::make_shared<const iceberg::SortOrder>(order_id, std::move(fields));
}

std::string SortFieldText(const iceberg::SortField& field, const iceberg::Schema& schema) {
  std::string column = schema.FindColumnName(field.source_id);
  const auto& t = field.transform;
  std::string text;
  switch (t.kind()) {
    case iceberg::TransformKind::kIdentity: text = column; break;
    case iceberg::TransformKind::kBucket: text = fmt::format("bucket({}, {})", column, t.parameter()); break;
    case iceberg::TransformKind::kTruncate: text = fmt::format("truncate({}, {})", column, t.parameter()); break;
    default: text = fmt::format("{}({})", t.ToString(), column); break;
  }
  bool ascending = field.direction == iceberg::SortDirection::kAscending;
  bool nulls_first = field.null_order == iceberg::NullOrder::kNullsFirst;
  if (!ascending) text += " DESC";
  if (ascending != nulls_first) text += nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return text;
}

}  // namespace floe::engine
