#include "floe/tpch/generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "floe/engine/engine.h"
#include "floe/engine/table_writer.h"
#include "floe/engine/value.h"

namespace floe::tpch {

namespace {

using engine::Int128;
using engine::SqlType;
using engine::SqlTypeKind;

// splitmix64: small, fast and good enough for data generation; one stream
// per table, seeded by the table, so each table is reproducible on its own.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high].
  int64_t Uniform(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }

 private:
  uint64_t state_;
};

// --- The specification's word lists (clause 4.2.2.13 and 4.2.3) ---

constexpr std::array<std::string_view, 92> kColors = {
    "almond", "antique", "aquamarine", "azure", "beige", "bisque", "black", "blanched", "blue", "blush", "brown",
    "burlywood", "burnished", "chartreuse", "chiffon", "chocolate", "coral", "cornflower", "cornsilk", "cream", "cyan",
    "dark", "deep", "dim", "dodger", "drab", "firebrick", "floral", "forest", "frosted", "gainsboro", "ghost",
    "goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory", "khaki", "lace", "lavender", "lawn", "lemon",
    "light", "lime", "linen", "magenta", "maroon", "medium", "metallic", "midnight", "mint", "misty", "moccasin",
    "navajo", "navy", "olive", "orange", "orchid", "pale", "papaya", "peach", "peru", "pink", "plum", "powder", "puff",
    "purple", "red", "rose", "rosy", "royal", "saddle", "salmon", "sandy", "seashell", "sienna", "sky", "slate", "smoke",
    "snow", "spring", "steel", "tan", "thistle", "tomato", "turquoise", "violet", "wheat", "white", "yellow"};
constexpr std::array<std::string_view, 6> kTypeSyllable1 = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
constexpr std::array<std::string_view, 5> kTypeSyllable2 = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
constexpr std::array<std::string_view, 5> kTypeSyllable3 = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
constexpr std::array<std::string_view, 5> kContainer1 = {"SM", "LG", "MED", "JUMBO", "WRAP"};
constexpr std::array<std::string_view, 8> kContainer2 = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
constexpr std::array<std::string_view, 5> kSegments = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};
constexpr std::array<std::string_view, 5> kPriorities = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
constexpr std::array<std::string_view, 4> kInstructions = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
constexpr std::array<std::string_view, 7> kShipModes = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
constexpr std::array<std::string_view, 5> kRegions = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
constexpr std::array<std::pair<std::string_view, int>, 25> kNations = {{
    {"ALGERIA", 0}, {"ARGENTINA", 1}, {"BRAZIL", 1}, {"CANADA", 1}, {"EGYPT", 4}, {"ETHIOPIA", 0}, {"FRANCE", 3},
    {"GERMANY", 3}, {"INDIA", 2}, {"INDONESIA", 2}, {"IRAN", 4}, {"IRAQ", 4}, {"JAPAN", 2}, {"JORDAN", 4},
    {"KENYA", 0}, {"MOROCCO", 0}, {"MOZAMBIQUE", 0}, {"PERU", 1}, {"CHINA", 2}, {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2}, {"RUSSIA", 3}, {"UNITED KINGDOM", 3}, {"UNITED STATES", 1}}};

constexpr std::array<std::string_view, 40> kNouns = {
    "foxes", "ideas", "theodolites", "pinto beans", "instructions", "dependencies", "excuses", "platelets",
    "asymptotes", "courts", "dolphins", "multipliers", "sauternes", "warthogs", "frets", "dinos", "attainments",
    "somas", "Tiresias'", "patterns", "forges", "braids", "hockey players", "frays", "warhorses", "dugouts",
    "notornis", "epitaphs", "pearls", "tithes", "waters", "orbits", "gifts", "sheaves", "depths", "sentiments",
    "decoys", "realms", "pains", "grouches"};
constexpr std::array<std::string_view, 34> kVerbs = {
    "sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost", "affix", "detect", "integrate", "maintain",
    "nod", "was", "lose", "sublate", "solve", "thrash", "promise", "engage", "hinder", "print", "x-ray", "breach",
    "eat", "grow", "impress", "mold", "poach", "serve", "run", "dazzle", "snooze", "doze"};
