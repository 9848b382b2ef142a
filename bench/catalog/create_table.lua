-- wrk: POST createTable with a fresh table name per request (thread id + counter).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local run = "r"
function init(args)
  run = args[1] or run  -- wrk ... -- RUN: keeps names unique across runs
end
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"name":"t_%s_%d_%d","schema":{"type":"struct","schema-id":0,"fields":['
    .. '{"id":1,"name":"id","required":true,"type":"long"},{"id":2,"name":"ts","required":false,"type":"timestamptz"},'
    .. '{"id":3,"name":"payload","required":false,"type":"string"}]},'
    .. '"partition-spec":{"fields":[{"source-id":2,"field-id":1000,"name":"ts_day","transform":"day"}]}}',
    run, thread_id, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
