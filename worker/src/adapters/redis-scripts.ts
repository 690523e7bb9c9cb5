/**
 * The Lua scripts of the Upstash Redis store: each runs atomically on the
 * server, so a replayed write is safe to repeat (upstash-redis-store.ts).
 */

/**
 * Patch a hash only if it exists, refresh its TTL, and keep the pending-handoff index in step.
 * A firstResponseAt never moves later: a turn that began before an agent's reply would otherwise overwrite it.
 * KEYS: record, pending zset. ARGV: ttl ms, 'add' | 'remove' | '', zset score, member, field, value, ...
 */
export const PATCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local fields = {}
for index = 5, #ARGV, 2 do
  local keep = true
  if ARGV[index] == 'firstResponseAt' then
    local current = string.match(redis.call('HGET', KEYS[1], 'firstResponseAt') or '', '%d+')
    local patched = string.match(ARGV[index + 1], '%d+')
    if current and patched and tonumber(current) <= tonumber(patched) then keep = false end
  end
  if keep then
    table.insert(fields, ARGV[index])
    table.insert(fields, ARGV[index + 1])
  end
end
if #fields > 0 then redis.call('HSET', KEYS[1], unpack(fields)) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if ARGV[2] == 'add' then redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[4]) end
if ARGV[2] == 'remove' then redis.call('ZREM', KEYS[2], ARGV[4]) end
return 1`;

/**
 * Create a conversation unless it exists, and index it by creation time.
 * KEYS: record, by-created zset. ARGV: ttl ms, createdAt, id, field, value, ...
 */
export const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

/**
 * Append a message unless its id is already stored; refresh the TTLs; move the
 * conversation's updatedAt forward (never back: a replayed message can be older).
 * KEYS: message list, message-id set, conversation hash. ARGV: ttl ms, id, message JSON, at, encoded at.
 */
export const APPEND_SCRIPT = `
local added = redis.call('SADD', KEYS[2], ARGV[2])
if added == 1 then redis.call('RPUSH', KEYS[1], ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 0 then return added end
redis.call('PEXPIRE', KEYS[3], ARGV[1])
local current = tonumber(string.match(redis.call('HGET', KEYS[3], 'updatedAt') or '', '%d+') or '0')
if added == 1 and tonumber(ARGV[4]) > current then redis.call('HSET', KEYS[3], 'updatedAt', ARGV[5]) end
return added`;
