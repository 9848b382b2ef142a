#include "floe/parquet/column_reader.h"

#include <zlib.h>

#include <algorithm>

#include "floe/parquet/compression.h"

namespace floe::parquet {

using columnar::Vector;

ColumnChunkReader::ColumnChunkReader(const ColumnDescriptor& column, Codec codec, int64_t num_values,
                                     ChunkBytes chunk, PageLimits limits)
    : column_(column), codec_(codec), num_values_(num_values), chunk_(std::move(chunk)), limits_(limits) {}

Status ColumnChunkReader::Corrupt(std::string_view what) const {
  std::string path;
  for (const std::string& part : column_.path) path += (path.empty() ? "" : ".") + part;
  return InvalidData("corrupt Parquet column '{}': {}", path, what);
}

void ColumnChunkReader::StartBatch(LeafBatch* out) const {
  out->definition_levels.Clear();
  out->repetition_levels.Clear();
  out->level_count = 0;
  out->values = Vector::Make(PhysicalVectorType(column_.physical_type, column_.type_length));
}

Status ColumnChunkReader::SetUpLevels(Encoding encoding, int16_t max_level, const uint8_t** data, size_t* size,
                                      bool v1, size_t v2_length, RleBitPackedDecoder* decoder,
                                      bool* bit_packed_legacy, const uint8_t** legacy_data, size_t* legacy_size) {
  int bit_width = BitWidth(static_cast<uint64_t>(max_level));
  *bit_packed_legacy = false;
  if (!v1) {
    if (v2_length > *size) return Corrupt("level lengths exceed the page");
    *decoder = RleBitPackedDecoder(*data, v2_length, bit_width);
    *data += v2_length;
    *size -= v2_length;
    return Status::OK();
  }
  if (encoding == Encoding::kRle) {
    if (*size < 4) return Corrupt("page too small for its levels");
    uint32_t length;
    std::memcpy(&length, *data, 4);
    if (length > *size - 4) return Corrupt("level data runs past the page");
    *decoder = RleBitPackedDecoder(*data + 4, length, bit_width);
    *data += 4 + length;
    *size -= 4 + length;
    return Status::OK();
  }
  if (encoding == Encoding::kBitPacked) {
    uint64_t bytes = (static_cast<uint64_t>(page_remaining_) * bit_width + 7) / 8;
    if (bytes > *size) return Corrupt("BIT_PACKED levels run past the page");
    *bit_packed_legacy = true;
    *legacy_data = *data;
    *legacy_size = bytes;
    *data += bytes;
    *size -= bytes;
    return Status::OK();
  }
  return Corrupt(fmt::format("unsupported level encoding {}", static_cast<int32_t>(encoding)));
}

Result<const uint8_t*> ColumnChunkReader::DecompressPage(const uint8_t* input, size_t input_size,
                                                        size_t output_size) {
  if (codec_ == Codec::kUncompressed) {
    if (input_size != output_size) return Corrupt("uncompressed page sizes disagree");
    return input;
  }
  page_buffer_.Resize(output_size);
  Status status = Decompress(codec_, input, input_size, page_buffer_.data(), output_size);
  if (!status.ok()) {
    if (status.kind() == ErrorKind::kInvalidData) return Corrupt(status.message());
    return status;
  }
  return page_buffer_.data();
}

Status ColumnChunkReader::ReadDictionaryPage(const PageHeader& header, const uint8_t* page, size_t page_size) {
  if (!header.dictionary_page_header) return Corrupt("dictionary page without its header");
  if (dictionary_) return Corrupt("a second dictionary page");
  const DictionaryPageHeader& dictionary = *header.dictionary_page_header;
  if (dictionary.encoding != Encoding::kPlain && dictionary.encoding != Encoding::kPlainDictionary) {
    return Corrupt(fmt::format("dictionary page encoding {}", static_cast<int32_t>(dictionary.encoding)));
  }
  size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
  FLOE_ASSIGN_OR_RETURN(const uint8_t* data, DecompressPage(page, page_size, uncompressed));
  auto values = Vector::Make(PhysicalVectorType(column_.physical_type, column_.type_length));
  Status status = DecodeDictionaryPage(column_.physical_type, column_.type_length, data, uncompressed,
                                       dictionary.num_values, values.get());
  if (!status.ok()) return Corrupt(status.message());
  dictionary_ = std::move(values);
  return Status::OK();
}

Result<PageHeader> ColumnChunkReader::ReadPageHeader(size_t* page_offset) {
  const uint8_t* base = reinterpret_cast<const uint8_t*>(chunk_.data());
  size_t header_size = 0;
  Result<PageHeader> parsed = ParsePageHeader(base + offset_, chunk_.size() - offset_, &header_size);
  if (!parsed.ok()) return Corrupt(parsed.status().message());
  const PageHeader& header = *parsed;
  size_t start = offset_ + header_size;
  if (header.compressed_page_size < 0 || static_cast<size_t>(header.compressed_page_size) > chunk_.size() - start) {
    return Corrupt(fmt::format("page of {} bytes runs past the column chunk", header.compressed_page_size));
  }
  if (header.uncompressed_page_size < 0) {
    return Corrupt(fmt::format("page declares {} uncompressed bytes", header.uncompressed_page_size));
  }
  if (header.uncompressed_page_size > limits_.max_page_bytes) {
    // Valid Parquet, but decompressing it would take more memory than the
    // reader allows (ReaderOptions::max_page_bytes).
    std::string path;
    for (const std::string& part : column_.path) path += (path.empty() ? "" : ".") + part;
    return NotImplemented(
        "Parquet column '{}': a page of {} bytes uncompressed exceeds the reader's page limit of {} bytes "
        "(ReaderOptions::max_page_bytes)",
        path, header.uncompressed_page_size, limits_.max_page_bytes);
  }
  *page_offset = start;
  return parsed;
}

void ColumnChunkReader::SetPageLocations(std::vector<PageLocation> pages) { pages_ = std::move(pages); }

Status ColumnChunkReader::LoadDictionary() {
  if (dictionary_ || offset_ != 0 || chunk_.empty()) return Status::OK();
  // With an offset index, a dictionary page is what precedes the first data
  // page; none when that starts the chunk (whose bytes a row range may not
  // have fetched).
  if (!pages_.empty() && pages_[0].offset == 0) return Status::OK();
  size_t page_offset = 0;
  FLOE_ASSIGN_OR_RETURN(PageHeader header, ReadPageHeader(&page_offset));
  if (header.type != PageType::kDictionaryPage) return Status::OK();
  size_t page_size = static_cast<size_t>(header.compressed_page_size);
  const uint8_t* page = reinterpret_cast<const uint8_t*>(chunk_.data()) + page_offset;
  if (limits_.verify_checksums && header.crc) {
    uint32_t crc = static_cast<uint32_t>(crc32(0L, page, static_cast<uInt>(page_size)));
    if (crc != static_cast<uint32_t>(*header.crc)) return Corrupt("page checksum (CRC32) mismatch");
  }
  FLOE_RETURN_IF_ERROR(ReadDictionaryPage(header, page, page_size));
  offset_ = page_offset + page_size;
  return Status::OK();
}

Status ColumnChunkReader::SkipRecords(int64_t records) {
  int64_t target = row_ + records;
  if (!pages_.empty()) {
    // The last page starting at or before the target row; jump to it when it
    // starts after the current position (the pages in between are never
    // decompressed).
    auto it = std::upper_bound(pages_.begin(), pages_.end(), target,
                               [](int64_t row, const PageLocation& page) { return row < page.first_row_index; });
    if (it != pages_.begin()) {
      const PageLocation& page = *(it - 1);
      if (page.first_row_index > row_) {
        FLOE_RETURN_IF_ERROR(LoadDictionary());
        offset_ = static_cast<size_t>(page.offset);
        page_remaining_ = 0;
        pending_begin_ = pending_end_ = 0;
        values_.reset();
        row_ = page.first_row_index;
        first_entry_ = false;
      }
    }
  }
  // Decode and drop the rest.
  LeafBatch scratch;
  while (row_ < target) {
    StartBatch(&scratch);
    FLOE_ASSIGN_OR_RETURN(int64_t read, ReadRecords(std::min<int64_t>(target - row_, 4096), &scratch));
    if (read == 0) return Corrupt("the column chunk ends before the rows it skips");
  }
  return Status::OK();
}

Result<bool> ColumnChunkReader::NextDataPage() {
  while (offset_ < chunk_.size()) {
    size_t page_offset = 0;
    FLOE_ASSIGN_OR_RETURN(PageHeader parsed, ReadPageHeader(&page_offset));
    const PageHeader& header = parsed;
    const uint8_t* page = reinterpret_cast<const uint8_t*>(chunk_.data()) + page_offset;
    size_t page_size = static_cast<size_t>(header.compressed_page_size);
    offset_ = page_offset + page_size;
    if (limits_.verify_checksums && header.crc) {
      uint32_t crc = static_cast<uint32_t>(crc32(0L, page, static_cast<uInt>(page_size)));
      if (crc != static_cast<uint32_t>(*header.crc)) return Corrupt("page checksum (CRC32) mismatch");
    }
    size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
    switch (header.type) {
      case PageType::kDictionaryPage:
        FLOE_RETURN_IF_ERROR(ReadDictionaryPage(header, page, page_size));
        continue;
      case PageType::kDataPage: {
        if (!header.data_page_header) return Corrupt("data page without its header");
        const DataPageHeader& data_page = *header.data_page_header;
        if (data_page.num_values < 0) return Corrupt("negative value count");
        FLOE_ASSIGN_OR_RETURN(const uint8_t* data, DecompressPage(page, page_size, uncompressed));
        size_t size = uncompressed;
        page_remaining_ = data_page.num_values;
        if (column_.max_repetition_level > 0) {
          FLOE_RETURN_IF_ERROR(SetUpLevels(data_page.repetition_level_encoding, column_.max_repetition_level, &data,
                                           &size, true, 0, &repetition_decoder_, &repetition_bit_packed_,
                                           &repetition_packed_data_, &repetition_packed_size_));
          repetition_packed_index_ = 0;
        }
        if (column_.max_definition_level > 0) {
          FLOE_RETURN_IF_ERROR(SetUpLevels(data_page.definition_level_encoding, column_.max_definition_level, &data,
                                           &size, true, 0, &definition_decoder_, &definition_bit_packed_,
                                           &definition_packed_data_, &definition_packed_size_));
          definition_packed_index_ = 0;
        }
        Result<std::unique_ptr<ValueDecoder>> decoder = MakeValueDecoder(
            data_page.encoding, column_.physical_type, column_.type_length, data, size, dictionary_.get());
        if (!decoder.ok()) {
          if (decoder.status().kind() == ErrorKind::kInvalidData) return Corrupt(decoder.status().message());
          return decoder.status();
        }
        values_ = std::move(decoder).value();
        break;
      }
      case PageType::kDataPageV2: {
        if (!header.data_page_header_v2) return Corrupt("data page v2 without its header");
        const DataPageHeaderV2& data_page = *header.data_page_header_v2;
        if (data_page.num_values < 0 || data_page.definition_levels_byte_length < 0 ||
            data_page.repetition_levels_byte_length < 0) {
          return Corrupt("negative sizes in a data page v2 header");
        }
        size_t levels_size = static_cast<size_t>(data_page.definition_levels_byte_length) +
                             static_cast<size_t>(data_page.repetition_levels_byte_length);
        if (levels_size > page_size || levels_size > uncompressed) return Corrupt("level lengths exceed the page");
        page_remaining_ = data_page.num_values;
        const uint8_t* levels = page;
        size_t levels_left = levels_size;
        repetition_bit_packed_ = definition_bit_packed_ = false;
        if (column_.max_repetition_level > 0) {
          FLOE_RETURN_IF_ERROR(SetUpLevels(Encoding::kRle, column_.max_repetition_level, &levels, &levels_left, false,
                                           data_page.repetition_levels_byte_length, &repetition_decoder_,
                                           &repetition_bit_packed_, &repetition_packed_data_, &repetition_packed_size_));
        } else {
          levels += data_page.repetition_levels_byte_length;
          levels_left -= data_page.repetition_levels_byte_length;
        }
        if (column_.max_definition_level > 0) {
          FLOE_RETURN_IF_ERROR(SetUpLevels(Encoding::kRle, column_.max_definition_level, &levels, &levels_left, false,
                                           data_page.definition_levels_byte_length, &definition_decoder_,
                                           &definition_bit_packed_, &definition_packed_data_, &definition_packed_size_));
        }
        const uint8_t* values = page + levels_size;
        size_t values_size = page_size - levels_size;
        size_t values_uncompressed = uncompressed - levels_size;
        const uint8_t* data = values;
        if (values_uncompressed == 0) {
          values_size = 0;  // e.g. an all-null page whose empty values section was compressed anyway
        } else if (data_page.is_compressed && codec_ != Codec::kUncompressed) {
          FLOE_ASSIGN_OR_RETURN(data, DecompressPage(values, values_size, values_uncompressed));
        } else {
          values_uncompressed = values_size;
        }
        // Levels point into chunk_, values into page_buffer_ or chunk_: both stay valid for the page.
        Result<std::unique_ptr<ValueDecoder>> decoder = MakeValueDecoder(
            data_page.encoding, column_.physical_type, column_.type_length, data, values_uncompressed,
            dictionary_.get());
        if (!decoder.ok()) {
          if (decoder.status().kind() == ErrorKind::kInvalidData) return Corrupt(decoder.status().message());
          return decoder.status();
        }
        values_ = std::move(decoder).value();
        break;
      }
      default:
        continue;  // index pages and unknown page types carry no values
    }
    values_seen_ += page_remaining_;
    if (values_seen_ > num_values_) return Corrupt("pages hold more values than the column chunk declares");
    if (page_remaining_ == 0) continue;
    return true;
  }
  return false;
}

Status ColumnChunkReader::DecodeLevels(bool repetition, int64_t count, int16_t* out) {
  bool legacy = repetition ? repetition_bit_packed_ : definition_bit_packed_;
  int16_t max_level = repetition ? column_.max_repetition_level : column_.max_definition_level;
  if (legacy) {
    // Deprecated BIT_PACKED: values packed from the most significant bit.
    const uint8_t* data = repetition ? repetition_packed_data_ : definition_packed_data_;
    size_t size = repetition ? repetition_packed_size_ : definition_packed_size_;
    uint64_t& index = repetition ? repetition_packed_index_ : definition_packed_index_;
    int width = BitWidth(static_cast<uint64_t>(max_level));
    for (int64_t i = 0; i < count; ++i, ++index) {
      int value = 0;
      for (int b = 0; b < width; ++b) {
        uint64_t bit = index * width + b;
        if ((bit >> 3) >= size) return Corrupt("BIT_PACKED levels end early");
        value = (value << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
      }
      out[i] = static_cast<int16_t>(value);
    }
  } else {
    RleBitPackedDecoder& decoder = repetition ? repetition_decoder_ : definition_decoder_;
    if (decoder.Decode(out, count) != count) {
      return Corrupt(repetition ? "fewer repetition levels than values" : "fewer definition levels than values");
    }
  }
  int16_t seen = 0;
  for (int64_t i = 0; i < count; ++i) seen = std::max<int16_t>(seen, out[i]);
  int16_t lowest = 0;
  for (int64_t i = 0; i < count; ++i) lowest = std::min<int16_t>(lowest, out[i]);
  if (seen > max_level || lowest < 0) {
    return Corrupt(fmt::format("{} level {} above the maximum {}", repetition ? "repetition" : "definition",
                               seen, max_level));
  }
  return Status::OK();
}

Status ColumnChunkReader::ConsumeValues(int64_t count, LeafBatch* out) {
  if (count == 0) return Status::OK();
  Status status = values_->Decode(count, out->values.get());
  if (!status.ok() && status.kind() == ErrorKind::kInvalidData) return Corrupt(status.message());
  return status;
}

Result<int64_t> ColumnChunkReader::ReadRecords(int64_t records, LeafBatch* out) {
  Result<int64_t> read = column_.max_repetition_level == 0 ? ReadFlat(records, out) : ReadNested(records, out);
  if (read.ok()) row_ += *read;
  return read;
}

Result<int64_t> ColumnChunkReader::ReadFlat(int64_t records, LeafBatch* out) {
  int64_t read = 0;
  while (read < records) {
    if (page_remaining_ == 0) {
      FLOE_ASSIGN_OR_RETURN(bool more, NextDataPage());
      if (!more) break;
    }
    int64_t count = std::min(records - read, page_remaining_);
    int64_t values = count;
    if (column_.max_definition_level > 0) {
      size_t start = out->definition_levels.size();
      out->definition_levels.Resize(start + count * sizeof(int16_t));
      int16_t* levels = reinterpret_cast<int16_t*>(out->definition_levels.data() + start);
      FLOE_RETURN_IF_ERROR(DecodeLevels(false, count, levels));
      values = 0;
      const int16_t max_level = column_.max_definition_level;
      for (int64_t i = 0; i < count; ++i) values += levels[i] == max_level;
    }
    FLOE_RETURN_IF_ERROR(ConsumeValues(values, out));
    page_remaining_ -= count;
    out->level_count += count;
    read += count;
  }
  return read;
}

Result<int64_t> ColumnChunkReader::ReadNested(int64_t records, LeafBatch* out) {
  int64_t read = 0;
  const int16_t max_definition = column_.max_definition_level;
  while (true) {
    if (pending_begin_ == pending_end_) {
      if (page_remaining_ == 0) {
        FLOE_ASSIGN_OR_RETURN(bool more, NextDataPage());
        if (!more) break;
      }
      int64_t count = std::min<int64_t>(page_remaining_, 4096);
      pending_repetitions_.Resize(count * sizeof(int16_t));
      pending_definitions_.Resize(count * sizeof(int16_t));
      FLOE_RETURN_IF_ERROR(DecodeLevels(true, count, pending_repetitions_.As<int16_t>()));
      FLOE_RETURN_IF_ERROR(DecodeLevels(false, count, pending_definitions_.As<int16_t>()));
      if (first_entry_ && pending_repetitions_.As<int16_t>()[0] != 0) {
        return Corrupt("the first repetition level of the column chunk is not 0");
      }
      first_entry_ = false;
      page_remaining_ -= count;
      pending_begin_ = 0;
      pending_end_ = count;
    }
    const int16_t* repetitions = pending_repetitions_.As<int16_t>();
    const int16_t* definitions = pending_definitions_.As<int16_t>();
    int64_t end = pending_begin_;
    bool stop = false;
    for (; end < pending_end_; ++end) {
      if (repetitions[end] == 0) {
        if (read == records) {
          stop = true;
          break;
        }
        ++read;
      }
    }
    int64_t count = end - pending_begin_;
    if (out->level_count + count > limits_.max_batch_level_entries) {
      return Corrupt("a batch of records holds more level entries than the limit");
    }
    out->repetition_levels.Append(repetitions + pending_begin_, count * sizeof(int16_t));
    out->definition_levels.Append(definitions + pending_begin_, count * sizeof(int16_t));
    int64_t values = 0;
    for (int64_t i = pending_begin_; i < end; ++i) values += definitions[i] == max_definition;
    FLOE_RETURN_IF_ERROR(ConsumeValues(values, out));
    out->level_count += count;
    pending_begin_ = end;
    if (stop) break;
  }
  return read;
}

}  // namespace floe::parquet
