#include "floe/parquet/file_reader.h"

#include <cmath>
#include <cstring>

#include "floe/parquet/record_assembler.h"

namespace floe::parquet {

using columnar::Batch;
using columnar::Vector;

namespace {

constexpr char kMagic[] = "PAR1";
constexpr char kEncryptedMagic[] = "PARE";

Status EncryptedNotSupported() { return NotImplemented("encrypted Parquet is not supported"); }

}  // namespace

Result<std::unique_ptr<ParquetReader>> ParquetReader::Open(io::FileIO& io, std::string_view location,
                                                           ReaderOptions options) {
  FLOE_ASSIGN_OR_RETURN(std::unique_ptr<io::InputFile> file, io.OpenInput(location));
  return Open(std::move(file), options);
}

Result<std::unique_ptr<ParquetReader>> ParquetReader::Open(std::unique_ptr<io::InputFile> file,
                                                           ReaderOptions options) {
  std::unique_ptr<ParquetReader> reader(new ParquetReader());
  reader->options_ = options;
  if (reader->options_.batch_rows <= 0) reader->options_.batch_rows = columnar::kDefaultBatchRows;
  FLOE_ASSIGN_OR_RETURN(reader->file_size_, file->Size());
  const std::string& location = file->location();
  int64_t size = reader->file_size_;
  if (size < 12) return InvalidData("not a Parquet file ({} bytes): {}", size, location);
  uint8_t head[4];
  uint8_t tail[8];
  FLOE_RETURN_IF_ERROR(file->ReadAt(0, 4, head));
  FLOE_RETURN_IF_ERROR(file->ReadAt(size - 8, 8, tail));
  if (std::memcmp(tail + 4, kEncryptedMagic, 4) == 0) return EncryptedNotSupported();
  if (std::memcmp(head, kMagic, 4) != 0 || std::memcmp(tail + 4, kMagic, 4) != 0) {
    return InvalidData("not a Parquet file (no PAR1 magic): {}", location);
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, tail, 4);
  if (footer_length > static_cast<uint64_t>(size - 12) || footer_length > options.max_footer_bytes) {
    return InvalidData("corrupt Parquet file: footer length {} in a file of {} bytes: {}", footer_length, size,
                       location);
  }
  std::string footer(footer_length, '\0');
  FLOE_RETURN_IF_ERROR(file->ReadAt(size - 8 - footer_length, footer_length, reinterpret_cast<uint8_t*>(footer.data())));
  FLOE_ASSIGN_OR_RETURN(reader->metadata_,
                        ParseFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), footer.size()));
  const FileMetaData& metadata = reader->metadata_;
  if (metadata.encrypted) return EncryptedNotSupported();
  for (const RowGroup& group : metadata.row_groups) {
    for (const ColumnChunk& chunk : group.columns) {
      if (chunk.encrypted) return EncryptedNotSupported();
    }
  }
  FLOE_ASSIGN_OR_RETURN(reader->schema_, FileSchema::Make(metadata.schema));
  if (metadata.num_rows < 0) return InvalidData("corrupt Parquet file: negative row count: {}", location);
  size_t leaves = reader->schema_.columns().size();
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const RowGroup& group = metadata.row_groups[g];
    if (group.columns.size() != leaves) {
      return InvalidData("corrupt Parquet file: row group {} has {} column chunks for {} leaf columns", g,
                         group.columns.size(), leaves);
    }
    if (group.num_rows < 0) return InvalidData("corrupt Parquet file: row group {} has a negative row count", g);
  }
  reader->file_ = std::move(file);
  return reader;
}

std::optional<int> ParquetReader::FieldIndexById(int32_t field_id) const {
  const auto& fields = schema_.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].field.field_id == field_id) return static_cast<int>(i);
  }
  return std::nullopt;
}

