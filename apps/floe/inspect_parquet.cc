// `floe inspect parquet FILE`: a Parquet file's schema (with field ids), row
// groups and column chunks (encodings, codec, sizes, statistics); with
// --rows, its rows as JSON lines (or CSV with --csv).
#include <cmath>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "floe/parquet/file_reader.h"
#include "inspect_command_internal.h"

namespace floe::cli {
namespace {

using columnar::TypeId;
using columnar::Vector;

const char* PhysicalName(parquet::PhysicalType type) {
  switch (type) {
    case parquet::PhysicalType::kBoolean: return "BOOLEAN";
    case parquet::PhysicalType::kInt32: return "INT32";
    case parquet::PhysicalType::kInt64: return "INT64";
    case parquet::PhysicalType::kInt96: return "INT96";
    case parquet::PhysicalType::kFloat: return "FLOAT";
    case parquet::PhysicalType::kDouble: return "DOUBLE";
    case parquet::PhysicalType::kByteArray: return "BYTE_ARRAY";
    case parquet::PhysicalType::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

std::string EncodingName(parquet::Encoding encoding) {
  switch (encoding) {
    case parquet::Encoding::kPlain: return "PLAIN";
    case parquet::Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case parquet::Encoding::kRle: return "RLE";
    case parquet::Encoding::kBitPacked: return "BIT_PACKED";
    case parquet::Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case parquet::Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case parquet::Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case parquet::Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case parquet::Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return fmt::format("ENCODING_{}", static_cast<int32_t>(encoding));
}

std::string CodecName(parquet::Codec codec) {
  switch (codec) {
    case parquet::Codec::kUncompressed: return "UNCOMPRESSED";
    case parquet::Codec::kSnappy: return "SNAPPY";
    case parquet::Codec::kGzip: return "GZIP";
    case parquet::Codec::kLzo: return "LZO";
    case parquet::Codec::kBrotli: return "BROTLI";
    case parquet::Codec::kLz4: return "LZ4";
    case parquet::Codec::kZstd: return "ZSTD";
    case parquet::Codec::kLz4Raw: return "LZ4_RAW";
  }
  return fmt::format("CODEC_{}", static_cast<int32_t>(codec));
}

const char* RepetitionName(std::optional<parquet::Repetition> repetition) {
  if (!repetition) return "";
  switch (*repetition) {
    case parquet::Repetition::kRequired: return "required";
    case parquet::Repetition::kOptional: return "optional";
    case parquet::Repetition::kRepeated: return "repeated";
  }
  return "";
}

std::string LogicalName(const parquet::SchemaElement& element) {
  using Kind = parquet::LogicalType::Kind;
  const auto& logical = element.logical_type;
  auto unit = [&] {
    switch (logical.unit) {
      case parquet::TimeUnit::kMillis: return "MILLIS";
      case parquet::TimeUnit::kMicros: return "MICROS";
      case parquet::TimeUnit::kNanos: return "NANOS";
    }
    return "";
  };
  switch (logical.kind) {
    case Kind::kNone: break;
    case Kind::kString: return "STRING";
    case Kind::kMap: return "MAP";
    case Kind::kList: return "LIST";
    case Kind::kEnum: return "ENUM";
    case Kind::kDecimal: return fmt::format("DECIMAL({},{})", logical.precision, logical.scale);
    case Kind::kDate: return "DATE";
    case Kind::kTime: return fmt::format("TIME({},{})", unit(), logical.adjusted_to_utc ? "UTC" : "local");
    case Kind::kTimestamp: return fmt::format("TIMESTAMP({},{})", unit(), logical.adjusted_to_utc ? "UTC" : "local");
    case Kind::kInteger: return fmt::format("INT({},{})", logical.bit_width, logical.is_signed ? "signed" : "unsigned");
    case Kind::kUnknown: return "UNKNOWN";
    case Kind::kJson: return "JSON";
    case Kind::kBson: return "BSON";
    case Kind::kUuid: return "UUID";
    case Kind::kFloat16: return "FLOAT16";
    case Kind::kVariant: return "VARIANT";
    case Kind::kGeometry: return "GEOMETRY";
    case Kind::kGeography: return "GEOGRAPHY";
    case Kind::kUnrecognized: return "UNRECOGNIZED";
  }
  if (element.converted_type) {
    switch (*element.converted_type) {
      case parquet::ConvertedType::kUtf8: return "UTF8";
      case parquet::ConvertedType::kMap: return "MAP";
      case parquet::ConvertedType::kMapKeyValue: return "MAP_KEY_VALUE";
      case parquet::ConvertedType::kList: return "LIST";
      case parquet::ConvertedType::kDecimal: return fmt::format("DECIMAL({},{})", element.precision, element.scale);
      case parquet::ConvertedType::kDate: return "DATE";
      default: return fmt::format("CONVERTED_{}", static_cast<int32_t>(*element.converted_type));
    }
  }
  return "";
}

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

template <typename T>
T LoadLe(std::string_view bytes) {
  T value{};
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

std::string JsonDouble(double value) {
  if (std::isnan(value)) return "\"NaN\"";
  if (std::isinf(value)) return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  return fmt::format("{}", value);
}

// A statistics value (plain-encoded physical bytes) as a JSON value.
std::string StatJson(const parquet::ColumnDescriptor& column, std::string_view bytes) {
  switch (column.physical_type) {
    case parquet::PhysicalType::kBoolean:
      if (bytes.size() >= 1) return bytes[0] ? "true" : "false";
      break;
    case parquet::PhysicalType::kInt32:
      if (bytes.size() == 4) return fmt::format("{}", LoadLe<int32_t>(bytes));
      break;
    case parquet::PhysicalType::kInt64:
      if (bytes.size() == 8) return fmt::format("{}", LoadLe<int64_t>(bytes));
      break;
    case parquet::PhysicalType::kFloat:
      if (bytes.size() == 4) return JsonDouble(LoadLe<float>(bytes));
      break;
    case parquet::PhysicalType::kDouble:
      if (bytes.size() == 8) return JsonDouble(LoadLe<double>(bytes));
      break;
    case parquet::PhysicalType::kByteArray:
      if (column.output_type.id == TypeId::kString) return QuoteJson(bytes);
      break;
    default: break;
  }
  return QuoteJson("0x" + Hex(bytes));
}

// ---- values -----------------------------------------------------------------

void AppendJson(const Vector& vector, int64_t row, std::string* out);

void AppendJsonKey(const Vector& vector, int64_t row, std::string* out) {
  // JSON object keys must be strings: non-string keys are written as their JSON text.
  std::string key;
  AppendJson(vector, row, &key);
  if (!key.empty() && key[0] == '"') {
    out->append(key);
  } else {
    out->append(QuoteJson(key));
  }
}

void AppendJson(const Vector& vector, int64_t row, std::string* out) {
  if (vector.IsNull(row)) {
    out->append("null");
    return;
  }
  if (vector.dictionary) {
    AppendJson(*vector.dictionary, vector.Values<int32_t>()[row], out);
    return;
  }
  switch (vector.type.id) {
    case TypeId::kBool: out->append(vector.Values<uint8_t>()[row] ? "true" : "false"); return;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs: out->append(columnar::FormatValue(vector, row)); return;
    case TypeId::kFloat: {
      float value = vector.Values<float>()[row];
      out->append(std::isfinite(value) ? fmt::format("{}", value) : JsonDouble(value));
      return;
    }
    case TypeId::kDouble: out->append(JsonDouble(vector.Values<double>()[row])); return;
    case TypeId::kDecimal:
    case TypeId::kDate: out->append(QuoteJson(columnar::FormatValue(vector, row))); return;
    case TypeId::kString: out->append(QuoteJson(vector.BytesAt(row))); return;
    case TypeId::kBinary:
    case TypeId::kFixedBinary: out->append(QuoteJson(Hex(vector.BytesAt(row)))); return;
    case TypeId::kStruct: {
      out->push_back('{');
      for (size_t i = 0; i < vector.children.size(); ++i) {
        if (i > 0) out->push_back(',');
        out->append(QuoteJson(vector.type.children[i].name));
        out->push_back(':');
        AppendJson(*vector.children[i], row, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kList: {
      const int32_t* offsets = vector.Offsets();
      out->push_back('[');
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i > offsets[row]) out->push_back(',');
        AppendJson(*vector.children[0], i, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int32_t* offsets = vector.Offsets();
      out->push_back('{');
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i > offsets[row]) out->push_back(',');
        AppendJsonKey(*vector.children[0], i, out);
        out->push_back(':');
        if (vector.children.size() > 1) {
          AppendJson(*vector.children[1], i, out);
        } else {
          out->append("null");
        }
      }
      out->push_back('}');
      return;
    }
  }
  out->append("null");
}

std::string CsvCell(const Vector& vector, int64_t row) {
  if (vector.IsNull(row)) return "";
  std::string text;
  const Vector* v = &vector;
  int64_t r = row;
  if (v->dictionary) {
    r = v->Values<int32_t>()[row];
    v = v->dictionary.get();
  }
  if (v->type.id == TypeId::kString) {
    text = std::string(v->BytesAt(r));
  } else {
    AppendJson(*v, r, &text);
    if (text.size() >= 2 && text.front() == '"' && (v->type.id == TypeId::kDecimal || v->type.id == TypeId::kDate ||
                                                     v->type.id == TypeId::kBinary ||
                                                     v->type.id == TypeId::kFixedBinary)) {
      text = text.substr(1, text.size() - 2);
    }
  }
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string CsvHeader(std::string_view name) {
  if (name.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

// ---- metadata ---------------------------------------------------------------

// Prints the schema tree (depth-first over the flat element list) as text.
size_t PrintSchemaText(const std::vector<parquet::SchemaElement>& elements, size_t index, int depth) {
  const auto& element = elements[index];
  std::string line(static_cast<size_t>(depth) * 2 + 2, ' ');
  if (depth == 0) {
    line += fmt::format("message {}", element.name);
  } else {
    line += fmt::format("{} ", RepetitionName(element.repetition));
    line += element.type ? PhysicalName(*element.type) : "group";
    if (element.type == parquet::PhysicalType::kFixedLenByteArray) line += fmt::format("({})", element.type_length);
    line += fmt::format(" {}", element.name);
    std::string logical = LogicalName(element);
    if (!logical.empty()) line += fmt::format(" ({})", logical);
    if (element.field_id) line += fmt::format(" = {}", *element.field_id);
  }
  fmt::print("{}\n", line);
  size_t next = index + 1;
  int children = element.num_children.value_or(0);
  for (int i = 0; i < children && next < elements.size(); ++i) next = PrintSchemaText(elements, next, depth + 1);
  return next;
}

size_t SchemaJson(const std::vector<parquet::SchemaElement>& elements, size_t index, std::string* out) {
  const auto& element = elements[index];
  *out += fmt::format("{{\"name\":{}", QuoteJson(element.name));
  if (element.repetition) *out += fmt::format(",\"repetition\":\"{}\"", RepetitionName(element.repetition));
  if (element.type) *out += fmt::format(",\"physical_type\":\"{}\"", PhysicalName(*element.type));
  if (element.type == parquet::PhysicalType::kFixedLenByteArray) {
    *out += fmt::format(",\"type_length\":{}", element.type_length);
  }
  std::string logical = LogicalName(element);
  if (!logical.empty()) *out += fmt::format(",\"logical_type\":{}", QuoteJson(logical));
  if (element.field_id) *out += fmt::format(",\"field_id\":{}", *element.field_id);
  size_t next = index + 1;
  if (!element.type) {
    *out += ",\"children\":[";
    int children = element.num_children.value_or(0);
    for (int i = 0; i < children && next < elements.size(); ++i) {
      if (i > 0) *out += ",";
      next = SchemaJson(elements, next, out);
    }
    *out += "]";
  }
  *out += "}";
  return next;
}

std::string JoinPath(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& part : path) {
    if (!out.empty()) out += ".";
    out += part;
  }
  return out;
}

// The page index of one chunk: a summary line and, with --pages, one line
// (text) or one object (JSON) per page. Unreadable indexes are reported, not fatal.
struct PageIndexView {
  std::optional<parquet::OffsetIndex> offsets;
  std::optional<parquet::ColumnIndex> columns;
  std::string error;
};

PageIndexView LoadPageIndex(parquet::ParquetReader& reader, int row_group, int column) {
  PageIndexView view;
  auto offsets = reader.ReadOffsetIndex(row_group, column);
  auto columns = reader.ReadColumnIndex(row_group, column);
  if (!offsets.ok()) view.error = offsets.status().message();
  if (!columns.ok()) view.error = columns.status().message();
  if (offsets.ok()) view.offsets = std::move(*offsets);
  if (columns.ok()) view.columns = std::move(*columns);
  if (view.columns && view.offsets && view.columns->null_pages.size() != view.offsets->page_locations.size()) {
    view.error = "the column index and the offset index disagree on the page count";
    view.columns.reset();
  }
  return view;
}

std::string BoundaryOrderName(parquet::BoundaryOrder order) {
  switch (order) {
    case parquet::BoundaryOrder::kAscending: return "ascending";
    case parquet::BoundaryOrder::kDescending: return "descending";
    default: return "unordered";
  }
}

int PrintMetadata(parquet::ParquetReader& reader, const InspectOptions& options) {
  const auto& metadata = reader.metadata();
  const auto& columns = reader.schema().columns();
  if (options.json) {
    std::string out = "{";
    out += fmt::format("\"version\":{},\"num_rows\":{},\"created_by\":{}", metadata.version, metadata.num_rows,
                       metadata.created_by ? QuoteJson(*metadata.created_by) : "null");
    out += ",\"key_value_metadata\":{";
    bool first = true;
    for (const auto& kv : metadata.key_value_metadata) {
      out += fmt::format("{}{}:{}", first ? "" : ",", QuoteJson(kv.key), kv.value ? QuoteJson(*kv.value) : "null");
      first = false;
    }
    out += "},\"schema\":";
    if (!metadata.schema.empty()) {
      SchemaJson(metadata.schema, 0, &out);
    } else {
      out += "null";
    }
    out += ",\"row_groups\":[";
    for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
      const auto& group = metadata.row_groups[g];
      out += fmt::format("{}{{\"index\":{},\"num_rows\":{},\"total_byte_size\":{},\"columns\":[", g ? "," : "", g,
                         group.num_rows, group.total_byte_size);
      for (size_t c = 0; c < group.columns.size(); ++c) {
        if (c > 0) out += ",";
        const auto& chunk = group.columns[c];
        if (!chunk.meta_data) {
          out += "{}";
          continue;
        }
        const auto& meta = *chunk.meta_data;
        out += fmt::format("{{\"path\":{},\"physical_type\":\"{}\"", QuoteJson(JoinPath(meta.path_in_schema)),
                           PhysicalName(meta.type));
        if (c < columns.size() && columns[c].field_id) out += fmt::format(",\"field_id\":{}", *columns[c].field_id);
        out += fmt::format(",\"codec\":\"{}\",\"encodings\":[", CodecName(meta.codec));
        for (size_t e = 0; e < meta.encodings.size(); ++e) {
          out += fmt::format("{}\"{}\"", e ? "," : "", EncodingName(meta.encodings[e]));
        }
        out += fmt::format("],\"num_values\":{},\"total_compressed_size\":{},\"total_uncompressed_size\":{}",
                           meta.num_values, meta.total_compressed_size, meta.total_uncompressed_size);
        out += fmt::format(",\"data_page_offset\":{}", meta.data_page_offset);
        if (meta.dictionary_page_offset) out += fmt::format(",\"dictionary_page_offset\":{}", *meta.dictionary_page_offset);
        if (meta.bloom_filter_offset) {
          out += fmt::format(",\"bloom_filter_offset\":{},\"bloom_filter_length\":{}", *meta.bloom_filter_offset,
                             meta.bloom_filter_length ? fmt::format("{}", *meta.bloom_filter_length) : "null");
        }
        if (chunk.offset_index_offset) {
          out += fmt::format(",\"offset_index_offset\":{},\"column_index_offset\":{}", *chunk.offset_index_offset,
                             chunk.column_index_offset ? fmt::format("{}", *chunk.column_index_offset) : "null");
        }
        if (options.pages && c < columns.size() && (chunk.offset_index_offset || chunk.column_index_offset)) {
          PageIndexView view = LoadPageIndex(reader, static_cast<int>(g), static_cast<int>(c));
          out += ",\"page_index\":{";
          if (!view.error.empty()) out += fmt::format("\"error\":{},", QuoteJson(view.error));
          if (view.columns) out += fmt::format("\"boundary_order\":\"{}\",", BoundaryOrderName(view.columns->boundary_order));
          out += "\"pages\":[";
          size_t count = view.offsets ? view.offsets->page_locations.size() : view.columns ? view.columns->null_pages.size() : 0;
          for (size_t p = 0; p < count; ++p) {
            out += p ? ",{" : "{";
            std::vector<std::string> parts;
            if (view.offsets) {
              const auto& page = view.offsets->page_locations[p];
              parts.push_back(fmt::format("\"first_row_index\":{},\"offset\":{},\"compressed_page_size\":{}",
                                          page.first_row_index, page.offset, page.compressed_page_size));
            }
            if (view.columns) {
              const auto& index = *view.columns;
              if (!index.null_counts.empty()) parts.push_back(fmt::format("\"null_count\":{}", index.null_counts[p]));
              parts.push_back(fmt::format("\"null_page\":{}", index.null_pages[p] ? "true" : "false"));
              if (!index.null_pages[p]) {
                parts.push_back(fmt::format("\"min\":{},\"max\":{}", StatJson(columns[c], index.min_values[p]),
                                            StatJson(columns[c], index.max_values[p])));
              }
            }
            for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
            out += "}";
          }
          out += "]}";
        }
        if (meta.statistics) {
          const auto& stats = *meta.statistics;
          out += ",\"statistics\":{";
          std::vector<std::string> parts;
          if (stats.null_count) parts.push_back(fmt::format("\"null_count\":{}", *stats.null_count));
          if (stats.distinct_count) parts.push_back(fmt::format("\"distinct_count\":{}", *stats.distinct_count));
          const auto* min = stats.min_value ? &*stats.min_value : (stats.min ? &*stats.min : nullptr);
          const auto* max = stats.max_value ? &*stats.max_value : (stats.max ? &*stats.max : nullptr);
          if (c < columns.size()) {
            if (min) parts.push_back(fmt::format("\"min\":{}", StatJson(columns[c], *min)));
            if (max) parts.push_back(fmt::format("\"max\":{}", StatJson(columns[c], *max)));
          }
          for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
          out += "}";
        }
        out += "}";
      }
      out += "]}";
    }
    out += "]}";
    fmt::print("{}\n", out);
    return 0;
  }
  fmt::print("File             {}\n", options.path);
  fmt::print("Created by       {}\n", metadata.created_by.value_or("(unknown)"));
  fmt::print("Format version   {}\n", metadata.version);
  fmt::print("Rows             {}\n", metadata.num_rows);
  fmt::print("Row groups       {}\n", metadata.row_groups.size());
  fmt::print("Columns          {}\n", columns.size());
  for (const auto& kv : metadata.key_value_metadata) {
    std::string value = kv.value.value_or("");
    if (value.size() > 200) value = value.substr(0, 200) + "...";
    fmt::print("Metadata         {}: {}\n", kv.key, value);
  }
  fmt::print("\nSchema (field id after '='):\n");
  if (!metadata.schema.empty()) PrintSchemaText(metadata.schema, 0, 0);
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const auto& group = metadata.row_groups[g];
    fmt::print("\nRow group {}: {} rows, {} bytes\n", g, group.num_rows, group.total_byte_size);
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const auto& chunk = group.columns[c];
      if (!chunk.meta_data) {
        fmt::print("  column {}: (no metadata)\n", c);
        continue;
      }
      const auto& meta = *chunk.meta_data;
      std::string encodings;
      for (auto encoding : meta.encodings) encodings += (encodings.empty() ? "" : ",") + EncodingName(encoding);
      std::string id = c < columns.size() && columns[c].field_id ? fmt::format(" (id {})", *columns[c].field_id) : "";
      fmt::print("  {}{}: {} {} [{}] values={} compressed={} uncompressed={}\n", JoinPath(meta.path_in_schema), id,
                 PhysicalName(meta.type), CodecName(meta.codec), encodings, meta.num_values,
                 meta.total_compressed_size, meta.total_uncompressed_size);
      if (meta.statistics && c < columns.size()) {
        const auto& stats = *meta.statistics;
        const auto* min = stats.min_value ? &*stats.min_value : (stats.min ? &*stats.min : nullptr);
        const auto* max = stats.max_value ? &*stats.max_value : (stats.max ? &*stats.max : nullptr);
        fmt::print("    stats: nulls={} min={} max={}\n",
                   stats.null_count ? fmt::format("{}", *stats.null_count) : "-",
                   min ? StatJson(columns[c], *min) : "-", max ? StatJson(columns[c], *max) : "-");
      }
      if (meta.bloom_filter_offset) {
        fmt::print("    bloom filter: offset={} length={}\n", *meta.bloom_filter_offset,
                   meta.bloom_filter_length ? fmt::format("{}", *meta.bloom_filter_length) : "-");
      }
      if ((chunk.offset_index_offset || chunk.column_index_offset) && c < columns.size()) {
        PageIndexView view = LoadPageIndex(reader, static_cast<int>(g), static_cast<int>(c));
        if (!view.error.empty()) {
          fmt::print("    page index: unreadable: {}\n", view.error);
        } else {
          size_t count = view.offsets ? view.offsets->page_locations.size() : view.columns->null_pages.size();
          fmt::print("    page index: {} pages{}{}\n", count, view.offsets ? ", offset index" : "",
                     view.columns ? ", column index (" + BoundaryOrderName(view.columns->boundary_order) + ")" : "");
        }
        if (options.pages) {
          size_t count = view.offsets ? view.offsets->page_locations.size() : view.columns ? view.columns->null_pages.size() : 0;
          for (size_t p = 0; p < count; ++p) {
            std::string line = fmt::format("      page {}:", p);
            if (view.offsets) {
              const auto& pages = view.offsets->page_locations;
              int64_t end = p + 1 < pages.size() ? pages[p + 1].first_row_index : group.num_rows;
              line += fmt::format(" rows [{}, {}) offset={} size={}", pages[p].first_row_index, end, pages[p].offset,
                                  pages[p].compressed_page_size);
            }
            if (view.columns) {
              const auto& index = *view.columns;
              if (!index.null_counts.empty()) line += fmt::format(" nulls={}", index.null_counts[p]);
              if (index.null_pages[p]) {
                line += " all null";
              } else {
                line += fmt::format(" min={} max={}", StatJson(columns[c], index.min_values[p]),
                                    StatJson(columns[c], index.max_values[p]));
              }
            }
            fmt::print("{}\n", line);
          }
        }
      }
    }
  }
  return 0;
}

std::vector<std::string> SplitColumns(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

int PrintRows(parquet::ParquetReader& reader, const InspectOptions& options) {
  const auto& fields = reader.schema().fields();
  std::vector<int> projection;
  for (const auto& name : SplitColumns(options.columns)) {
    int found = -1;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].field.name == name) found = static_cast<int>(i);
    }
    if (found < 0) return Fail(NotFound("No top-level column '{}' in {}", name, options.path));
    projection.push_back(found);
  }
  auto batches = reader.ReadRowGroups({}, projection);
  if (!batches.ok()) return Fail(batches.status().WithContext(options.path));
  const auto& schema = *(*batches)->schema();
  if (options.csv) {
    std::string header;
    for (size_t i = 0; i < schema.size(); ++i) header += (i ? "," : "") + CsvHeader(schema[i].name);
    fmt::print("{}\n", header);
  }
  std::vector<std::string> names;
  for (const auto& field : schema) names.push_back(QuoteJson(field.name));
  int64_t printed = 0;
  columnar::Batch batch;
  std::string line;
  while (options.limit < 0 || printed < options.limit) {
    auto more = (*batches)->Next(&batch);
    if (!more.ok()) {
      std::fflush(stdout);
      return Fail(more.status().WithContext(options.path));
    }
    if (!*more) break;
    for (int64_t row = 0; row < batch.num_rows && (options.limit < 0 || printed < options.limit); ++row) {
      line.clear();
      if (options.csv) {
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          if (c > 0) line.push_back(',');
          line += CsvCell(*batch.columns[c], row);
        }
      } else {
        line.push_back('{');
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          if (c > 0) line.push_back(',');
          line += names[c];
          line.push_back(':');
          AppendJson(*batch.columns[c], row, &line);
        }
        line.push_back('}');
      }
      line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), stdout);
      ++printed;
    }
  }
  return 0;
}

}  // namespace

int InspectParquet(const InspectOptions& options) {
  auto file_io = io::FileIOForLocation(options.path);
  if (!file_io.ok()) return Fail(file_io.status());
  auto reader = parquet::ParquetReader::Open(**file_io, options.path);
  if (!reader.ok()) return Fail(reader.status().WithContext(options.path));
  if (options.rows) return PrintRows(**reader, options);
  return PrintMetadata(**reader, options);
}

}  // namespace floe::cli
