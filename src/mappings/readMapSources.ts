/**
 * Reads `.map` files as Sources: a directory stands for the `.map` files directly in it (sorted by name),
 * a file for itself. Each Source is named by the path as given, so messages point where the user looked.
 *
 * @example
 *   await readMapSources(["mappings"]); // [Source "mappings/activity.map", Source "mappings/company.map", …]
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Source } from "../../dsl/source.ts";
import { MappingsError } from "./MappingsError.ts";

export async function readMapSources(paths: readonly string[]): Promise<Source[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new MappingsError(`cannot read '${path}': ${reason(error)}`);
    });
    if (info.isDirectory()) {
      const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
        throw new MappingsError(`cannot list directory '${path}': ${reason(error)}`);
      });
      const maps = entries.filter((e) => e.endsWith(".map")).sort();
      if (maps.length === 0) throw new MappingsError(`directory '${path}' holds no .map files`);
      files.push(...maps.map((e) => join(path, e)));
    } else if (!path.endsWith(".map")) {
      // Parsing a README or a catalog as mappings only buries the mistake under syntax errors.
      throw new MappingsError(`'${path}' is not a .map file; give .map files, or a directory for every .map file in it ('${dirname(path)}')`);
    } else files.push(path);
  }
  // `mappings ./mappings/owner.map` names owner.map twice; checked twice, it would be "declared twice".
  const seen = new Set<string>();
  const unique = files.filter((file) => !seen.has(resolve(file)) && seen.add(resolve(file)));
  return Promise.all(
    unique.map(async (file) => {
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new MappingsError(`cannot read '${file}': ${reason(error)}`);
      });
      // A byte-order mark (Windows editors write one) is not text: kept, line 1's columns would be off by one.
      return new Source(text.replace(/^\uFEFF/, ""), file);
    }),
  );
}

/** A short, human cause for a failed file operation ("no such file or directory"). */
export function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return error.message;
  }
}
