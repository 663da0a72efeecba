-- wrk script: the event-query mix of `vigil bench serve` (filters by country, kind, dates,
-- actor, pages; with the argument `text`, full-text searches too), sent in turn by every
-- connection; counts non-2xx answers.
--   vigil bench serve --rounds 0   # only builds target/bench-serve.db (100,000 events)
--   vigil serve --db target/bench-serve.db --addr 127.0.0.1:8091 --threads 2 &
--   wrk -t2 -c16 -d10s --latency -s scripts/wrk-events.lua http://127.0.0.1:8091
--   wrk -t2 -c16 -d10s --latency -s scripts/wrk-events.lua http://127.0.0.1:8091 -- text
local paths = {}
for _, c in ipairs({"SO", "NG", "ML", "PK", "AF", "IQ", "FR"}) do
  paths[#paths + 1] = "/api/v1/events?country=" .. c .. "&limit=20"
  paths[#paths + 1] = "/api/v1/events?country=" .. c .. "&kind=attack&from=2025-01-01&limit=20"
end
for _, k in ipairs({"attack", "arrest", "claim_of_responsibility", "assessment"}) do
  paths[#paths + 1] = "/api/v1/events?kind=" .. k .. "&limit=20"
  paths[#paths + 1] = "/api/v1/events?kind=" .. k .. "&limit=20&offset=200"
end
for _, a in ipairs({"grp:al-shabaab", "grp:boko-haram", "grp:jnim"}) do
  paths[#paths + 1] = "/api/v1/events?actor=" .. a .. "&limit=20"
end
for _, m in ipairs({"2024-03", "2024-09", "2025-02", "2025-11"}) do
  paths[#paths + 1] = "/api/v1/events?from=" .. m .. "-01&to=" .. m .. "-07&limit=20"
end
paths[#paths + 1] = "/api/v1/events?limit=20"

function init(args)
  if args[1] == "text" then
    paths[#paths + 1] = "/api/v1/events?text=market&limit=20"
    paths[#paths + 1] = "/api/v1/events?text=hotel+AND+Kabul&limit=20"
  end
end

local counter = 0
function setup(thread)
  thread:set("offset", counter * 7)
  counter = counter + 1
end

local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i + offset) % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("errors: %d non-2xx answers, %d socket errors of %d requests\n",
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
