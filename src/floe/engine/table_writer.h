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
// Sorted tables: when the table has a default sort order (sorted_by) and
// TableWriterOptions::sorted_writing is on, each partition's rows are
// buffered (their bytes reserved against the query's MemoryTracker), sorted
// by the order's fields (transforms applied, direction and null order as
// given) when the writer commits, and the DataFile records the order's id
// in sort_order_id.
//
// Cancellation: Write() and Commit() check the query's token; once it is
// set they abort with USER_CANCELED and delete every file written (data
// files, manifest, manifest list). Commit checks it a last time just before
// the catalog commit, the point after which the append is visible. Any
// error, in Write, Commit or the catalog, likewise deletes what was written;
// a writer destroyed without a successful Commit does the same.
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
#include "floe/engine/operators.h"
#include "floe/engine/sql_type.h"

namespace floe::engine {

struct AppendResult {
  int64_t rows = 0;
  int64_t data_files = 0;
  int64_t snapshot_id = 0;
};

struct TableWriterOptions {
  // The statement's token (may be null: never cancelled).
  std::shared_ptr<CancellationToken> cancellation;
  // The statement's memory limit for rows buffered to sort (may be null: unlimited).
  std::shared_ptr<MemoryTracker> memory;
  // Sort each data file by the table's default sort order (session
  // property sorted_writing_enabled).
  bool sorted_writing = true;
};

class TableWriter {
 public:
  static Result<std::unique_ptr<TableWriter>> Make(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io,
                                                   catalog::TableIdentifier identifier,
                                                   iceberg::TableMetadataPtr metadata,
                                                   TableWriterOptions options = {});
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
  Status CheckCanceled() const;
  // Sorts a partition's buffered rows and writes them to its file.
  Status WriteSorted(PartitionWriter& writer);
  Result<AppendResult> CommitFiles();

  catalog::Catalog* catalog_ = nullptr;
  std::shared_ptr<io::FileIO> file_io_;
  catalog::TableIdentifier identifier_;
  iceberg::TableMetadataPtr metadata_;
  iceberg::SchemaPtr schema_;
  iceberg::PartitionSpecPtr spec_;
  iceberg::SortOrderPtr sort_order_;  // null: files are written as rows arrive
  TableWriterOptions options_;
  int64_t reserved_bytes_ = 0;
  bool keep_files_ = false;  // committed, or the commit's outcome is unknown
  std::vector<SqlType> column_types_;
  std::vector<std::unique_ptr<PartitionWriter>> writers_;
  std::vector<std::string> writer_keys_;
  std::vector<std::string> written_files_;
  int64_t rows_ = 0;
};

}  // namespace floe::engine