constexpr std::array<std::string_view, 29> kAdjectives = {
    "furious", "sly", "careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin", "close", "dogged",
    "daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy", "regular", "final", "ironic", "even",
    "bold", "silent", "express", "special", "pending", "unusual"};
constexpr std::array<std::string_view, 28> kAdverbs = {
    "sometimes", "always", "never", "furiously", "slyly", "carefully", "blithely", "quickly", "fluffily", "slowly",
    "quietly", "ruthlessly", "thinly", "closely", "doggedly", "daringly", "bravely", "stealthily", "permanently",
    "enticingly", "idly", "busily", "regularly", "finally", "ironically", "evenly", "boldly", "silently"};
constexpr std::array<std::string_view, 24> kPrepositions = {
    "about", "above", "according to", "across", "after", "against", "along", "alongside of", "among", "around", "at",
    "atop", "before", "behind", "beneath", "beside", "besides", "between", "beyond", "by", "despite", "during",
    "except", "for"};
constexpr std::array<std::string_view, 6> kTerminators = {".", ";", ":", "?", "!", "--"};

template <size_t N>
std::string_view Pick(Random& random, const std::array<std::string_view, N>& words) {
  return words[random.Next() % N];
}

// A pool of the specification's pseudo-text; comments are substrings of it
// at random offsets (as dbgen does), which keeps generation cheap.
class TextPool {
 public:
  TextPool() {
    Random random(7);
    text_.reserve(kSize + 200);
    while (text_.size() < kSize) {
      // sentence: noun phrase, verb phrase, [prepositional phrase], terminator
      if (random.Next() % 2) { text_ += Pick(random, kAdjectives); text_ += ' '; }
      text_ += Pick(random, kNouns);
      text_ += ' ';
      if (random.Next() % 2) { text_ += Pick(random, kAdverbs); text_ += ' '; }
      text_ += Pick(random, kVerbs);
      if (random.Next() % 2) {
        text_ += ' ';
        text_ += Pick(random, kPrepositions);
        text_ += " the ";
        text_ += Pick(random, kAdjectives);
        text_ += ' ';
        text_ += Pick(random, kNouns);
      }
      text_ += Pick(random, kTerminators);
      text_ += ' ';
    }
  }
  // Text of a random length in [low, high], starting at a random offset.
  std::string_view Text(Random& random, int64_t low, int64_t high) const {
    int64_t length = random.Uniform(low, high);
    int64_t offset = random.Uniform(0, static_cast<int64_t>(kSize) - length - 1);
    std::string_view view(text_.data() + offset, static_cast<size_t>(length));
    while (!view.empty() && view.back() == ' ') view.remove_suffix(1);
    while (!view.empty() && view.front() == ' ') view.remove_prefix(1);
    return view;
  }

 private:
  static constexpr size_t kSize = 1 << 20;
  std::string text_;
};

const TextPool& Pool() {
  static const TextPool pool;
  return pool;
}

std::string RandomAddress(Random& random) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,";
  int64_t length = random.Uniform(10, 40);
  std::string out(static_cast<size_t>(length), ' ');
  for (auto& c : out) c = kAlphabet[random.Next() % kAlphabet.size()];
  return out;
}

std::string Phone(Random& random, int64_t nation) {
  return fmt::format("{:02}-{:03}-{:03}-{:04}", nation + 10, random.Uniform(100, 999), random.Uniform(100, 999),
                     random.Uniform(1000, 9999));
}

// Money in cents in [low, high] (decimal(12,2) unscaled).
Int128 Money(Random& random, int64_t low_cents, int64_t high_cents) { return random.Uniform(low_cents, high_cents); }

// p_retailprice in cents (clause 4.2.3).
int64_t RetailPriceCents(int64_t partkey) { return 90000 + ((partkey / 10) % 20001) + 100 * (partkey % 1000); }

// The supplier of the i-th (0..3) partsupp row of a part (clause 4.2.3).
int64_t PartSupplier(int64_t partkey, int64_t i, int64_t suppliers) {
  return (partkey + (i * ((suppliers / 4) + (partkey - 1) / suppliers))) % suppliers + 1;
}

// --- Column accumulation: values per column, turned into a batch per chunk ---

