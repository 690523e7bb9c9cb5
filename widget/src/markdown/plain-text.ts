/**
 * Plain text of an answer for the polite live region: link targets, emphasis and code marks, and the
 * heading, quote and list markers at line starts are stripped; a `#`, `>` or `~` inside a sentence stays.
 */
export const plainText = (text: string): string => text.replace(/!?\[([^\]]*)\]\([^)\s]*(?:\s+"[^"\n]*")?\)|\*(?!\s)|(?<=\S)\*|`+|^[ \t]*(?:#{1,6}|>|[-+*]|\d+[.)])[ \t]+/gm, '$1');
