-- wrk script for the API benchmark (io.kboss.test.bench.ApiBenchmark starts wrk with it; see
-- api-benchmark). Every request is signed here, per call, the way a CloudStack client signs:
-- apiKey, signatureVersion=3 and an expires five minutes ahead are added, the parameters sorted by
-- name, joined as name=value with URL-encoded values (spaces as %20), the string lower-cased,
-- HMAC-SHA1 with the secret (OpenSSL's libcrypto through LuaJIT's FFI: wrk already links it), Base64.
--
-- Environment (the secret travels here rather than on the command line, where `ps` would show it):
--   KBOSS_BENCH_API_KEY, KBOSS_BENCH_SECRET_KEY   the admin's keys
--   KBOSS_BENCH_SCENARIO   offerings-p20 | offerings-p500 | configurations-p20 | configurations-p500 | mixed-p20
--                          | server-warm-up (all four kinds, before the first scenario)
--   KBOSS_BENCH_SCOPES     file of "zoneid|clusterid|accountid <uuid>" lines for listConfigurations
--   KBOSS_BENCH_OFFERINGS  number of offerings seeded (pages are drawn from all of them)
-- At the end one line starting with "KBOSS-BENCH-RESULT " carries the figures as JSON.

local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha1(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n);
]]
local crypto = ffi.load("crypto")

local threads = {}
local thread_id = 0

function setup(thread)
   thread_id = thread_id + 1
   thread:set("id", thread_id)
   table.insert(threads, thread)
end

local api_key, secret, scenario, scopes, offerings
local digest = ffi.new("unsigned char[20]")
local digest_len = ffi.new("unsigned int[1]")
local b64 = ffi.new("unsigned char[32]")
-- Answers that were not the expected list envelope (wrk itself counts non-2xx and socket errors).
bad = 0
bad_sample = ""

local function need(name)
   local v = os.getenv(name)
   if v == nil or v == "" then
      error(name .. " is not set: run this script through server-side/bench/api-benchmark")
   end
   return v
end

function init(args)
   api_key = need("KBOSS_BENCH_API_KEY")
   secret = need("KBOSS_BENCH_SECRET_KEY")
   scenario = need("KBOSS_BENCH_SCENARIO")
   offerings = tonumber(need("KBOSS_BENCH_OFFERINGS"))
   scopes = {}
   for line in io.lines(need("KBOSS_BENCH_SCOPES")) do
      local kind, uuid = line:match("^(%a+) ([%x-]+)$")
      if kind then
         scopes[kind] = scopes[kind] or {}
         table.insert(scopes[kind], uuid)
      end
   end
   math.randomseed(os.time() * 100 + (id or 0))
end

local function encode(s)
   -- java.net.URLEncoder's set, with %20 for spaces, as the server computes it.
   return (s:gsub("[^%w%.%-%*_]", function(c) return string.format("%%%02X", c:byte()) end))
end

local function sign(text)
   crypto.HMAC(crypto.EVP_sha1(), secret, #secret, text, #text, digest, digest_len)
   local n = crypto.EVP_EncodeBlock(b64, digest, digest_len[0])
   return ffi.string(b64, n)
end

local function offerings_call(page_size)
   local pages = math.floor(offerings / page_size)
   return { command = "listBackupOfferings", page = tostring(math.random(pages)), pagesize = tostring(page_size) }
end

local scope_kinds = { "zoneid", "clusterid", "accountid" }

local function configurations_call(page_size)
   local p = { command = "listConfigurations", page = "1", pagesize = tostring(page_size) }
   local pick = math.random(4)
   if pick <= 3 then
      local kind = scope_kinds[pick]
      local list = scopes[kind]
      p[kind] = list[math.random(#list)]
   end
   return p
end

local function next_call()
   if scenario == "offerings-p20" then return offerings_call(20)
   elseif scenario == "offerings-p500" then return offerings_call(500)
   elseif scenario == "configurations-p20" then return configurations_call(20)
   elseif scenario == "configurations-p500" then return configurations_call(500)
   elseif scenario == "mixed-p20" then
      if math.random(2) == 1 then return offerings_call(20) else return configurations_call(20) end
   elseif scenario == "server-warm-up" then
      local pick = math.random(4)
      if pick == 1 then return offerings_call(20) elseif pick == 2 then return offerings_call(500)
      elseif pick == 3 then return configurations_call(20) else return configurations_call(500) end
   end
   error("unknown scenario " .. scenario)
end

function request()
   local p = next_call()
   p.response = "json"
   p.apiKey = api_key
   p.signatureVersion = "3"
   p.expires = os.date("!%Y-%m-%dT%H:%M:%S+0000", os.time() + 300)
   local names = {}
   for k in pairs(p) do table.insert(names, k) end
   table.sort(names, function(a, b) return a:lower() < b:lower() end)
   local pairs_ = {}
   for i, k in ipairs(names) do pairs_[i] = k .. "=" .. encode(p[k]) end
   local query = table.concat(pairs_, "&")
   return wrk.format("GET", "/client/api?" .. query .. "&signature=" .. encode(sign(query:lower())))
end

function response(status, headers, body)
   if status ~= 200 then
      -- Counted by wrk as a status error; keep the first body to say why.
      if bad_sample == "" then bad_sample = "HTTP " .. status .. ": " .. body:sub(1, 300) end
   elseif not (body:find('^{"listbackupofferingsresponse":{"count":')
         or body:find('^{"listconfigurationsresponse":{"count":')) then
      bad = bad + 1
      if bad_sample == "" then bad_sample = "HTTP 200 without a list envelope: " .. body:sub(1, 300) end
   end
end

function done(summary, latency, requests)
   local bad_total, sample = 0, ""
   for _, t in ipairs(threads) do
      bad_total = bad_total + t:get("bad")
      if sample == "" then sample = t:get("bad_sample") end
   end
   local e = summary.errors
   io.write(string.format('KBOSS-BENCH-RESULT {"requests":%d,"duration_us":%d,"bytes":%d,'
         .. '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"bad":%d,'
         .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"bad_sample":"%s"}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      bad_total, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      (sample:gsub('[\\"]', "'"))))
end