struct ColumnSpec {
  std::string name;
  std::string sql_type;  // as in CREATE TABLE
  SqlType type;
};

class BatchBuilder {
 public:
  explicit BatchBuilder(std::vector<ColumnSpec> columns) : columns_(std::move(columns)), values_(columns_.size()) {}

  void Int(size_t column, int64_t v) { values_[column].ints.push_back(v); }
  void Decimal(size_t column, Int128 v) { values_[column].decimals.push_back(v); }
  void Text(size_t column, std::string_view v) { values_[column].strings.emplace_back(v); }
  void EndRow() { ++rows_; }
  int64_t rows() const { return rows_; }

  columnar::Batch Take() {
    columnar::Batch batch;
    batch.num_rows = rows_;
    for (size_t c = 0; c < columns_.size(); ++c) {
      engine::VectorBuilder builder(columns_[c].type, rows_);
      Values& v = values_[c];
      switch (columns_[c].type.kind) {
        case SqlTypeKind::kBigint:
          for (int64_t r = 0; r < rows_; ++r) builder.Set<int64_t>(r, v.ints[r]);
          break;
        case SqlTypeKind::kInteger:
        case SqlTypeKind::kDate:
          for (int64_t r = 0; r < rows_; ++r) builder.Set<int32_t>(r, static_cast<int32_t>(v.ints[r]));
          break;
        case SqlTypeKind::kDecimal:
          for (int64_t r = 0; r < rows_; ++r) builder.Set<Int128>(r, v.decimals[r]);
          break;
        default:
          for (int64_t r = 0; r < rows_; ++r) builder.SetBytes(r, v.strings[r]);
          break;
      }
      batch.columns.push_back(builder.Finish());
      v.ints.clear();
      v.decimals.clear();
      v.strings.clear();
    }
    rows_ = 0;
    return batch;
  }

 private:
  struct Values {
    std::vector<int64_t> ints;
    std::vector<Int128> decimals;
    std::vector<std::string> strings;
  };
  std::vector<ColumnSpec> columns_;
  std::vector<Values> values_;
  int64_t rows_ = 0;
};

ColumnSpec Bigint(std::string name) { return {std::move(name), "bigint", SqlType::Of(SqlTypeKind::kBigint)}; }
ColumnSpec Integer(std::string name) { return {std::move(name), "integer", SqlType::Of(SqlTypeKind::kInteger)}; }
ColumnSpec Date(std::string name) { return {std::move(name), "date", SqlType::Of(SqlTypeKind::kDate)}; }
ColumnSpec Money(std::string name) { return {std::move(name), "decimal(12,2)", SqlType::Decimal(12, 2)}; }
ColumnSpec Varchar(std::string name) { return {std::move(name), "varchar", SqlType::Varchar()}; }

struct TableSpec {
  std::string name;
  std::vector<ColumnSpec> columns;
};

const std::vector<TableSpec>& Tables() {
  static const std::vector<TableSpec> tables = {
      {"region", {Bigint("r_regionkey"), Varchar("r_name"), Varchar("r_comment")}},
      {"nation", {Bigint("n_nationkey"), Varchar("n_name"), Bigint("n_regionkey"), Varchar("n_comment")}},
      {"supplier", {Bigint("s_suppkey"), Varchar("s_name"), Varchar("s_address"), Bigint("s_nationkey"),
                    Varchar("s_phone"), Money("s_acctbal"), Varchar("s_comment")}},
      {"customer", {Bigint("c_custkey"), Varchar("c_name"), Varchar("c_address"), Bigint("c_nationkey"),
                    Varchar("c_phone"), Money("c_acctbal"), Varchar("c_mktsegment"), Varchar("c_comment")}},
      {"part", {Bigint("p_partkey"), Varchar("p_name"), Varchar("p_mfgr"), Varchar("p_brand"), Varchar("p_type"),
                Integer("p_size"), Varchar("p_container"), Money("p_retailprice"), Varchar("p_comment")}},
      {"partsupp", {Bigint("ps_partkey"), Bigint("ps_suppkey"), Integer("ps_availqty"), Money("ps_supplycost"),
                    Varchar("ps_comment")}},
      {"orders", {Bigint("o_orderkey"), Bigint("o_custkey"), Varchar("o_orderstatus"), Money("o_totalprice"),
                  Date("o_orderdate"), Varchar("o_orderpriority"), Varchar("o_clerk"), Integer("o_shippriority"),
                  Varchar("o_comment")}},
      {"lineitem", {Bigint("l_orderkey"), Bigint("l_partkey"), Bigint("l_suppkey"), Integer("l_linenumber"),
                    Money("l_quantity"), Money("l_extendedprice"), Money("l_discount"), Money("l_tax"),
                    Varchar("l_returnflag"), Varchar("l_linestatus"), Date("l_shipdate"), Date("l_commitdate"),
                    Date("l_receiptdate"), Varchar("l_shipinstruct"), Varchar("l_shipmode"), Varchar("l_comment")}},
  };
  return tables;
}

