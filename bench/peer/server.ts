/**
 * The benchmark's PEER: a hand-written GraphQL server over the same Pipedrive (graphql-js + DataLoader,
 * no DSL, no framework), answering the benchmark's query mix. The gateway is measured against it.
 *
 *   node bench/peer/server.ts --port 4300 --upstream http://127.0.0.1:4100 --token sandbox-token
 *
 * Serves POST /graphql and GET /healthz on 127.0.0.1; prints `peer listening on http://127.0.0.1:PORT`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { execute, parse, validate, type DocumentNode, type GraphQLError } from "graphql";
import { z } from "zod";
import { PeerUpstream } from "./PeerUpstream.ts";
import { createPeerContext, createPeerSchema } from "./createPeerSchema.ts";

const Options = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  upstream: z.string().url(),
  token: z.string().min(1),
});

const Request = z.object({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

const { values } = parseArgs({ options: { port: { type: "string" }, upstream: { type: "string" }, token: { type: "string" } } });
const parsed = Options.safeParse(values);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; ");
  process.stderr.write(`error: ${problems}\nusage: node bench/peer/server.ts --port N --upstream URL --token T\n`);
  process.exit(1);
}
const options = parsed.data;
const schema = createPeerSchema();
const upstream = new PeerUpstream({ baseUrl: options.upstream, token: options.token });

// Parsing and validating once per distinct document, as any production GraphQL server does.
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
function prepare(query: string): DocumentNode | readonly GraphQLError[] {
  let prepared = documents.get(query);
  if (!prepared) {
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      prepared = errors.length ? errors : document;
    } catch (error) {
      prepared = [error as GraphQLError];
    }
    if (documents.size >= 500) documents.clear();
    documents.set(query, prepared);
  }
  return prepared;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0];
  if (request.method === "GET" && path === "/healthz") return send(response, 200, { ok: true });
  if (path !== "/graphql") return send(response, 404, { errors: [{ message: `no route ${path}; use POST /graphql` }] });
  if (request.method !== "POST") return send(response, 405, { errors: [{ message: "POST a JSON body to /graphql" }] });
  const body = Request.safeParse(JSON.parse((await readBody(request)) || "null"));
  if (!body.success) return send(response, 400, { errors: [{ message: `expected { query, variables? }: ${body.error.issues[0]?.message}` }] });
  const prepared = prepare(body.data.query);
  if (!("kind" in prepared)) return send(response, 400, { errors: prepared.map((error) => ({ message: error.message })) });
  const result = await execute({
    schema,
    document: prepared,
    variableValues: body.data.variables ?? undefined,
    operationName: body.data.operationName ?? undefined,
    contextValue: createPeerContext(upstream),
  });
  send(response, 200, result);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    send(response, 500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(options.port, "127.0.0.1", () => {
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : options.port;
  process.stdout.write(`peer listening on http://127.0.0.1:${port}/graphql (upstream ${options.upstream})\n`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
