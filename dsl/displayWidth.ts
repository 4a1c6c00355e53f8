/**
 * How many columns a terminal or editor gives a string: wide characters (CJK, emoji) two, combining marks,
 * joiners and the byte-order mark none, everything else one. Tabs are the caller's business. Used to line up
 * code-frame markers and the formatter's columns under text that is not plain ASCII.
 *
 * @example
 *   displayWidth("Région"); // 6
 *   displayWidth("地域🚀");  // 6
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const c of text) w += charWidth(c);
  return w;
}

/** The columns of one character (one code point). */
export function charWidth(c: string): number {
  if (/[\p{Mn}\p{Me}\u200B-\u200F\uFE00-\uFE0F\uFEFF]/u.test(c)) return 0;
  return /\p{Emoji_Presentation}|[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u.test(c) ? 2 : 1;
}

/** `text` padded with spaces to `width` display columns (never cut). */
export function padToWidth(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}