Result<std::unique_ptr<BatchReader>> ParquetReader::ReadRowGroups(std::vector<int> row_groups,
                                                                  std::vector<int> fields) {
  if (row_groups.empty()) {
    for (int g = 0; g < num_row_groups(); ++g) row_groups.push_back(g);
  }
  for (int g : row_groups) {
    if (g < 0 || g >= num_row_groups()) return InvalidData("row group {} out of range (the file has {})", g, num_row_groups());
  }
  if (fields.empty()) {
    for (size_t f = 0; f < schema_.fields().size(); ++f) fields.push_back(static_cast<int>(f));
  }
  for (int f : fields) {
    if (f < 0 || f >= static_cast<int>(schema_.fields().size())) {
      return InvalidData("field {} out of range (the file has {} top-level fields)", f, schema_.fields().size());
    }
  }
  return std::unique_ptr<BatchReader>(new BatchReader(this, std::move(row_groups), std::move(fields)));
}

BatchReader::BatchReader(ParquetReader* reader, std::vector<int> row_groups, std::vector<int> fields)
    : reader_(reader), row_groups_(std::move(row_groups)), fields_(std::move(fields)) {
  auto schema = std::make_shared<columnar::Schema>();
  for (int f : fields_) {
    const FieldNode& node = reader_->schema_.fields()[f];
    schema->push_back(node.field);
    CollectColumns(node, &columns_);
  }
  schema_ = std::move(schema);
  chunk_readers_.resize(reader_->schema_.columns().size());
  leaves_.resize(reader_->schema_.columns().size());
  int64_t first_row = 0;
  for (const RowGroup& group : reader_->metadata_.row_groups) {
    file_row_offsets_.push_back(first_row);
    first_row += group.num_rows;
  }
}

