/** The AST as readable JSON for snapshots: spans as `[start, end]`, no Source objects, optional parts left out when undefined. */
export function astToJson(value: unknown): string {
  const json = JSON.stringify(
    value,
    (key, v: unknown) => {
      if (key === "span" && v && typeof v === "object" && "start" in v && "end" in v) return [v.start, v.end];
      return v;
    },
    2,
  );
  return `${json.replace(/"span": \[\s+(\d+),\s+(\d+)\s+\]/g, '"span": [$1, $2]')}\n`;
}

/** The AST without positions, to compare the meaning of two texts. */
export function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === "span" ? undefined : v)));
}
