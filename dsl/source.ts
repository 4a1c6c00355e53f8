/**
 * A `.map` file's text and name. Every position in the DSL is an offset into a Source;
 * line and column are computed only when a message is printed.
 *
 * @example
 *   const src = new Source("object Owner from User {}", "mappings/owner.map");
 *   src.locate(7); // { line: 1, column: 8 }
 */
export class Source {
  readonly body: string;
  readonly name: string;
  #lineStarts: number[] | undefined;

  constructor(body: string, name = "<input>") {
    this.body = body;
    this.name = name;
  }

  /**
   * 1-based line and column of an offset (clamped into the text). The column counts characters (code
   * points, a tab is one), as people count them: "Région" is 6, whatever its UTF-16 length.
   */
  locate(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    const at = Math.max(0, Math.min(offset, this.body.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: codePoints(this.body, starts[lo]!, at) + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const start = starts[line - 1];
    if (start === undefined) return "";
    const end = starts[line] ?? this.body.length + 1;
    return this.body.slice(start, end - 1).replace(/\r$/, "");
  }

  lineCount(): number {
    return this.lineStarts().length;
  }

  private lineStarts(): number[] {
    if (!this.#lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.body.length; i++) if (this.body[i] === "\n") starts.push(i + 1);
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }
}

// Characters between two offsets: a surrogate pair (an emoji) is one.
function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === from) n++;
  }
  return n;
}

/** A half-open range [start, end) of offsets into one Source. */
export interface Span {
  readonly source: Source;
  readonly start: number;
  readonly end: number;
}
