-- One script for every scenario, configured by environment variables (wrk passes no
-- arguments to init without "--"):
--   BENCH_URLS      a file of request paths, one a line; each thread walks it from its own
--                   offset (the file is already drawn from the wanted distribution)
--   BENCH_DELAY_MS  mean pause before each request on a connection, for a paced run; drawn
--                   from an exponential distribution so connections do not march in step
-- done() prints one line "BENCH_JSON {...}" that bench/run.ts parses instead of wrk's text.

local paths = nil
local cursor = 1
local mean_delay = tonumber(os.getenv("BENCH_DELAY_MS") or "")
local started = 0

function setup(thread)
  started = started + 1
  thread:set("thread_no", started)
end

function init(args)
  local file = os.getenv("BENCH_URLS")
  if file and file ~= "" then
    paths = {}
    for line in io.lines(file) do
      if line ~= "" then table.insert(paths, line) end
    end
    math.randomseed(os.time() + (thread_no or 1) * 7919)
    cursor = math.random(#paths)
  else
    math.randomseed(os.time() + (thread_no or 1) * 7919)
  end
end

function request()
  if paths then
    local path = paths[cursor]
    cursor = cursor + 1
    if cursor > #paths then cursor = 1 end
    return wrk.format(nil, path)
  end
  return wrk.format()
end

if mean_delay then
  function delay()
    -- Capped below Node's 5 s keep-alive timeout, after which the server closes the connection.
    return math.min(4000, math.floor(-math.log(1 - math.random()) * mean_delay + 0.5))
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"non_2xx_3xx":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