Status BatchReader::OpenRowGroup(int row_group) {
  const RowGroup& group = reader_->metadata_.row_groups[row_group];
  bool partial = CountRows(ranges_) < group.num_rows;
  std::vector<int64_t> starts;
  const auto& descriptors = reader_->schema_.columns();
  std::vector<io::ByteRange> ranges;
  for (int c : columns_) {
    const ColumnChunk& chunk = group.columns[c];
    std::string name;
    for (const std::string& part : descriptors[c].path) name += (name.empty() ? "" : ".") + part;
    if (chunk.file_path) return NotImplemented("Parquet column chunks in other files ('{}') are not supported", name);
    if (!chunk.meta_data) return InvalidData("corrupt Parquet file: column '{}' has no metadata", name);
    const ColumnMetaData& column = *chunk.meta_data;
    if (column.type != descriptors[c].physical_type) {
      return InvalidData("corrupt Parquet file: column '{}' chunk type {} differs from the schema", name,
                         static_cast<int32_t>(column.type));
    }
    // The chunk starts at its dictionary page when there is one. Some writers
    // store dictionary_page_offset = 0 for "none", others data_page_offset = 0.
    int64_t start = column.data_page_offset;
    if (column.dictionary_page_offset && *column.dictionary_page_offset >= 4 &&
        (*column.dictionary_page_offset < start || start < 4)) {
      start = *column.dictionary_page_offset;
    }
    int64_t length = column.total_compressed_size;
    if (start < 4 || length < 0 || length > reader_->file_size_ - start) {
      return InvalidData("corrupt Parquet file: column '{}' chunk [{}, +{}) lies outside the file", name, start, length);
    }
    if (column.num_values < 0) return InvalidData("corrupt Parquet file: column '{}' has a negative value count", name);
    ranges.push_back({start, length});
    starts.push_back(start);
  }
  // Only some rows are read: with an offset index for every projected
  // column, fetch just the pages those rows lie in (plus each chunk's
  // dictionary page, and for nested columns the page after each range,
  // where the reader looks for the end of the range's last record); the
  // other bytes of the chunk stay zero and are never parsed.
  std::vector<std::optional<OffsetIndex>> indexes(columns_.size());
  bool sparse = partial;
  for (size_t i = 0; partial && i < columns_.size(); ++i) {
    int c = columns_[i];
    FLOE_ASSIGN_OR_RETURN(indexes[i], reader_->ReadOffsetIndex(row_group, c));
    if (!indexes[i]) {
      sparse = false;
      continue;
    }
    for (const PageLocation& page : indexes[i]->page_locations) {
      if (page.offset < starts[i] || page.compressed_page_size > ranges[i].length ||
          page.offset - starts[i] > ranges[i].length - page.compressed_page_size) {
        return InvalidData("corrupt Parquet offset index: column {} page [{}, +{}) lies outside its chunk", c,
                           page.offset, page.compressed_page_size);
      }
    }
  }
  std::vector<ChunkBytes> bytes;
  if (!sparse) {
    // All chunks of the row group in one call: object stores fetch them in parallel.
    std::vector<std::string> whole;
    FLOE_RETURN_IF_ERROR(reader_->file_->ReadRanges(ranges, &whole));
    for (const io::ByteRange& range : ranges) bytes_read_ += range.length;
    for (std::string& chunk : whole) bytes.emplace_back(std::move(chunk));
  } else {
    std::vector<io::ByteRange> pieces;
    std::vector<size_t> owner;  // column position of each piece
    for (size_t i = 0; i < columns_.size(); ++i) {
      const auto& pages = indexes[i]->page_locations;
      bool nested = descriptors[columns_[i]].max_repetition_level > 0;
      auto add = [&](int64_t offset, int64_t length) {
        if (length <= 0) return;
        if (!pieces.empty() && owner.back() == i && pieces.back().offset + pieces.back().length >= offset) {
          int64_t end = std::max(pieces.back().offset + pieces.back().length, offset + length);
          pieces.back().length = end - pieces.back().offset;
          return;
        }
        pieces.push_back({offset, length});
        owner.push_back(i);
      };
      add(starts[i], pages[0].offset - starts[i]);  // dictionary page, if any
      size_t next_range = 0;
      bool previous_overlaps = false;
      for (size_t p = 0; p < pages.size(); ++p) {
        int64_t begin = pages[p].first_row_index;
        int64_t end = p + 1 < pages.size() ? pages[p + 1].first_row_index : group.num_rows;
        while (next_range < ranges_.size() && ranges_[next_range].end <= begin) ++next_range;
        bool overlaps = next_range < ranges_.size() && ranges_[next_range].begin < end;
        if (overlaps || (nested && previous_overlaps)) add(pages[p].offset, pages[p].compressed_page_size);
        previous_overlaps = overlaps;
      }
    }
    std::vector<std::string> fetched;
    FLOE_RETURN_IF_ERROR(reader_->file_->ReadRanges(pieces, &fetched));
    for (size_t i = 0; i < columns_.size(); ++i) {
      auto size = static_cast<size_t>(ranges[i].length);
      bytes.emplace_back(std::unique_ptr<char[]>(new char[size]), size);  // uninitialised: only fetched pages are read
    }
    for (size_t k = 0; k < pieces.size(); ++k) {
      size_t i = owner[k];
      if (fetched[k].size() != static_cast<size_t>(pieces[k].length)) return InvalidData("short read of a column chunk");
      std::memcpy(bytes[i].mutable_data() + (pieces[k].offset - starts[i]), fetched[k].data(), fetched[k].size());
      bytes_read_ += pieces[k].length;
    }
  }
  PageLimits limits;
  limits.max_page_bytes = reader_->options_.max_page_bytes;
  limits.verify_checksums = reader_->options_.verify_page_checksums;
  for (size_t i = 0; i < columns_.size(); ++i) {
    int c = columns_[i];
    const ColumnMetaData& column = *group.columns[c].meta_data;
    chunk_readers_[c] = std::make_unique<ColumnChunkReader>(descriptors[c], column.codec, column.num_values,
                                                            std::move(bytes[i]), limits);
    if (!indexes[i]) continue;
    // Let the chunk jump over pages by its offset index.
    for (PageLocation& page : indexes[i]->page_locations) page.offset -= starts[i];
    chunk_readers_[c]->SetPageLocations(std::move(indexes[i]->page_locations));
  }
  return Status::OK();
}

