-- wrk script for scripts/soak-serve: a varied read load that touches every cache of the
-- server and keeps it churning — event filters, full-text searches never asked before (a
-- counter in the query), incidents, stats, timelines, one document, bad parameters and
-- unknown paths (answered 400 and 404, as they should be: wrk counts them as non-2xx).
local words = {"market", "hotel", "Kabul", "checkpoint", "bomb", "police", "army", "convoy",
               "church", "school", "border", "mosque", "bus", "village", "attack", "claimed"}
local fixed = {
  "/api/v1/events?country=SO&limit=20",
  "/api/v1/events?kind=attack&from=2025-01-01&limit=50",
  "/api/v1/events?actor=grp:al-shabaab&limit=20&offset=40",
  "/api/v1/incidents?limit=20",
  "/api/v1/incidents?country=NG&limit=20",
  "/api/v1/stats",
  "/api/v1/timeline?kind=attack",
  "/api/v1/claims?limit=20",
  "/api/v1/countries",
  "/api/v1/search?q=police&limit=10",
  "/api/v1/picture/SO",
  "/api/v1/events?limit=0&nonsense=1",
  "/api/v1/no-such-route",
}
local n = 0

request = function()
  n = n + 1
  local path
  if n % 3 == 0 then
    local w = words[(n % #words) + 1]
    path = "/api/v1/events?text=" .. w .. "+OR+" .. w .. tostring(n % 997) .. "&limit=20"
  else
    path = fixed[(n % #fixed) + 1]
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors (socket) %d, p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
