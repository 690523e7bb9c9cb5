/**
 * How records are laid out in Redis so reads are exact whatever the client's
 * `automaticDeserialization` setting: hash fields hold `JSON.stringify([value])`
 * and list items hold JSON objects. Neither can be mistaken for a scalar, so
 * "1e3" stays a string and a stored object is parsed exactly once.
 */

/** Flat HSET arguments; undefined values are left out, as JSON would. */
export function encodeFields(record: object): string[] {
  const fields: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (value !== undefined) fields.push(field, JSON.stringify([value]));
  }
  return fields;
}

/** HGETALL as the client returns it (null, {} or a flat array) → the record, or undefined when absent. */
export function decodeFields(raw: unknown): Record<string, unknown> | undefined {
  if (raw === null || raw === undefined) return undefined;
  const entries: [string, unknown][] = [];
  if (Array.isArray(raw)) {
    for (let index = 0; index + 1 < raw.length; index += 2) entries.push([String(raw[index]), raw[index + 1]]);
  } else if (typeof raw === 'object') {
    entries.push(...Object.entries(raw));
  }
  const record: Record<string, unknown> = {};
  for (const [field, value] of entries) {
    const wrapped = typeof value === 'string' ? safeParse(value) : value;
    if (Array.isArray(wrapped) && wrapped.length === 1) record[field] = wrapped[0];
  }
  return Object.keys(record).length > 0 ? record : undefined;
}

/** A list item or string value that holds a JSON object, parsed by the client or not. */
export function decodeObject<T>(raw: unknown): T | undefined {
  const value = typeof raw === 'string' ? safeParse(raw) : raw;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as T) : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
