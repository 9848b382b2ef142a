#include "floe/sql/parser.h"

#include <gtest/gtest.h>

#include "floe/sql/error.h"
#include "floe/sql/formatter.h"

namespace floe::sql {
namespace {

// Parses, prints, reparses and prints again: the two prints must agree.
std::string RoundTrip(std::string_view sql) {
  auto statement = ParseStatement(sql);
  EXPECT_TRUE(statement.ok()) << sql << " -> " << statement.status().ToString();
  if (!statement.ok()) return "";
  std::string printed = FormatStatement(*statement);
  auto again = ParseStatement(printed);
  EXPECT_TRUE(again.ok()) << printed << " -> " << again.status().ToString();
  if (!again.ok()) return printed;
  EXPECT_EQ(FormatStatement(*again), printed);
  return printed;
}

std::string Expr(std::string_view sql) {
  auto expression = ParseExpression(sql);
  EXPECT_TRUE(expression.ok()) << sql << " -> " << expression.status().ToString();
  return expression.ok() ? FormatExpression(**expression) : "";
}

std::string ErrorOf(std::string_view sql) {
  auto statement = ParseStatement(sql);
  EXPECT_FALSE(statement.ok()) << sql;
  return statement.ok() ? "" : statement.status().message();
}

TEST(SqlParser, Precedence) {
  EXPECT_EQ(Expr("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(Expr("1 - 2 - 3"), "((1 - 2) - 3)");
  EXPECT_EQ(Expr("-a * b"), "((-a) * b)");
  EXPECT_EQ(Expr("a || b + c"), "(a || (b + c))");
  EXPECT_EQ(Expr("a = 1 OR b = 2 AND NOT c"), "((a = 1) OR ((b = 2) AND (NOT c)))");
  EXPECT_EQ(Expr("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(Expr("a != b"), "(a <> b)");
  EXPECT_EQ(Expr("x BETWEEN 1 AND 2 AND y"), "((x BETWEEN 1 AND 2) AND y)");
  EXPECT_EQ(Expr("x NOT BETWEEN a + 1 AND 10"), "(x NOT BETWEEN (a + 1) AND 10)");
  EXPECT_EQ(Expr("x NOT IN (1, 2, 3)"), "(x NOT IN (1, 2, 3))");
  EXPECT_EQ(Expr("name NOT LIKE 'a\\_%' ESCAPE '\\'"), "(name NOT LIKE 'a\\_%' ESCAPE '\\')");
  EXPECT_EQ(Expr("a IS NOT NULL"), "(a IS NOT NULL)");
  EXPECT_EQ(Expr("a IS NOT DISTINCT FROM b"), "(a IS NOT DISTINCT FROM b)");
  EXPECT_EQ(Expr("ts AT TIME ZONE 'UTC'"), "(ts AT TIME ZONE 'UTC')");
}

TEST(SqlParser, Literals) {
  EXPECT_EQ(Expr("'it''s'"), "'it''s'");
  EXPECT_EQ(Expr("1.50"), "1.50");
  EXPECT_EQ(Expr(".5"), ".5");
  EXPECT_EQ(Expr("1E5"), "1E5");
  EXPECT_EQ(Expr("X'0aFF'"), "X'0aFF'");
  EXPECT_EQ(Expr("DATE '2024-01-31'"), "DATE '2024-01-31'");
  EXPECT_EQ(Expr("timestamp '2024-01-31 10:00:00 UTC'"), "TIMESTAMP '2024-01-31 10:00:00 UTC'");
  EXPECT_EQ(Expr("DECIMAL '1.25'"), "DECIMAL '1.25'");
  EXPECT_EQ(Expr("DOUBLE PRECISION '1.5'"), "DOUBLE '1.5'");
  EXPECT_EQ(Expr("INTERVAL '3' DAY"), "INTERVAL '3' DAY");
  EXPECT_EQ(Expr("INTERVAL -'1-2' YEAR TO MONTH"), "INTERVAL - '1-2' YEAR TO MONTH");
  EXPECT_EQ(Expr("current_timestamp(3)"), "CURRENT_TIMESTAMP(3)");
  EXPECT_EQ(Expr("true AND null"), "(true AND null)");
}

TEST(SqlParser, ComplexExpressions) {
  EXPECT_EQ(Expr("CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END"),
            "(CASE WHEN (a > 1) THEN 'x' WHEN (a < 0) THEN 'y' ELSE 'z' END)");
  EXPECT_EQ(Expr("CASE a WHEN 1 THEN 2 END"), "(CASE a WHEN 1 THEN 2 END)");
  EXPECT_EQ(Expr("CAST(x AS decimal(10, 2))"), "CAST(x AS decimal(10, 2))");
  EXPECT_EQ(Expr("try_cast(x AS varchar(20))"), "TRY_CAST(x AS varchar(20))");
  EXPECT_EQ(Expr("CAST(x AS timestamp(6) with time zone)"), "CAST(x AS timestamp(6) with time zone)");
  EXPECT_EQ(Expr("cast(x as ROW(a integer, b array(double)))"), "CAST(x AS row(a integer, b array(double)))");
  EXPECT_EQ(Expr("cast(m as map(varchar, bigint))"), "CAST(m AS map(varchar, bigint))");
  EXPECT_EQ(Expr("count(*)"), "count(*)");
  EXPECT_EQ(Expr("count(DISTINCT x)"), "count(DISTINCT x)");
  EXPECT_EQ(Expr("coalesce(a, b, 0)"), "coalesce(a, b, 0)");
  EXPECT_EQ(Expr("ARRAY[1, 2][1]"), "ARRAY[1, 2][1]");
  EXPECT_EQ(Expr("m['key']"), "m['key']");
  EXPECT_EQ(Expr("t.col.field"), "t.col.field");
  EXPECT_EQ(Expr("(1, 'a')"), "ROW (1, 'a')");
  EXPECT_EQ(Expr("x IN (SELECT y FROM t)"), "(x IN (SELECT y FROM t))");
  EXPECT_EQ(Expr("EXISTS (SELECT 1)"), "(EXISTS (SELECT 1))");
  EXPECT_EQ(Expr("(SELECT max(a) FROM t) + 1"), "((SELECT max(a) FROM t) + 1)");
  EXPECT_EQ(Expr("extract(year FROM d)"), "EXTRACT(YEAR FROM d)");
  EXPECT_EQ(Expr("substring(s FROM 2 FOR 3)"), "substring(s, 2, 3)");
  EXPECT_EQ(Expr("position('a' IN s)"), "strpos(s, 'a')");
  EXPECT_EQ(Expr("\"t$snapshots\".committed_at"), "\"t$snapshots\".committed_at");
  EXPECT_EQ(Expr("2 .s"), "(2).s");  // found by the fuzzer: must not print as the number `2.`
  EXPECT_EQ(Expr("(2).s"), "(2).s");
}

TEST(SqlParser, Queries) {
  EXPECT_EQ(RoundTrip("select a, b as c from s.t where a > 1 group by a, b having count(*) > 1 order by a desc "
                      "nulls first, b offset 5 limit 10"),
            "SELECT a, b AS c FROM s.t WHERE (a > 1) GROUP BY a, b HAVING (count(*) > 1) ORDER BY a DESC NULLS "
            "FIRST, b ASC OFFSET 5 ROWS LIMIT 10");
  EXPECT_EQ(RoundTrip("SELECT DISTINCT * FROM t"), "SELECT DISTINCT * FROM t");
  EXPECT_EQ(RoundTrip("SELECT t.*, 1 x FROM t"), "SELECT t.*, 1 AS x FROM t");
  EXPECT_EQ(RoundTrip("SELECT * FROM t LIMIT 3"), "SELECT * FROM t LIMIT 3");
  EXPECT_EQ(RoundTrip("SELECT * FROM t FETCH FIRST 2 ROWS ONLY"), "SELECT * FROM t LIMIT 2");
  EXPECT_EQ(RoundTrip("WITH x (a) AS (SELECT 1), y AS (SELECT 2) SELECT * FROM x"),
            "WITH x (a) AS (SELECT 1), y AS (SELECT 2) SELECT * FROM x");
  EXPECT_EQ(RoundTrip("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4"),
            "(SELECT 1 UNION ALL (SELECT 2 INTERSECT SELECT 3)) EXCEPT SELECT 4");
  EXPECT_TRUE(ErrorOf("SELECT * FROM t LIMIT 1 OFFSET 2").starts_with("line 1:25: mismatched input 'OFFSET'"));
  EXPECT_EQ(RoundTrip("VALUES (1, 'a'), (2, 'b')"), "VALUES ROW (1, 'a'), ROW (2, 'b')");
  EXPECT_EQ(RoundTrip("SELECT * FROM (VALUES (1), (2)) AS v (x)"), "SELECT * FROM (VALUES 1, 2) AS v (x)");
  EXPECT_EQ(RoundTrip("TABLE s.t"), "TABLE s.t");
  EXPECT_EQ(RoundTrip("SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id) CROSS JOIN d, e"),
            "SELECT * FROM a INNER JOIN b ON (a.id = b.id) LEFT JOIN c USING (id) CROSS JOIN d, e");
  EXPECT_EQ(RoundTrip("SELECT * FROM a RIGHT JOIN b ON true FULL JOIN c ON false"),
            "SELECT * FROM a RIGHT JOIN b ON true FULL JOIN c ON false");
  EXPECT_EQ(RoundTrip("SELECT * FROM (SELECT 1) t"), "SELECT * FROM (SELECT 1) AS t");
  EXPECT_EQ(RoundTrip("SELECT * FROM t FOR VERSION AS OF 123"), "SELECT * FROM t FOR VERSION AS OF 123");
  EXPECT_EQ(RoundTrip("SELECT * FROM t FOR VERSION AS OF 'tag1'"), "SELECT * FROM t FOR VERSION AS OF 'tag1'");
  EXPECT_EQ(RoundTrip("SELECT * FROM t FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00 UTC' x"),
            "SELECT * FROM t FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00 UTC' AS x");
  EXPECT_EQ(RoundTrip("SELECT * FROM iceberg.s.\"t$snapshots\""), "SELECT * FROM iceberg.s.\"t$snapshots\"");
  EXPECT_EQ(RoundTrip("select count(*) from t;"), "SELECT count(*) FROM t");
}

TEST(SqlParser, Statements) {
  EXPECT_EQ(RoundTrip("create schema if not exists iceberg.s with (location = 'file:///tmp/x')"),
            "CREATE SCHEMA IF NOT EXISTS iceberg.s WITH (location = 'file:///tmp/x')");
  EXPECT_EQ(RoundTrip("DROP SCHEMA IF EXISTS s CASCADE"), "DROP SCHEMA IF EXISTS s CASCADE");
  EXPECT_EQ(RoundTrip("use iceberg.s"), "USE iceberg.s");
  EXPECT_EQ(RoundTrip("use s"), "USE s");
  EXPECT_EQ(RoundTrip("SHOW CATALOGS"), "SHOW CATALOGS");
  EXPECT_EQ(RoundTrip("SHOW SCHEMAS FROM iceberg LIKE 'a%'"), "SHOW SCHEMAS FROM iceberg LIKE 'a%'");
  EXPECT_EQ(RoundTrip("SHOW TABLES IN iceberg.s"), "SHOW TABLES FROM iceberg.s");
  EXPECT_EQ(RoundTrip("SHOW COLUMNS FROM t"), "SHOW COLUMNS FROM t");
  EXPECT_EQ(RoundTrip("DESCRIBE s.t"), "DESCRIBE s.t");
  EXPECT_EQ(RoundTrip("SHOW CREATE TABLE t"), "SHOW CREATE TABLE t");
  EXPECT_EQ(RoundTrip("CREATE TABLE IF NOT EXISTS s.t (id bigint NOT NULL, name varchar COMMENT 'n', "
                      "price decimal(10,2), ts timestamp(6) with time zone, tags array(varchar), "
                      "attrs map(varchar, double), loc row(lat double, lon double)) "
                      "WITH (format = 'PARQUET', partitioning = ARRAY['day(ts)', 'bucket(id, 16)'], format_version = 2)"),
            "CREATE TABLE IF NOT EXISTS s.t (id bigint NOT NULL, name varchar COMMENT 'n', price decimal(10, 2), "
            "ts timestamp(6) with time zone, tags array(varchar), attrs map(varchar, double), "
            "loc row(lat double, lon double)) WITH (format = 'PARQUET', partitioning = ARRAY['day(ts)', "
            "'bucket(id, 16)'], format_version = 2)");
  EXPECT_EQ(RoundTrip("CREATE TABLE t2 WITH (format = 'PARQUET') AS SELECT * FROM t"),
            "CREATE TABLE t2 WITH (format = 'PARQUET') AS SELECT * FROM t");
  EXPECT_EQ(RoundTrip("CREATE TABLE t2 (a, b) AS SELECT 1, 2 WITH NO DATA"),
            "CREATE TABLE t2 (a, b) AS SELECT 1, 2 WITH NO DATA");
  EXPECT_EQ(RoundTrip("DROP TABLE IF EXISTS t"), "DROP TABLE IF EXISTS t");
  EXPECT_EQ(RoundTrip("ALTER TABLE t ADD COLUMN c integer"), "ALTER TABLE t ADD COLUMN c integer");
  EXPECT_EQ(RoundTrip("ALTER TABLE t DROP COLUMN c"), "ALTER TABLE t DROP COLUMN c");
  EXPECT_EQ(RoundTrip("ALTER TABLE t RENAME COLUMN c TO d"), "ALTER TABLE t RENAME COLUMN c TO d");
  EXPECT_EQ(RoundTrip("ALTER TABLE t RENAME TO u"), "ALTER TABLE t RENAME TO u");
  EXPECT_EQ(RoundTrip("ALTER TABLE t SET PROPERTIES format_version = 2, partitioning = ARRAY['a']"),
            "ALTER TABLE t SET PROPERTIES format_version = 2, partitioning = ARRAY['a']");
  EXPECT_EQ(RoundTrip("INSERT INTO t VALUES (1, 'a'), (2, NULL)"), "INSERT INTO t VALUES ROW (1, 'a'), ROW (2, null)");
  EXPECT_EQ(RoundTrip("INSERT INTO t (a, b) SELECT x, y FROM u"), "INSERT INTO t (a, b) SELECT x, y FROM u");
  EXPECT_EQ(RoundTrip("INSERT INTO t (SELECT 1)"), "INSERT INTO t (SELECT 1)");
  EXPECT_EQ(RoundTrip("EXPLAIN SELECT 1"), "EXPLAIN SELECT 1");
  EXPECT_EQ(RoundTrip("EXPLAIN ANALYZE SELECT 1"), "EXPLAIN ANALYZE SELECT 1");
  EXPECT_EQ(RoundTrip("EXPLAIN (TYPE IO, FORMAT JSON) SELECT 1"), "EXPLAIN (TYPE IO, FORMAT JSON) SELECT 1");
}

TEST(SqlParser, Positions) {
  auto statement = ParseStatement("SELECT a,\n  b + 1\nFROM t");
  ASSERT_TRUE(statement.ok());
  const auto& query = *std::get<QueryStatement>(statement->node).query;
  const auto& select = query.body->specification.select;
  EXPECT_EQ(select[0].expression->location, (NodeLocation{1, 8}));
  EXPECT_EQ(select[1].expression->location, (NodeLocation{2, 5}));  // binary operators: at the operator, as in Trino
  EXPECT_EQ(select[1].expression->children[0]->location, (NodeLocation{2, 3}));
  EXPECT_EQ(select[1].expression->children[1]->location, (NodeLocation{2, 7}));
  EXPECT_EQ(query.body->specification.from->location, (NodeLocation{3, 6}));
}

TEST(SqlParser, SyntaxErrors) {
  EXPECT_EQ(ErrorOf("SELECT * FORM t"),
            "line 1:10: mismatched input 'FORM'. Expecting: ',', 'EXCEPT', 'FETCH', 'FROM', 'GROUP', 'HAVING', "
            "'INTERSECT', 'LIMIT', 'OFFSET', 'ORDER', 'UNION', 'WHERE', 'WINDOW', <EOF>");
  EXPECT_TRUE(ErrorOf("SELECT 1 FORM t").starts_with("line 1:15: mismatched input 't'")) << ErrorOf("SELECT 1 FORM t");
  EXPECT_TRUE(ErrorOf("SELEC 1").starts_with("line 1:1: mismatched input 'SELEC'. Expecting: "));
  EXPECT_TRUE(ErrorOf("SELECT (1 + 2").starts_with("line 1:14: mismatched input '<EOF>'"));
  EXPECT_TRUE(ErrorOf("SELECT a\nFROM t WHERE").starts_with("line 2:13: mismatched input '<EOF>'. Expecting: "));
  EXPECT_EQ(ErrorOf("SELECT 'abc"), "line 1:8: mismatched input ''abc'. Expecting: <string>");
  EXPECT_EQ(ErrorOf("SELECT # FROM t"), "line 1:8: token recognition error at: '#'");
  EXPECT_TRUE(ErrorOf("SELECT 1 = 2 = 3").starts_with("line 1:14: mismatched input '='"));
  EXPECT_TRUE(ErrorOf("").starts_with("line 1:1: mismatched input '<EOF>'"));
  EXPECT_TRUE(ErrorOf("SELECT * FROM select").starts_with("line 1:15: mismatched input 'select'"));

  auto status = ParseStatement("SELECT * FORM t").status();
  QueryError error = DescribeError(status);
  EXPECT_EQ(error.error_name, "SYNTAX_ERROR");
  EXPECT_EQ(error.error_code, 1);
  EXPECT_EQ(error.error_type, "USER_ERROR");
  ASSERT_TRUE(error.location.has_value());
  EXPECT_EQ(*error.location, (NodeLocation{1, 10}));
}

TEST(SqlParser, WindowFunctions) {
  EXPECT_EQ(RoundTrip("SELECT rank() OVER (ORDER BY a) FROM t"), "SELECT rank() OVER (ORDER BY a ASC) FROM t");
  EXPECT_EQ(RoundTrip("select sum(x) over (partition by a, b order by c desc nulls first rows between 2 preceding and "
                      "current row), count(*) over w, lag(x, 1, 0) over (w order by c range unbounded preceding) "
                      "from t window w as (partition by a)"),
            "SELECT sum(x) OVER (PARTITION BY a, b ORDER BY c DESC NULLS FIRST ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), "
            "count(*) OVER (w), lag(x, 1, 0) OVER (w ORDER BY c ASC RANGE UNBOUNDED PRECEDING) FROM t "
            "WINDOW w AS (PARTITION BY a)");
  EXPECT_EQ(RoundTrip("SELECT lag(x) ignore nulls over (ORDER BY y), first_value(x) RESPECT NULLS OVER () FROM t"),
            "SELECT lag(x) IGNORE NULLS OVER (ORDER BY y ASC), first_value(x) RESPECT NULLS OVER () FROM t");
  EXPECT_EQ(RoundTrip("SELECT avg(x) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM t"),
            "SELECT avg(x) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM t");
  auto status = ParseStatement("SELECT rank() OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING) FROM t").status();
  EXPECT_EQ(DescribeError(status).error_name, "SYNTAX_ERROR");
}

TEST(SqlParser, SetTimeZone) {
  EXPECT_EQ(RoundTrip("set time zone 'America/New_York'"), "SET TIME ZONE 'America/New_York'");
  EXPECT_EQ(RoundTrip("SET TIME ZONE LOCAL"), "SET TIME ZONE LOCAL");
}

TEST(SqlParser, TypesPrintBackAsTheyParse) {
  // Found by sql_parser_fuzzer: a bare `array` printed as `array()`.
  EXPECT_EQ(RoundTrip("CREATE TABLE t (a array, b map, c row)"), "CREATE TABLE t (a array, b map, c row)");
  // Row field names that are not plain identifiers stay quoted.
  EXPECT_EQ(RoundTrip("SELECT CAST(x AS row(\"a b\" integer, \"select\" varchar, c1 array(row(x integer))))"),
            "SELECT CAST(x AS row(\"a b\" integer, \"select\" varchar, c1 array(row(x integer))))");
}

TEST(SqlParser, NotSupported) {
  EXPECT_EQ(DescribeError(ParseStatement("DELETE FROM t").status()).error_name, "NOT_SUPPORTED");
}

TEST(SqlParser, DeepNestingFailsCleanly) {
  std::string deep(100000, '(');
  auto status = ParseStatement("SELECT " + deep).status();
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(DescribeError(status).error_name, "SYNTAX_ERROR");
  // Long unary chains fail at the nesting limit instead of overflowing the stack.
  auto unary = ParseStatement("SELECT " + std::string(50000, '+') + "1").status();
  EXPECT_EQ(DescribeError(unary).error_name, "SYNTAX_ERROR");
}

TEST(SqlParser, SessionStatements) {
  EXPECT_EQ(RoundTrip("set session query_max_memory = '1GB'"), "SET SESSION query_max_memory = '1GB'");
  EXPECT_EQ(RoundTrip("SET SESSION iceberg.sorted_writing_enabled = false"),
            "SET SESSION iceberg.sorted_writing_enabled = false");
  EXPECT_EQ(RoundTrip("reset session query_max_memory"), "RESET SESSION query_max_memory");
  EXPECT_EQ(RoundTrip("SHOW SESSION LIKE 'q%'"), "SHOW SESSION LIKE 'q%'");
  EXPECT_EQ(RoundTrip("show functions"), "SHOW FUNCTIONS");
  EXPECT_EQ(RoundTrip("SHOW STATS FOR s.t"), "SHOW STATS FOR s.t");
  EXPECT_EQ(RoundTrip("start transaction"), "START TRANSACTION");
  EXPECT_EQ(RoundTrip("START TRANSACTION READ ONLY, ISOLATION LEVEL REPEATABLE READ"),
            "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  EXPECT_EQ(RoundTrip("commit work"), "COMMIT");
  EXPECT_EQ(RoundTrip("ROLLBACK"), "ROLLBACK");
  // The prepared statement stays text: its `?` are not expressions yet.
  EXPECT_EQ(RoundTrip("PREPARE q FROM SELECT * FROM t WHERE a = ? AND b = '?' ;  "),
            "PREPARE q FROM SELECT * FROM t WHERE a = ? AND b = '?'");
  EXPECT_EQ(RoundTrip("EXECUTE q USING 1, 'x', DATE '2024-01-01'"), "EXECUTE q USING 1, 'x', DATE '2024-01-01'");
  EXPECT_EQ(RoundTrip("EXECUTE q"), "EXECUTE q");
  EXPECT_EQ(RoundTrip("EXECUTE IMMEDIATE 'SELECT ? + 1' USING 2"), "EXECUTE IMMEDIATE 'SELECT ? + 1' USING 2");
  EXPECT_EQ(RoundTrip("EXECUTE immediate"), "EXECUTE immediate");
  EXPECT_EQ(RoundTrip("DEALLOCATE PREPARE q"), "DEALLOCATE PREPARE q");
  EXPECT_NE(ErrorOf("PREPARE q FROM").find("mismatched input '<EOF>'"), std::string::npos);
  EXPECT_NE(ErrorOf("PREPARE q FROM;").find("mismatched input ';'"), std::string::npos);  // found by the fuzzer
  EXPECT_NE(ErrorOf("START TRANSACTION READ SOMETIMES").find("mismatched input 'SOMETIMES'"), std::string::npos);
  EXPECT_NE(ErrorOf("SET SESSION x").find("mismatched input '<EOF>'"), std::string::npos);
  EXPECT_EQ(DescribeError(ParseStatement("SELECT ?").status()).error_name, "NOT_SUPPORTED");
}

TEST(SqlParser, SplitStatements) {
  auto parts = SplitStatements("SELECT 1; SELECT ';' ; -- c;\n/* ; */ SELECT \"a;b\";  ");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "SELECT ';'");
  EXPECT_TRUE(EndsWithStatementTerminator("SELECT 1;"));
  EXPECT_TRUE(EndsWithStatementTerminator("SELECT 1\n;  -- done"));
  EXPECT_FALSE(EndsWithStatementTerminator("SELECT ';"));
  EXPECT_FALSE(EndsWithStatementTerminator("SELECT 1"));
}

}  // namespace
}  // namespace floe::sql
