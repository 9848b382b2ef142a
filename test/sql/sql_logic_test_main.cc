// Runs sqllogictest-style files against the SQL engine, each in a fresh
// warehouse and SQLite catalog.
//
// Usage: sql_logic_test FILE.test...
//
// Records are separated by blank lines; lines starting with '#' are comments.
//   statement ok
//   <sql>
//
//   statement error <fragment of the expected message, e.g. "line 1:8: Column 'x' cannot be resolved">
//   <sql>
//
//   query [rowsort|nosort]
//   <sql>
//   ----
//   <row: values separated by tabs; NULL for null>
//
// Without `rowsort`, rows must come in the order given (use it only with
// ORDER BY). The error fragment may also name the Trino error
// ("TYPE_MISMATCH"): it is matched against "NAME: message".
// Exit status: 0 when every record passes; failures are listed.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "floe/engine/engine.h"
#include "floe/sql/error.h"

namespace {

using floe::Status;
namespace engine = floe::engine;

struct Record {
  int line = 0;
  std::string kind;       // statement / query
  std::string argument;   // ok, error fragment, rowsort
  std::string sql;
  std::vector<std::string> expected;
};

std::vector<Record> ReadRecords(const std::string& path) {
  std::ifstream in(path);
  std::vector<Record> records;
  std::string line;
  int number = 0;
  Record current;
  enum { kIdle, kSql, kResult } state = kIdle;
  auto flush = [&]() {
    if (!current.kind.empty()) records.push_back(current);
    current = Record();
    state = kIdle;
  };
  while (std::getline(in, line)) {
    ++number;
    if (state == kIdle) {
      if (line.empty() || line[0] == '#') continue;
      current.line = number;
      if (line.starts_with("statement ")) {
        current.kind = "statement";
        current.argument = line.substr(10);
      } else if (line.starts_with("query")) {
        current.kind = "query";
        current.argument = line.size() > 6 ? line.substr(6) : "";
      } else {
        current.kind = "invalid";
        current.argument = line;
        flush();
        continue;
      }
      state = kSql;
      continue;
    }
    if (state == kSql) {
      if (line.empty()) {
        flush();
        continue;
      }
      if (line == "----" && current.kind == "query") {
        state = kResult;
        continue;
      }
      current.sql += (current.sql.empty() ? "" : "\n") + line;
      continue;
    }
    if (line.empty()) {
      flush();
      continue;
    }
    current.expected.push_back(line);
  }
  flush();
  return records;
}

class Runner {
 public:
  explicit Runner(const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory / "warehouse");
    auto store = floe::catalog::OpenCatalogStore((directory / "catalog.db").string());
    auto file_io = floe::io::FileIOForLocation((directory / "warehouse").string());
    if (!store.ok() || !file_io.ok()) {
      std::cerr << "cannot open the catalog or warehouse\n";
      std::exit(1);
    }
    floe::catalog::CatalogOptions options;
    options.warehouse = (directory / "warehouse").string();
    auto catalog = std::make_shared<floe::catalog::Catalog>(*store, *file_io, options);
    engine_ = std::make_unique<engine::Engine>(catalog, *file_io);
  }

  // Empty when the record passes, else what went wrong.
  std::string Run(const Record& record) {
    if (record.kind == "invalid") return "unrecognized record: " + record.argument;
    std::vector<std::string> rows;
    Status status = Execute(record.sql, &rows);
    if (record.kind == "statement") {
      if (record.argument == "ok") return status.ok() ? "" : "expected success, got: " + Describe(status);
      if (record.argument.starts_with("error")) {
        std::string fragment = record.argument.size() > 6 ? record.argument.substr(6) : "";
        if (status.ok()) return "expected an error containing '" + fragment + "', got success";
        std::string text = Describe(status);
        if (text.find(fragment) == std::string::npos) return "expected an error containing '" + fragment + "', got: " + text;
        return "";
      }
      return "unknown statement expectation: " + record.argument;
    }
    if (!status.ok()) return "query failed: " + Describe(status);
    std::vector<std::string> expected = record.expected;
    if (record.argument.find("rowsort") != std::string::npos) {
      std::sort(rows.begin(), rows.end());
      std::sort(expected.begin(), expected.end());
    }
    if (rows == expected) return "";
    std::string message = "result mismatch\n  expected:\n";
    for (const auto& row : expected) message += "    " + row + "\n";
    message += "  actual:\n";
    for (const auto& row : rows) message += "    " + row + "\n";
    return message;
  }

 private:
  static std::string Describe(const Status& status) {
    auto error = floe::sql::DescribeError(status);
    return error.error_name + ": " + error.message;
  }

  Status Execute(const std::string& sql, std::vector<std::string>* rows) {
    auto result = engine_->Execute(session_, sql);
    if (!result.ok()) return result.status();
    floe::columnar::Batch batch;
    while (true) {
      auto more = (*result)->Next(&batch);
      if (!more.ok()) return more.status();
      if (!*more) break;
      for (int64_t r = 0; r < batch.num_rows; ++r) {
        std::string row;
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          if (c > 0) row += "\t";
          row += engine::FormatCell(*batch.columns[c], r, (*result)->columns()[c].type);
        }
        rows->push_back(row);
      }
    }
    if ((*result)->set_schema()) session_.schema = *(*result)->set_schema();
    if ((*result)->set_time_zone()) session_.time_zone = *(*result)->set_time_zone();
    return Status::OK();
  }

  std::unique_ptr<engine::Engine> engine_;
  engine::Session session_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sql_logic_test FILE.test...\n";
    return 2;
  }
  int failures = 0, passed = 0;
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    std::filesystem::path directory = std::filesystem::temp_directory_path() /
                                      fmt::format("floe-sqllogic-{}-{}", ::getpid(), i);
    std::filesystem::remove_all(directory);
    {
      Runner runner(directory);
      for (const Record& record : ReadRecords(path)) {
        std::string problem = runner.Run(record);
        if (problem.empty()) {
          ++passed;
        } else {
          ++failures;
          std::cout << path << ":" << record.line << ": " << problem << "\n  " << record.sql << "\n";
        }
      }
    }
    std::filesystem::remove_all(directory);
  }
  std::cout << passed << " passed, " << failures << " failed\n";
  return failures == 0 ? 0 : 1;
}
