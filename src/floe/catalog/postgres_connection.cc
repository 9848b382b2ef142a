// The PostgreSQL (libpq) driver of SqlDatabase.
#include <libpq-fe.h>

#include <cstring>

#include "floe/catalog/sql_database.h"

namespace floe::catalog {

namespace {

// Rewrites `?` placeholders to $1, $2, ...
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  for (char c : sql) {
    if (c == '?') {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* connection) : connection_(connection) {}
  ~PostgresConnection() override { PQfinish(connection_); }

  Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& parameters) override {
    std::vector<SqlRow> rows;
    FLOE_ASSIGN_OR_RETURN(int64_t changed, Run(sql, parameters, &rows));
    (void)changed;
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<SqlValue>& parameters) override {
    return Run(sql, parameters, nullptr);
  }

  bool broken() const override { return PQstatus(connection_) != CONNECTION_OK; }

 private:
  Result<int64_t> Run(std::string_view sql, const std::vector<SqlValue>& parameters, std::vector<SqlRow>* rows) {
    std::string text = NumberPlaceholders(sql);
    std::vector<const char*> values;
    values.reserve(parameters.size());
    for (const auto& parameter : parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
    PGresult* result = PQexecParams(connection_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
      std::string message = PQerrorMessage(connection_);
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      std::string code = state ? state : "";
      PQclear(result);
      if (code == "23505") return AlreadyExists("{}", message);
      if (code == "23503") return NotFound("{}", message);
      if (broken() || code.rfind("08", 0) == 0 || code == "57P01") {
        return ServiceUnavailable("The PostgreSQL catalog database is unreachable: {}", message);
      }
      if (code == "40001" || code == "40P01" || code == "55P03") {
        return ServiceUnavailable("The PostgreSQL catalog database aborted a conflicting transaction: {}", message);
      }
      return Internal("PostgreSQL error {} in '{}': {}", code, sql, message);
    }
    if (rows != nullptr && status == PGRES_TUPLES_OK) {
      int row_count = PQntuples(result);
      int column_count = PQnfields(result);
      rows->reserve(static_cast<size_t>(row_count));
      for (int r = 0; r < row_count; ++r) {
        SqlRow row;
        row.reserve(static_cast<size_t>(column_count));
        for (int c = 0; c < column_count; ++c) {
          if (PQgetisnull(result, r, c)) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(std::string(PQgetvalue(result, r, c), static_cast<size_t>(PQgetlength(result, r, c))));
          }
        }
        rows->push_back(std::move(row));
      }
    }
    const char* tuples = PQcmdTuples(result);
    int64_t changed = tuples != nullptr && *tuples != '\0' ? std::stoll(tuples) : 0;
    PQclear(result);
    return changed;
  }

  PGconn* connection_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> ConnectPostgres(const std::string& uri) {
  PGconn* connection = PQconnectdb(uri.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(connection);
    return ServiceUnavailable("Cannot connect to the PostgreSQL catalog database: {}", message);
  }
  auto wrapped = std::make_unique<PostgresConnection>(connection);
  // Notices (e.g. "relation already exists, skipping") are not errors.
  PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<SqlConnection>(std::move(wrapped));
}

}  // namespace floe::catalog