const TableSpec& TableNamed(std::string_view name) {
  for (const auto& table : Tables()) {
    if (table.name == name) return table;
  }
  return Tables().front();
}

// One table being written: its writer and the chunk being filled.
class TableSink {
 public:
  TableSink(std::unique_ptr<engine::TableWriter> writer, const TableSpec& spec, int64_t batch_rows)
      : writer_(std::move(writer)), builder_(spec.columns), batch_rows_(batch_rows) {}

  BatchBuilder& row() { return builder_; }
  // Ends a row; writes the chunk when full.
  Status EndRow() {
    builder_.EndRow();
    ++total_;
    if (builder_.rows() >= batch_rows_) return Flush();
    return Status::OK();
  }
  Status Flush() {
    if (builder_.rows() == 0) return Status::OK();
    return writer_->Write(builder_.Take());
  }
  Result<int64_t> Commit() {
    FLOE_RETURN_IF_ERROR(Flush());
    FLOE_ASSIGN_OR_RETURN(auto appended, writer_->Commit());
    (void)appended;
    return total_;
  }
  void Abort() { writer_->Abort(); }

 private:
  std::unique_ptr<engine::TableWriter> writer_;
  BatchBuilder builder_;
  int64_t batch_rows_;
  int64_t total_ = 0;
};

struct Cardinalities {
  int64_t suppliers, parts, customers, orders, clerks;
};

Cardinalities CardinalitiesOf(double scale) {
  auto scaled = [&](double base) { return std::max<int64_t>(1, static_cast<int64_t>(std::llround(base * scale))); };
  return {scaled(10000), scaled(200000), scaled(150000), scaled(1500000), scaled(1000)};
}

class Generation {
 public:
  Generation(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io, const GeneratorOptions& options)
      : catalog_(catalog), file_io_(std::move(file_io)), options_(options), counts_(CardinalitiesOf(options.scale)) {}

  Result<std::vector<GeneratedTable>> Run() {
    FLOE_RETURN_IF_ERROR(CreateTables());
    std::vector<GeneratedTable> out;
    auto record = [&](const std::string& name, int64_t rows) {
      out.push_back({name, rows});
      if (options_.progress) options_.progress(name, rows);
    };
    FLOE_ASSIGN_OR_RETURN(int64_t regions, Region());
    record("region", regions);
    FLOE_ASSIGN_OR_RETURN(int64_t nations, Nation());
    record("nation", nations);
    FLOE_ASSIGN_OR_RETURN(int64_t suppliers, Supplier());
    record("supplier", suppliers);
    FLOE_ASSIGN_OR_RETURN(int64_t customers, Customer());
    record("customer", customers);
    FLOE_ASSIGN_OR_RETURN(auto parts, PartAndPartsupp());
    record("part", parts.first);
    record("partsupp", parts.second);
    FLOE_ASSIGN_OR_RETURN(auto orders, OrdersAndLineitem());
    record("orders", orders.first);
    record("lineitem", orders.second);
    return out;
  }