Result<bool> BatchReader::Next(Batch* batch) {
  const auto& descriptors = reader_->schema_.columns();
  auto column_name = [&](int c) {
    std::string name;
    for (const std::string& part : descriptors[c].path) name += (name.empty() ? "" : ".") + part;
    return name;
  };
  while (true) {
    if (next_range_ < ranges_.size()) {
      const RowRange& range = ranges_[next_range_];
      if (position_ < range.begin) {
        for (int c : columns_) {
          ColumnChunkReader& chunk = *chunk_readers_[c];
          FLOE_RETURN_IF_ERROR(chunk.SkipRecords(range.begin - position_));
          if (chunk.position() != range.begin) {
            return InvalidData("corrupt Parquet file: column '{}' holds fewer rows than its row group declares",
                               column_name(c));
          }
        }
        position_ = range.begin;
      }
      if (position_ < range.end) break;
      ++next_range_;
      continue;
    }
    if (next_row_group_ >= row_groups_.size()) return false;
    size_t index = next_row_group_++;
    int row_group = row_groups_[index];
    int64_t num_rows = reader_->metadata_.row_groups[row_group].num_rows;
    ranges_.clear();
    if (!row_ranges_.empty()) {
      for (const RowRange& range : row_ranges_[index]) {
        RowRange clipped{std::max<int64_t>(range.begin, 0), std::min(range.end, num_rows)};
        if (clipped.begin < clipped.end) ranges_.push_back(clipped);
      }
    } else if (num_rows > 0) {
      ranges_.push_back({0, num_rows});
    }
    next_range_ = 0;
    position_ = 0;
    if (ranges_.empty()) continue;  // nothing to decode
    current_row_group_ = row_group;
    row_group_first_file_row_ = file_row_offsets_[row_group];
    FLOE_RETURN_IF_ERROR(OpenRowGroup(row_group));
  }
  int64_t rows = std::min(reader_->options_.batch_rows, ranges_[next_range_].end - position_);
  for (int c : columns_) {
    ColumnChunkReader& chunk = *chunk_readers_[c];
    chunk.StartBatch(&leaves_[c]);
    FLOE_ASSIGN_OR_RETURN(int64_t read, chunk.ReadRecords(rows, &leaves_[c]));
    if (read != rows) {
      return InvalidData("corrupt Parquet file: column '{}' holds fewer rows than its row group declares",
                         column_name(c));
    }
  }
  batch->schema = schema_;
  batch->columns.clear();
  batch->selection.reset();
  batch->num_rows = rows;
  for (int f : fields_) {
    const FieldNode& node = reader_->schema_.fields()[f];
    FLOE_ASSIGN_OR_RETURN(std::shared_ptr<Vector> vector, AssembleField(node, descriptors, leaves_));
    if (vector->length != rows) {
      return InvalidData("corrupt Parquet file: field '{}' assembled {} rows, expected {}", node.field.name,
                         vector->length, rows);
    }
    batch->columns.push_back(std::move(vector));
  }
  batch_first_row_ = position_;
  position_ += rows;
  return true;
}

// --- Pruning: statistics, bloom filters, page index ---

std::vector<int> ParquetReader::SelectRowGroups(const std::vector<ColumnPredicate>& predicates) const {
  std::vector<int> selected;
  const auto& columns = schema_.columns();
  for (int g = 0; g < num_row_groups(); ++g) {
    const RowGroup& group = metadata_.row_groups[g];
    bool keep = true;
    for (const ColumnPredicate& predicate : predicates) {
      if (predicate.column < 0 || predicate.column >= static_cast<int>(columns.size())) continue;
      const ColumnChunk& chunk = group.columns[predicate.column];
      if (!chunk.meta_data) continue;
      if (!ChunkMayMatch(columns[predicate.column], *chunk.meta_data, predicate)) {
        keep = false;
        break;
      }
    }
    if (keep) selected.push_back(g);
  }
  return selected;
}

Result<std::string> ParquetReader::ReadIndexBytes(int64_t offset, int64_t length, std::string_view what) {
  if (offset < 4 || length <= 0 || length > file_size_ - offset || length > options_.max_footer_bytes) {
    return InvalidData("corrupt Parquet file: {} [{}, +{}) lies outside the file: {}", what, offset, length,
                       file_->location());
  }
  std::string bytes(static_cast<size_t>(length), '\0');
  FLOE_RETURN_IF_ERROR(file_->ReadAt(offset, length, reinterpret_cast<uint8_t*>(bytes.data())));
  return bytes;
}

