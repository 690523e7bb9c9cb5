/**
 * Log lines carry user-influenced text (error messages, paths, upstream
 * answers). Raw control characters in them can rewrite a terminal (ANSI),
 * hide or reorder text (bidi overrides, zero-width) or split a record (NUL,
 * CR, LF, U+2028), so every line is escaped and capped once, here.
 *
 * @example
 * console.log(safeLogLine(`generation failed: ${error.message}`));
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/g;

export const MAX_LOG_LINE_CHARS = 2000;

export function safeLogLine(line: string): string {
  const escaped = line.replace(UNSAFE, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
  return escaped.length > MAX_LOG_LINE_CHARS ? `${escaped.slice(0, MAX_LOG_LINE_CHARS)}… (${escaped.length - MAX_LOG_LINE_CHARS} more chars)` : escaped;
}

/** What a log line says about an error: its name, never its message, which may carry user text or secrets. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'error';
}
