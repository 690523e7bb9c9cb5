/**
 * Upstash accepts the `allow-key-locking` Lua shebang flag that
 * @upstash/ratelimit puts on its scripts; open-source Redis 7 refuses unknown
 * flags. The bridge strips it, and maps the client's EVALSHA hash of the
 * original script to the hash Redis knows.
 */
import { createHash } from 'node:crypto';

const UPSTASH_ONLY_FLAG = /^(#![^\n]*?)\s*\ballow-key-locking\b,?/;

export class LuaShebangCompat {
  readonly #hashes = new Map<string, string>();

  rewrite(command: string[]): string[] {
    const name = command[0]?.toUpperCase();
    const scriptIndex = name === 'EVAL' || name === 'EVAL_RO' ? 1 : name === 'SCRIPT' && command[1]?.toUpperCase() === 'LOAD' ? 2 : -1;
    if (scriptIndex > 0) {
      const script = command[scriptIndex] ?? '';
      const compatible = this.#compatible(script);
      if (compatible === script) return command;
      this.#hashes.set(sha1(script), sha1(compatible));
      return command.map((argument, index) => (index === scriptIndex ? compatible : argument));
    }
    if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && command[1]) {
      const known = this.#hashes.get(command[1].toLowerCase());
      if (known) return [command[0] ?? 'EVALSHA', known, ...command.slice(2)];
    }
    return command;
  }

  #compatible(script: string): string {
    if (!script.startsWith('#!')) return script;
    return script.replace(UPSTASH_ONLY_FLAG, '$1').replace(/^#!lua flags=\s*(\n|$)/, '#!lua$1');
  }
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
