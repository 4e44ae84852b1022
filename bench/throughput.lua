-- wrk script of the HTTP throughput benchmark (bench/throughput.mjs).
--   wrk ... -s bench/throughput.lua URL -- MODE IDS_FILE TOKEN DATE
-- MODE "file": GET the URL as it is (nginx serving one answer's bytes);
-- "get": GET /api/v1/people/ID, the ids of IDS_FILE (one a line) in turn,
-- each thread starting at its own place; "post": POST /api/v1/concerns
-- about those young people in turn, dated DATE, with an invented
-- narrative. TOKEN goes in "Authorization: Bearer". When done, prints one
-- line "THROUGHPUT_JSON {...}": requests, seconds, errors, latency
-- percentiles in microseconds.

local mode, ids, token, date = "file", {}, nil, nil
local position = 0
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("start", thread_number * 7919)
end

function init(args)
  mode = args[1] or "file"
  if mode ~= "file" then
    for line in io.lines(args[2]) do
      if #line > 0 then ids[#ids + 1] = line end
    end
    token = args[3]
    date = args[4]
  end
  position = (start or 0) % math.max(#ids, 1)
end

local function next_id()
  position = position % #ids + 1
  return ids[position]
end

function request()
  if mode == "get" then
    return wrk.format("GET", "/api/v1/people/" .. next_id(), {["Authorization"] = "Bearer " .. token})
  elseif mode == "post" then
    local body = '{"person_id":"' .. next_id() .. '","concern_date":"' .. date ..
      '","narrative":"Benchmark concern: seen at the bus station late at night with older youths.","sharing":"hub"}'
    return wrk.format("POST", "/api/v1/concerns",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'THROUGHPUT_JSON {"requests":%d,"seconds":%.3f,"non_2xx_3xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
