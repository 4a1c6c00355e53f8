/**
 * A gateway for server tests: startGateway on 127.0.0.1:0 with the embedded sandbox unless told otherwise,
 * its log lines captured as parsed JSON, and a `gql` helper that posts to it.
 *
 * @example
 *   const gw = await gatewayUnderTest({ apiKeys: [keyEntry("reader", "k", ["*:read"])] });
 *   const { status, body } = await gw.gql("{ owners { nodes { name } } }", { key: "k" });
 */
import { hashApiKey } from "../../../src/auth/hashApiKey.ts";
import type { ApiKeyConfig } from "../../../src/config/GatewayConfig.ts";
import { startGateway, type RunningGateway, type StartGatewayOptions } from "../../../src/server/startGateway.ts";

export interface GqlResult {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: any[]; extensions?: any };
}

export interface GatewayUnderTest extends RunningGateway {
  logs: Record<string, unknown>[];
  gql(query: string, options?: { key?: string; variables?: object; headers?: Record<string, string> }): Promise<GqlResult>;
}

export function keyEntry(name: string, key: string, scopes: string[]): ApiKeyConfig {
  return { name, sha256: hashApiKey(key), scopes };
}

export async function gatewayUnderTest(options: StartGatewayOptions = {}): Promise<GatewayUnderTest> {
  const logs: Record<string, unknown>[] = [];
  const gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    env: {},
    logDestination: { write: (line: string) => void logs.push(JSON.parse(line)) },
    ...options,
  });
  return {
    ...gateway,
    logs,
    async gql(query, { key, variables, headers } = {}) {
      const response = await fetch(gateway.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GqlResult["body"] };
    },
  };
}
