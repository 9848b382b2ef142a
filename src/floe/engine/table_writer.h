// TableWriter: appends rows to an Iceberg table (INSERT, CREATE TABLE AS).
//
// Rows arrive as batches whose columns are the table's columns in schema
// order, typed as the table's SQL types (sql_type.h). Each row goes to the
// partition its values map to under the table's default spec (identity,
// bucket, truncate, year/month/day/hour, void, via iceberg::Transform), and
// each partition gets its own Parquet file
// `<location>/data/<partition path>/<uuid>.parquet` written by floe's
// Parquet writer (zstd), whose column metrics become the DataFile's.
//
// Commit writes one manifest with the new files and a manifest list of the
// parent snapshot's manifests plus it, then commits a fast-append snapshot
// (`add-snapshot` + `set-snapshot-ref main`, requiring main to still point
// at the parent) through catalog::Catalog::UpdateTable: the one commit
// path. When a concurrent commit wins, the writer reloads the table and
// writes a new manifest list on top of the winner (the data files and the
// manifest are reused), so concurrent inserts all succeed.
// A failed statement leaves no snapshot; Abort() deletes the files written.
//
// Errors: CONSTRAINT_VIOLATION-style user errors for NULLs in NOT NULL
// columns ("NULL value not allowed for NOT NULL column: id"), the writers'
// and the catalog's errors otherwise.
// Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/catalog/catalog.h"
#include "floe/columnar/vector.h"
#include "floe/engine/sql_type.h"

namespace floe::engine {

struct AppendResult {
  int64_t rows = 0;
  int64_t data_files = 0;
  int64_t snapshot_id = 0;
};

class TableWriter {
 public:
  static Result<std::unique_ptr<TableWriter>> Make(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io,
                                                   catalog::TableIdentifier identifier,
                                                   iceberg::TableMetadataPtr metadata);
  ~TableWriter();

  // The SQL types the batches' columns must have (table schema order).
  const std::vector<SqlType>& column_types() const { return column_types_; }

  Status Write(const columnar::Batch& batch);
  // Closes the data files and commits a snapshot (none when no rows).
  Result<AppendResult> Commit();
  void Abort();

 private:
  struct PartitionWriter;
  TableWriter() = default;
  Result<PartitionWriter*> WriterFor(const std::vector<iceberg::Literal>& partition, const std::string& key);

  catalog::Catalog* catalog_ = nullptr;
  std::shared_ptr<io::FileIO> file_io_;
  catalog::TableIdentifier identifier_;
  iceberg::TableMetadataPtr metadata_;
  iceberg::SchemaPtr schema_;
  iceberg::PartitionSpecPtr spec_;
  std::vector<SqlType> column_types_;
  std::vector<std::unique_ptr<PartitionWriter>> writers_;
  std::vector<std::string> writer_keys_;
  std::vector<std::string> written_files_;
  int64_t rows_ = 0;
};

}  // namespace floe::engine
