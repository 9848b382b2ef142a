-- wrk: back-to-back fast appends to one table over one connection (-t1 -c1).
-- Commit i adds snapshot BASE+i (sequence number i) with parent BASE+i-1 and
-- moves main to it, asserting main was BASE+i-1: the same chain
-- catalog_bench.mjs builds, but computed here instead of parsed from each
-- response, so the client costs next to nothing and the server's commit path
-- is what is measured. The table must start with no snapshots.
-- Usage: wrk -t1 -c1 -d2s -s fast_append.lua URL/v1/namespaces/NS/tables/T -- TABLE_LOCATION BASE
local location = "/tmp/unused"
local base = 2000000
local start_ms = 0
function init(args)
  location = args[1] or location
  base = tonumber(args[2] or base)
  -- Snapshot timestamps must not precede the table's last update.
  start_ms = (os.time() + 1) * 1000
end
-- `committed` counts acknowledged commits: request() builds commit
-- committed+1 (wrk may call it more than once per request it sends), and
-- response() advances the chain only on success.
local committed = 0
response = function(status, headers, body)
  if status == 200 then committed = committed + 1 end
end
request = function()
  local i = committed + 1
  local id = base + i
  local parent = ""
  local asserted = "null"
  if i > 1 then
    parent = string.format(',"parent-snapshot-id":%d', id - 1)
    asserted = tostring(id - 1)
  end
  local body = string.format(
    '{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":%s}],'
      .. '"updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":%d%s,"sequence-number":%d,'
      .. '"timestamp-ms":%d,"manifest-list":"%s/metadata/snap-%d-1.avro",'
      .. '"summary":{"operation":"append","added-data-files":"1","added-records":"100"},"schema-id":0}},'
      .. '{"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":%d}]}',
    asserted, id, parent, i, start_ms + i, location, id, id)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
