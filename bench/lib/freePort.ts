import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: the OS picks it, we release it and hand it on.
 * The child process binds it a few milliseconds later; the race is acceptable for a benchmark.
 *
 * @example
 *   const port = await freePort(); // 40121
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`freePort: expected a TCP address from listen(0), got ${JSON.stringify(address)}`));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