namespace {

Status CheckChunk(const FileMetaData& metadata, const FileSchema& schema, int row_group, int column) {
  if (row_group < 0 || row_group >= static_cast<int>(metadata.row_groups.size())) {
    return InvalidData("row group {} out of range (the file has {})", row_group, metadata.row_groups.size());
  }
  if (column < 0 || column >= static_cast<int>(schema.columns().size())) {
    return InvalidData("column {} out of range (the file has {} leaf columns)", column, schema.columns().size());
  }
  return Status::OK();
}

}  // namespace

Result<std::optional<OffsetIndex>> ParquetReader::ReadOffsetIndex(int row_group, int column) {
  FLOE_RETURN_IF_ERROR(CheckChunk(metadata_, schema_, row_group, column));
  const ColumnChunk& chunk = metadata_.row_groups[row_group].columns[column];
  if (!chunk.offset_index_offset || !chunk.offset_index_length) return std::optional<OffsetIndex>();
  FLOE_ASSIGN_OR_RETURN(std::string bytes,
                        ReadIndexBytes(*chunk.offset_index_offset, *chunk.offset_index_length, "offset index"));
  FLOE_ASSIGN_OR_RETURN(OffsetIndex index,
                        ParseOffsetIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  FLOE_RETURN_IF_ERROR(ValidateOffsetIndex(index, metadata_.row_groups[row_group].num_rows));
  return std::optional<OffsetIndex>(std::move(index));
}

Result<std::optional<ColumnIndex>> ParquetReader::ReadColumnIndex(int row_group, int column) {
  FLOE_RETURN_IF_ERROR(CheckChunk(metadata_, schema_, row_group, column));
  const ColumnChunk& chunk = metadata_.row_groups[row_group].columns[column];
  if (!chunk.column_index_offset || !chunk.column_index_length) return std::optional<ColumnIndex>();
  FLOE_ASSIGN_OR_RETURN(std::string bytes,
                        ReadIndexBytes(*chunk.column_index_offset, *chunk.column_index_length, "column index"));
  FLOE_ASSIGN_OR_RETURN(ColumnIndex index,
                        ParseColumnIndex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  return std::optional<ColumnIndex>(std::move(index));
}

Result<std::optional<BloomFilter>> ParquetReader::ReadBloomFilter(int row_group, int column) {
  FLOE_RETURN_IF_ERROR(CheckChunk(metadata_, schema_, row_group, column));
  const ColumnChunk& chunk = metadata_.row_groups[row_group].columns[column];
  if (!chunk.meta_data || !chunk.meta_data->bloom_filter_offset) return std::optional<BloomFilter>();
  int64_t offset = *chunk.meta_data->bloom_filter_offset;
  int64_t length;
  if (chunk.meta_data->bloom_filter_length) {
    length = *chunk.meta_data->bloom_filter_length;
  } else {
    // Older writers omit the length: read the header first, then the bitset.
    int64_t probe = std::min<int64_t>(64, file_size_ - std::max<int64_t>(offset, 0));
    FLOE_ASSIGN_OR_RETURN(std::string head, ReadIndexBytes(offset, probe, "bloom filter"));
    size_t header_size = 0;
    FLOE_ASSIGN_OR_RETURN(BloomFilterHeader header, ParseBloomFilterHeader(reinterpret_cast<const uint8_t*>(head.data()),
                                                                           head.size(), &header_size));
    if (header.num_bytes < 0) return InvalidData("corrupt Parquet bloom filter: negative size");
    length = static_cast<int64_t>(header_size) + header.num_bytes;
  }
  if (length > BloomFilter::kMaxBytes + 1024) {
    return InvalidData("corrupt Parquet bloom filter: {} bytes", length);
  }
  FLOE_ASSIGN_OR_RETURN(std::string bytes, ReadIndexBytes(offset, length, "bloom filter"));
  FLOE_ASSIGN_OR_RETURN(BloomFilter filter,
                        BloomFilter::Parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  return std::optional<BloomFilter>(std::move(filter));
}

Result<std::vector<int>> ParquetReader::PruneRowGroups(const std::vector<ColumnPredicate>& predicates,
                                                       ScanStatistics* statistics) {
  std::vector<int> by_statistics = SelectRowGroups(predicates);
  if (statistics) {
    statistics->row_groups = num_row_groups();
    statistics->row_groups_pruned_by_statistics = num_row_groups() - static_cast<int>(by_statistics.size());
  }
  const auto& columns = schema_.columns();
  std::vector<int> selected;
  for (int g : by_statistics) {
    bool keep = true;
    for (const ColumnPredicate& predicate : predicates) {
      if (predicate.op != ColumnPredicate::Op::kEqual) continue;
      if (predicate.column < 0 || predicate.column >= static_cast<int>(columns.size())) continue;
      std::optional<uint64_t> hash = BloomFilter::HashValue(columns[predicate.column], predicate);
      if (!hash) continue;
      Result<std::optional<BloomFilter>> filter = ReadBloomFilter(g, predicate.column);
      if (!filter.ok()) {
        if (filter.status().kind() == ErrorKind::kNotImplemented) continue;  // a filter this reader cannot use
        return filter.status();
      }
      if (*filter && !(*filter)->MightContain(*hash)) {
        keep = false;
        break;
      }
    }
    if (keep) {
      selected.push_back(g);
    } else if (statistics) {
      ++statistics->row_groups_pruned_by_bloom_filter;
    }
  }
  return selected;
}

Result<RowRanges> ParquetReader::SelectRows(int row_group, const std::vector<ColumnPredicate>& predicates) {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return InvalidData("row group {} out of range (the file has {})", row_group, num_row_groups());
  }
  int64_t num_rows = metadata_.row_groups[row_group].num_rows;
  RowRanges ranges;
  if (num_rows > 0) ranges.push_back({0, num_rows});
  const auto& columns = schema_.columns();
  for (const ColumnPredicate& predicate : predicates) {
    if (ranges.empty()) break;
    if (predicate.column < 0 || predicate.column >= static_cast<int>(columns.size())) continue;
    FLOE_ASSIGN_OR_RETURN(std::optional<ColumnIndex> column_index, ReadColumnIndex(row_group, predicate.column));
    if (!column_index) continue;
    FLOE_ASSIGN_OR_RETURN(std::optional<OffsetIndex> offset_index, ReadOffsetIndex(row_group, predicate.column));
    if (!offset_index) continue;
    FLOE_ASSIGN_OR_RETURN(RowRanges matching, PageIndexMayMatch(columns[predicate.column], *column_index,
                                                                *offset_index, num_rows, predicate));
    ranges = IntersectRowRanges(ranges, matching);
  }
  return ranges;
}

Result<std::unique_ptr<BatchReader>> ParquetReader::ReadRows(int row_group, RowRanges rows, std::vector<int> fields) {
  FLOE_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, ReadRowGroups({row_group}, std::move(fields)));
  reader->row_ranges_ = {std::move(rows)};
  return reader;
}

Result<std::unique_ptr<BatchReader>> ParquetReader::Scan(std::vector<int> fields,
                                                         const std::vector<ColumnPredicate>& predicates,
                                                         ScanStatistics* statistics) {
  ScanStatistics local;
  if (!statistics) statistics = &local;
  *statistics = ScanStatistics{};
  statistics->rows = metadata_.num_rows;
  FLOE_ASSIGN_OR_RETURN(std::vector<int> groups, PruneRowGroups(predicates, statistics));
  std::vector<int> kept;
  std::vector<RowRanges> row_ranges;
  for (int g : groups) {
    FLOE_ASSIGN_OR_RETURN(RowRanges ranges, SelectRows(g, predicates));
    if (ranges.empty()) {
      if (metadata_.row_groups[g].num_rows > 0) ++statistics->row_groups_pruned_by_page_index;
      continue;
    }
    statistics->rows_selected += CountRows(ranges);
    kept.push_back(g);
    row_ranges.push_back(std::move(ranges));
  }
  if (kept.empty()) {
    // Nothing may match: a reader that yields no batches but has the schema.
    std::vector<int> first = num_row_groups() > 0 ? std::vector<int>{0} : std::vector<int>{};
    FLOE_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, ReadRowGroups(std::move(first), std::move(fields)));
    reader->row_groups_.clear();
    return reader;
  }
  FLOE_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, ReadRowGroups(kept, std::move(fields)));
  reader->row_ranges_ = std::move(row_ranges);
  return reader;
}

}  // namespace floe::parquet
