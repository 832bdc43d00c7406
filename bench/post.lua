-- wrk script: POST the body in BENCH_BODY_FILE with the bearer key in BENCH_KEY.
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

local non_2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end