 private:
  Status Execute(const std::string& statement) {
    engine::Session session;
    engine::Engine engine(std::shared_ptr<catalog::Catalog>(&catalog_, [](catalog::Catalog*) {}), file_io_);
    FLOE_ASSIGN_OR_RETURN(auto result, engine.Execute(session, statement));
    columnar::Batch batch;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, result->Next(&batch));
      if (!more) break;
    }
    return Status::OK();
  }

  Status CreateTables() {
    FLOE_RETURN_IF_ERROR(Execute(fmt::format("CREATE SCHEMA IF NOT EXISTS iceberg.\"{}\"", options_.schema)));
    for (const auto& table : Tables()) {
      std::string qualified = fmt::format("iceberg.\"{}\".\"{}\"", options_.schema, table.name);
      FLOE_RETURN_IF_ERROR(Execute("DROP TABLE IF EXISTS " + qualified));
      std::string columns;
      for (const auto& column : table.columns) {
        if (!columns.empty()) columns += ", ";
        columns += column.name + " " + column.sql_type;
      }
      FLOE_RETURN_IF_ERROR(Execute(fmt::format("CREATE TABLE {} ({}) WITH (format = 'PARQUET')", qualified, columns)));
    }
    return Status::OK();
  }

  Result<std::unique_ptr<TableSink>> Open(const std::string& name) {
    catalog::TableIdentifier identifier{catalog::Namespace{{options_.schema}}, name};
    FLOE_ASSIGN_OR_RETURN(auto loaded, catalog_.LoadTable(identifier));
    FLOE_ASSIGN_OR_RETURN(auto writer, engine::TableWriter::Make(catalog_, file_io_, identifier, loaded.metadata));
    return std::make_unique<TableSink>(std::move(writer), TableNamed(name), options_.batch_rows);
  }

  // Runs `fill` over the sinks, then commits them in order; aborts all on error.
  template <typename Fill>
  Result<std::vector<int64_t>> Write(std::vector<std::string> names, Fill fill) {
    std::vector<std::unique_ptr<TableSink>> sinks;
    for (const auto& name : names) {
      FLOE_ASSIGN_OR_RETURN(auto sink, Open(name));
      sinks.push_back(std::move(sink));
    }
    Status status = fill(sinks);
    std::vector<int64_t> rows;
    for (auto& sink : sinks) {
      if (!status.ok()) {
        sink->Abort();
        continue;
      }
      auto committed = sink->Commit();
      if (!committed.ok()) {
        status = committed.status();
        sink->Abort();
        continue;
      }
      rows.push_back(*committed);
    }
    if (!status.ok()) return status;
    return rows;
  }

  Result<int64_t> Region() {
    Random random(1);
    FLOE_ASSIGN_OR_RETURN(auto rows, Write({"region"}, [&](auto& sinks) -> Status {
      TableSink& sink = *sinks[0];
      for (size_t i = 0; i < kRegions.size(); ++i) {
        sink.row().Int(0, static_cast<int64_t>(i));
        sink.row().Text(1, kRegions[i]);
        sink.row().Text(2, Pool().Text(random, 31, 115));
        FLOE_RETURN_IF_ERROR(sink.EndRow());
      }
      return Status::OK();
    }));
    return rows[0];
  }

  Result<int64_t> Nation() {
    Random random(2);
    FLOE_ASSIGN_OR_RETURN(auto rows, Write({"nation"}, [&](auto& sinks) -> Status {
      TableSink& sink = *sinks[0];
      for (size_t i = 0; i < kNations.size(); ++i) {
        sink.row().Int(0, static_cast<int64_t>(i));
        sink.row().Text(1, kNations[i].first);
        sink.row().Int(2, kNations[i].second);
        sink.row().Text(3, Pool().Text(random, 31, 114));
        FLOE_RETURN_IF_ERROR(sink.EndRow());
      }
      return Status::OK();
    }));
    return rows[0];
  }

  Result<int64_t> Supplier() {
    Random random(3);
    FLOE_ASSIGN_OR_RETURN(auto rows, Write({"supplier"}, [&](auto& sinks) -> Status {
      TableSink& sink = *sinks[0];
      for (int64_t key = 1; key <= counts_.suppliers; ++key) {
        int64_t nation = random.Uniform(0, 24);
        BatchBuilder& row = sink.row();
        row.Int(0, key);
        row.Text(1, fmt::format("Supplier#{:09}", key));
        row.Text(2, RandomAddress(random));
        row.Int(3, nation);
        row.Text(4, Phone(random, nation));
        row.Decimal(5, Money(random, -99999, 999999));
        // Clause 4.2.3: some suppliers' comments carry "Customer ... Complaints" / "Recommends".
        std::string comment(Pool().Text(random, 25, 100));
        int64_t special = random.Uniform(1, 10000);
        if (special <= 5) comment = "Customer " + comment.substr(0, 40) + " Complaints";
        else if (special <= 10) comment = "Customer " + comment.substr(0, 40) + " Recommends";
        row.Text(6, comment);
        FLOE_RETURN_IF_ERROR(sink.EndRow());
      }
      return Status::OK();
    }));
    return rows[0];
  }

  Result<int64_t> Customer() {
    Random random(4);
    FLOE_ASSIGN_OR_RETURN(auto rows, Write({"customer"}, [&](auto& sinks) -> Status {
      TableSink& sink = *sinks[0];
      for (int64_t key = 1; key <= counts_.customers; ++key) {
        int64_t nation = random.Uniform(0, 24);
        BatchBuilder& row = sink.row();
        row.Int(0, key);
        row.Text(1, fmt::format("Customer#{:09}", key));
        row.Text(2, RandomAddress(random));
        row.Int(3, nation);
        row.Text(4, Phone(random, nation));
        row.Decimal(5, Money(random, -99999, 999999));
        row.Text(6, Pick(random, kSegments));
        row.Text(7, Pool().Text(random, 29, 116));
        FLOE_RETURN_IF_ERROR(sink.EndRow());
      }
      return Status::OK();
    }));
    return rows[0];
  }

  Result<std::pair<int64_t, int64_t>> PartAndPartsupp() {
    Random random(5);
    FLOE_ASSIGN_OR_RETURN(auto rows, Write({"part", "partsupp"}, [&](auto& sinks) -> Status {
      TableSink& part = *sinks[0];
      TableSink& partsupp = *sinks[1];
      for (int64_t key = 1; key <= counts_.parts; ++key) {
        BatchBuilder& row = part.row();
        row.Int(0, key);
        std::array<size_t, 5> words{};
        for (size_t w = 0; w < words.size(); ++w) {
          bool repeated = true;
          while (repeated) {
            words[w] = random.Next() % kColors.size();
            repeated = std::find(words.begin(), words.begin() + static_cast<long>(w), words[w]) != words.begin() + static_cast<long>(w);
          }
        }
        row.Text(1, fmt::format("{} {} {} {} {}", kColors[words[0]], kColors[words[1]], kColors[words[2]],
                                kColors[words[3]], kColors[words[4]]));
        int64_t manufacturer = random.Uniform(1, 5);
        row.Text(2, fmt::format("Manufacturer#{}", manufacturer));
        row.Text(3, fmt::format("Brand#{}{}", manufacturer, random.Uniform(1, 5)));
        row.Text(4, fmt::format("{} {} {}", Pick(random, kTypeSyllable1), Pick(random, kTypeSyllable2),
                                Pick(random, kTypeSyllable3)));
        row.Int(5, random.Uniform(1, 50));
        row.Text(6, fmt::format("{} {}", Pick(random, kContainer1), Pick(random, kContainer2)));
        row.Decimal(7, RetailPriceCents(key));
        row.Text(8, Pool().Text(random, 5, 22));
        FLOE_RETURN_IF_ERROR(part.EndRow());
        for (int64_t i = 0; i < 4; ++i) {
          BatchBuilder& supply = partsupp.row();
          supply.Int(0, key);
          supply.Int(1, PartSupplier(key, i, counts_.suppliers));
          supply.Int(2, random.Uniform(1, 9999));
          supply.Decimal(3, Money(random, 100, 100000));
          supply.Text(4, Pool().Text(random, 49, 198));
          FLOE_RETURN_IF_ERROR(partsupp.EndRow());
        }
      }
      return Status::OK();
    }));
    return std::make_pair(rows[0], rows[1]);
  }

  Result<std::pair<int64_t, int64_t>> OrdersAndLineitem() {
    Random random(6);
    const int64_t start = engine::DaysFromCivil(1992, 1, 1);
    const int64_t end = engine::DaysFromCivil(1998, 12, 31);
    const int64_t current = engine::DaysFromCivil(1995, 6, 17);
    FLOE_ASSIGN_OR_RETURN(auto rows, Write({"orders", "lineitem"}, [&](auto& sinks) -> Status {
      TableSink& orders = *sinks[0];
      TableSink& lineitem = *sinks[1];
      for (int64_t index = 0; index < counts_.orders; ++index) {
        int64_t orderkey = (index / 8) * 32 + (index % 8) + 1;  // sparse keys: 8 of every 32
        int64_t custkey = random.Uniform(1, counts_.customers);
        if (counts_.customers >= 3) {
          while (custkey % 3 == 0) custkey = random.Uniform(1, counts_.customers);  // a third of customers never order
        }
        int64_t orderdate = random.Uniform(start, end - 151);
        int64_t lines = random.Uniform(1, 7);
        Int128 total = 0;  // cents x 10^4 (extendedprice x (1 + tax) x (1 - discount))
        int64_t shipped = 0;
        for (int64_t line = 1; line <= lines; ++line) {
          int64_t partkey = random.Uniform(1, counts_.parts);
          int64_t suppkey = PartSupplier(partkey, random.Uniform(0, 3), counts_.suppliers);
          int64_t quantity = random.Uniform(1, 50);
          int64_t discount = random.Uniform(0, 10);  // hundredths
          int64_t tax = random.Uniform(0, 8);
          int64_t extended = quantity * RetailPriceCents(partkey);
          int64_t shipdate = orderdate + random.Uniform(1, 121);
          int64_t commitdate = orderdate + random.Uniform(30, 90);
          int64_t receiptdate = shipdate + random.Uniform(1, 30);
          std::string_view returnflag = receiptdate <= current ? (random.Next() % 2 ? "R" : "A") : "N";
          bool open = shipdate > current;
          shipped += open ? 0 : 1;
          total += static_cast<Int128>(extended) * (100 + tax) * (100 - discount);
          BatchBuilder& row = lineitem.row();
          row.Int(0, orderkey);
          row.Int(1, partkey);
          row.Int(2, suppkey);
          row.Int(3, line);
          row.Decimal(4, quantity * 100);
          row.Decimal(5, extended);
          row.Decimal(6, discount);
          row.Decimal(7, tax);
          row.Text(8, returnflag);
          row.Text(9, open ? "O" : "F");
          row.Int(10, shipdate);
          row.Int(11, commitdate);
          row.Int(12, receiptdate);
          row.Text(13, Pick(random, kInstructions));
          row.Text(14, Pick(random, kShipModes));
          row.Text(15, Pool().Text(random, 10, 43));
          FLOE_RETURN_IF_ERROR(lineitem.EndRow());
        }
        BatchBuilder& row = orders.row();
        row.Int(0, orderkey);
        row.Int(1, custkey);
        row.Text(2, shipped == lines ? "F" : shipped == 0 ? "O" : "P");
        row.Decimal(3, (total + 5000) / 10000);  // round half up to cents
        row.Int(4, orderdate);
        row.Text(5, Pick(random, kPriorities));
        row.Text(6, fmt::format("Clerk#{:09}", random.Uniform(1, counts_.clerks)));
        row.Int(7, 0);
        row.Text(8, Pool().Text(random, 19, 78));
        FLOE_RETURN_IF_ERROR(orders.EndRow());
      }
      return Status::OK();
    }));
    return std::make_pair(rows[0], rows[1]);
  }

  catalog::Catalog& catalog_;
  std::shared_ptr<io::FileIO> file_io_;
  GeneratorOptions options_;
  Cardinalities counts_;
};

}  // namespace

const std::vector<std::string>& TableNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& table : Tables()) out.push_back(table.name);
    return out;
  }();
  return names;
}

Result<std::vector<GeneratedTable>> Generate(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io,
                                             const GeneratorOptions& options) {
  if (!(options.scale > 0) || options.scale > 1000) {
    return BadRequest("TPC-H scale factor must be in (0, 1000], got {}", options.scale);
  }
  if (options.batch_rows <= 0) return BadRequest("batch rows must be positive");
  if (options.schema.empty()) return BadRequest("the schema name is empty");
  Generation generation(catalog, std::move(file_io), options);
  return generation.Run();
}

}  // namespace floe::tpch
