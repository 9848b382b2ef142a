// Times DuckDB (SET threads=1) scanning every column of a Parquet file
// (sum of numeric/decimal/date columns, count and max length of strings).
// Usage: node bench_duckdb.mjs FILE [REPEAT]   (FILE from bench/parquet_bench write)
import { DuckDBInstance } from '@duckdb/node-api';

const [file, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 3);
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run('SET threads=1');
const src = `read_parquet('${file.replaceAll("'", "''")}')`;
const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjectsJson();
const exprs = columns.map(({ column_name: c, column_type: t }) => {
  if (t === 'VARCHAR') return `count(${c}), max(length(${c}))`;
  if (t === 'DATE') return `sum(epoch(${c}))`;
  return `sum(${c})`;
});
const sql = `SELECT count(*), ${exprs.join(', ')} FROM ${src}`;
let best = Infinity;
let bestReadCpu = Infinity;
let rows = 0;
for (let i = 0; i < repeat; i++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const result = (await conn.runAndReadAll(sql)).getRows();
  const c1 = process.cpuUsage(c0);
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  bestReadCpu = Math.min(bestReadCpu, (c1.user + c1.system) / 1e6);
  rows = Number(result[0][0]);
}
console.log(`duckdb read (threads=1): ${rows} rows, ${columns.length} columns, best of ${repeat}: ${best.toFixed(3)} s wall, ` +
            `${bestReadCpu.toFixed(3)} s CPU, ${(rows / best / 1e6).toFixed(2)} Mrows/s`);
// Writing: the same rows from an in-memory table (write only, as floe's
// figure excludes generating its batches), best of REPEAT; then read+write.
const out = `'${file.replaceAll("'", "''")}.duckdb.parquet'`;
await conn.run(`CREATE TABLE lineitem AS SELECT * FROM ${src}`);
let bestWrite = Infinity;
let bestCpu = Infinity;
for (let i = 0; i < repeat; i++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await conn.run(`COPY lineitem TO ${out} (FORMAT PARQUET, COMPRESSION ZSTD)`);
  const c1 = process.cpuUsage(c0);
  bestWrite = Math.min(bestWrite, Number(process.hrtime.bigint() - t0) / 1e9);
  bestCpu = Math.min(bestCpu, (c1.user + c1.system) / 1e6);  // the whole process: every DuckDB thread
}
console.log(`duckdb write (threads=1, zstd, from memory): ${rows} rows, best of ${repeat}: ${bestWrite.toFixed(3)} s wall, ` +
            `${bestCpu.toFixed(3)} s CPU, ${(rows / bestWrite / 1e6).toFixed(2)} Mrows/s`);
const t0 = process.hrtime.bigint();
await conn.run(`COPY (SELECT * FROM ${src}) TO ${out} (FORMAT PARQUET, COMPRESSION ZSTD)`);
const write = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`duckdb write (threads=1, read+write zstd): ${rows} rows, ${write.toFixed(3)} s, ${(rows / write / 1e6).toFixed(2)} Mrows/s`);
