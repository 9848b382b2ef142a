// TPC-H data generator: the eight TPC-H tables written as Iceberg tables
// (Parquet, zstd) through floe's catalog and table writer.
//
// The data follows the TPC-H specification's column definitions, types and
// value distributions (clause 4.2.3): cardinalities scale with the scale
// factor (supplier 10,000 x SF, part 200,000 x SF, partsupp 4 per part,
// customer 150,000 x SF, orders 1,500,000 x SF with sparse keys, 1 to 7
// lineitems per order), foreign keys are valid, order dates lie in
// 1992-01-01 .. 1998-08-02, l_shipdate = o_orderdate + 1..121 days,
// l_commitdate = o_orderdate + 30..90, l_receiptdate = l_shipdate + 1..30,
// l_returnflag is R or A when received by 1995-06-17 and N otherwise,
// l_linestatus is O when shipped after 1995-06-17, o_orderstatus is F / O / P
// from its lines, and o_totalprice sums its lines' extendedprice x (1 + tax)
// x (1 - discount). Text columns come from the specification's word lists.
// The output is deterministic (a seeded generator per table) but not
// byte-identical to dbgen's.
//
// Types are Trino's Iceberg mapping of its TPC-H schema: keys bigint,
// prices and quantities decimal(12,2), dates date, text varchar.
//
// Rows are generated and written in chunks: memory stays bounded whatever
// the scale (orders and lineitem stream together; lineitem is never held).
// Thread-compatible: one Generate call at a time per catalog namespace.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "floe/catalog/catalog.h"
#include "floe/common/result.h"
#include "floe/io/file_io.h"

namespace floe::tpch {

struct GeneratorOptions {
  double scale = 1.0;                 // > 0; 0.01 gives 15,000 orders
  std::string schema = "tpch";       // the schema (one-level namespace) to write into
  int64_t batch_rows = 65536;        // rows per written batch
  // Called after each table is committed: its name and row count.
  std::function<void(const std::string& table, int64_t rows)> progress;
};

struct GeneratedTable {
  std::string name;
  int64_t rows = 0;
};

// The names of the eight tables, in generation order.
const std::vector<std::string>& TableNames();

// Creates the schema if needed, drops and re-creates the eight tables, and
// fills them. Errors: kBadRequest for a scale outside (0, 1000], the
// catalog's and writers' errors otherwise (a failed table leaves no snapshot
// of its partial data).
Result<std::vector<GeneratedTable>> Generate(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io,
                                             const GeneratorOptions& options);

}  // namespace floe::tpch
