/**
 * Test harness: the embedded sandbox, a PipedriveClient on it, and the gateway schema + per-request context
 * in a graphql-yoga server on 127.0.0.1:0. `gql` posts a query and answers `{ data, errors }`;
 * `upstream()` lists the Pipedrive calls the sandbox saw since the last `clearUpstream()`. Rate windows are
 * roomy unless a test narrows them with `sandbox.config`.
 *
 * @example
 *   const gw = await startTestGateway({ ir });
 *   gw.clearUpstream();
 *   const { data } = await gw.gql(`{ contacts(first: 5) { nodes { id } } }`);
 *   gw.upstream(); // ["GET /api/v2/persons?limit=5"]
 *   await gw.close();
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createYoga } from "graphql-yoga";
import type { Operation } from "../../dsl/catalog/types.ts";
import type { IR } from "../../dsl/ir.ts";
import { createGatewaySchema } from "../../schema/createGatewaySchema.ts";
import type { GatewayContext } from "../../schema/GatewayContext.ts";
import { createGatewayContext } from "../../src/graphql/createGatewayContext.ts";
import { PipedriveClient } from "../../src/pipedrive/PipedriveClient.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/startSandbox.ts";

export interface TestGatewayOptions {
  ir: IR;
  /** Replaced per test with `gw.setCan(...)`. */
  can?: (object: string, op: Operation) => boolean;
  runIdempotent?: GatewayContext["runIdempotent"];
  withLock?: GatewayContext["withLock"];
}

export interface GqlResult {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestGateway {
  graphqlUrl: string;
  sandbox: Sandbox;
  client: PipedriveClient;
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult>;
  /** Pipedrive calls since the last clear, as "METHOD /path?sorted=query". */
  upstream(): string[];
  clearUpstream(): void;
  /** Sandbox data back to the demo account, caches emptied, log cleared, access reset to allow-all. */
  reset(): Promise<void>;
  setCan(can: (object: string, op: Operation) => boolean): void;
  close(): Promise<void>;
}

export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const sandbox = await startSandbox();
  // Generous windows: tests assert calls and answers, not Pipedrive's pacing, which a slow machine would feel.
  const roomy = () => sandbox.config({ plan: "ultimate", seats: 10, burst: 1000, searchBurst: 1000 });
  roomy();
  const client = new PipedriveClient({ baseUrl: sandbox.url, token: sandbox.token, retry: { maxAttempts: 1 } });
  const schema = createGatewaySchema(options.ir);
  const defaultCan = options.can ?? (() => true);
  let can = defaultCan;
  const yoga = createYoga({
    schema,
    graphiql: false,
    logging: false,
    context: ({ request }) =>
      createGatewayContext({
        client,
        ir: options.ir,
        can: (object, op) => can(object, op),
        ...(options.runIdempotent ? { runIdempotent: options.runIdempotent } : {}),
        ...(options.withLock ? { withLock: options.withLock } : {}),
        ...(request.headers.get("idempotency-key") ? { idempotencyKey: request.headers.get("idempotency-key")! } : {}),
      }),
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const graphqlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    graphqlUrl,
    sandbox,
    client,
    async gql(query, variables, headers) {
      const response = await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    upstream() {
      return sandbox.log.entries().map((e) => {
        const query = Object.entries(e.query).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("&");
        return `${e.method} ${e.path}${query ? `?${query}` : ""}`;
      });
    },
    clearUpstream: () => sandbox.log.clear(),
    async reset() {
      sandbox.reset();
      roomy();
      sandbox.faults.clear();
      await Promise.all([client.invalidate("users"), client.invalidate("activityTypes"), client.invalidate("fields")]);
      sandbox.log.clear();
      can = defaultCan;
    },
    setCan(next) {
      can = next;
    },
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      server.closeAllConnections();
      await closed;
      await sandbox.close();
    },
  };
}

/**
 * A gateway for one test file: started before its tests, reset to the demo account before each test, closed
 * after the file. The returned object is filled in by `beforeAll`, so use it only inside tests and hooks.
 *
 * @example
 *   const gw = useTestGateway({ ir: shippedIr });
 *   it("reads", async () => expect((await gw.gql("{ owners { nodes { id } } }")).errors).toBeUndefined());
 */
export function useTestGateway(options: TestGatewayOptions): TestGateway {
  const gateway = {} as TestGateway;
  beforeAll(async () => {
    Object.assign(gateway, await startTestGateway(options));
  });
  afterAll(async () => {
    await gateway.close?.();
  });
  beforeEach(async () => {
    await gateway.reset();
  });
  return gateway;
}
