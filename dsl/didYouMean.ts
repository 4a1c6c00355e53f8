/**
 * Suggests at most five known names close to a mistyped one, closest first, as a hint sentence.
 *
 * @example
 *   didYouMean("frist_name", ["first_name", "last_name", "name"]); // "did you mean 'first_name'?"
 *   didYouMean("zzz", ["first_name"]); // undefined
 */
export function didYouMean(input: string, candidates: Iterable<string>, quote = "'"): string | undefined {
  return formatSuggestions(suggestionList(input, candidates), quote);
}

/** "did you mean 'a', 'b' or 'c'?" for names already chosen by suggestionList; undefined when there are none. */
export function formatSuggestions(names: readonly string[], quote = "'"): string | undefined {
  if (names.length === 0) return undefined;
  const quoted = names.slice(0, 5).map((n) => `${quote}${n}${quote}`);
  if (quoted.length === 1) return `did you mean ${quoted[0]}?`;
  return `did you mean ${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}?`;
}

/** The candidates within a typo's distance of `input` (case-insensitive), closest first, at most five. */
export function suggestionList(input: string, candidates: Iterable<string>): string[] {
  const lower = input.toLowerCase();
  const threshold = Math.floor(input.length * 0.4) + 1;
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === input) continue;
    const other = name.toLowerCase();
    const distance = other === lower ? 0.5 : levenshtein(lower, other);
    // A fragment of a long name ("active" for "active_flag") is a likely intent even when far in edits.
    const contains = lower.length >= 3 && other.includes(lower);
    if (distance <= threshold || contains) scored.push({ name, distance: contains ? Math.min(distance, threshold) : distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, 5).map((s) => s.name);
}

// Edit distance with adjacent transpositions counted as one edit ("frist" → "first").
function levenshtein(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
