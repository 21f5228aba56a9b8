-- The never-repeated stream of scripts/bench.sh: every request is a URL not
-- sent before in the run, all valid (200) with real bodies. URL number n is
-- a pure function of n: even n an /entities page, odd n an /events page,
-- each a combination of limit (1..500), offset (below the collection's size,
-- at most 60), sort (none, one key or two, each either way) and fields (all,
-- or id and any subset of the others), scattered by a bijection so that
-- neighbouring numbers differ in every part.
--
--   wrk ... -s stream.lua URL -- run BLOCK ENTITY_OFFSETS EVENT_OFFSETS
--       thread k sends URLs (BLOCK + k) * 2^22, +1, +2, ...
--   wrk -t1 -c1 -d1s -s stream.lua URL -- dump COUNT ENTITY_OFFSETS EVENT_OFFSETS
--       prints URLs 0 .. COUNT-1, one a line, and exits: the check of
--       bench.sh asks every server for these, so they come from this very code.
--
-- Sort keys and fields are those README.md and API.md give each collection.

local collections = {
  { path = "/api/v1/entities",
    sorts = { "id", "name", "kind", "side", "parent" },
    fields = { "name", "kind", "side", "parent", "aliases", "source" } },
  { path = "/api/v1/events",
    sorts = { "id", "start", "end", "title", "category", "precision" },
    fields = { "start", "end", "precision", "title", "summary", "category",
               "entities", "figures", "partnerships", "funding", "source" } },
}
local LIMITS = 500
local BLOCK = 4194304     -- 2^22 URLs per thread and run, far more than a run sends

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

-- a * b % m without losing digits (Lua numbers are doubles): b in base 2^16.
local function mulmod(a, b, m)
  local digits, r = {}, 0
  while b > 0 do digits[#digits + 1] = b % 65536; b = math.floor(b / 65536) end
  for i = #digits, 1, -1 do r = (r * 65536 + a * digits[i]) % m end
  return r
end

-- The radices of one collection's space, once its offset count is known.
local function prepare(c, offsets)
  local k = #c.sorts
  c.offsets = offsets
  c.nsorts = 1 + 2 * k + (2 * k) * (2 * (k - 1)) -- none, one key, two distinct keys
  c.nfields = 2 ^ #c.fields + 1                  -- none, or id and a subset
  c.space = LIMITS * offsets * c.nsorts * c.nfields
  -- the multiplier of the scattering: near space / golden ratio, coprime to space
  c.mult = math.floor(c.space * 0.6180339887)
  while gcd(c.mult, c.space) ~= 1 do c.mult = c.mult + 1 end
end

local function sort_key(c, d, skip) -- d: key index * 2 + direction
  local i = math.floor(d / 2) + 1
  if skip and i >= skip then i = i + 1 end
  return (d % 2 == 1 and "-" or "") .. c.sorts[i], i
end

local function url_of(n)
  local c = collections[n % 2 + 1]
  local m = math.floor(n / 2)
  assert(m < c.space, "stream: URL space exhausted")
  local x = mulmod(m, c.mult, c.space) -- a bijection of 0 .. space-1
  local limit = x % LIMITS + 1; x = math.floor(x / LIMITS)
  local offset = x % c.offsets; x = math.floor(x / c.offsets)
  local s = x % c.nsorts; x = math.floor(x / c.nsorts)
  local f = x -- below c.nfields
  local url = c.path .. "?limit=" .. limit .. "&offset=" .. offset
  local k = #c.sorts
  if s >= 1 and s <= 2 * k then
    url = url .. "&sort=" .. sort_key(c, s - 1)
  elseif s > 2 * k then
    local t = s - 1 - 2 * k
    local first, i = sort_key(c, math.floor(t / (2 * (k - 1))))
    url = url .. "&sort=" .. first .. "," .. sort_key(c, t % (2 * (k - 1)), i)
  end
  if f > 0 then
    local names, mask = { "id" }, f - 1
    for j = 1, #c.fields do
      if mask % 2 == 1 then names[#names + 1] = c.fields[j] end
      mask = math.floor(mask / 2)
    end
    url = url .. "&fields=" .. table.concat(names, ",")
  end
  return url
end

-- wrk: setup() runs in the main state once per thread, before its init().
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

local next_n, last_n
function init(args)
  prepare(collections[1], tonumber(args[3]))
  prepare(collections[2], tonumber(args[4]))
  if args[1] == "dump" then
    for n = 0, tonumber(args[2]) - 1 do print(url_of(n)) end
    io.stdout:flush()
    os.exit(0)
  end
  next_n = (tonumber(args[2]) + thread_index) * BLOCK
  last_n = next_n + BLOCK
end

function request()
  local n = next_n
  next_n = n + 1
  if n >= last_n then -- never repeat: a 404 makes bench.sh fail loudly instead
    return wrk.format(nil, "/bench-stream-exhausted")
  end
  return wrk.format(nil, url_of(n))
end
