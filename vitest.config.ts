import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql has no exports map: Vite would pick its index.mjs while Node (and so graphql-yoga) loads index.js.
    // Two copies of graphql break instanceof checks (yoga would mask our GraphQLErrors); load the one Node loads.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own sandbox and gateway on port 0, so files can run in parallel.
    pool: "forks",
  },
});
