/**
 * `bedrock-gateway catalog pull [--out file]`: pulls the account's field catalog (v2 person/organization/
 * deal/activity fields, every page, and v1 activity types) and writes the snapshot, sorted and pretty, to
 * mappings/pipedrive-catalog.json (or `file`). With PIPEDRIVE_API_TOKEN and PIPEDRIVE_BASE_URL it asks
 * Pipedrive; with neither it starts the embedded sandbox in-process and pulls its demo account.
 *
 * @example
 *   PIPEDRIVE_API_TOKEN=… PIPEDRIVE_BASE_URL=https://acme.pipedrive.com bedrock-gateway catalog pull
 */
import { writeFile } from "node:fs/promises";
import type { Snapshot } from "../../dsl/catalog/snapshot.ts";
import { loadCatalogSnapshot } from "../pipedrive/loadCatalogSnapshot.ts";
import { PipedriveClient, PipedriveError } from "../pipedrive/PipedriveClient.ts";
import { startSandbox } from "../sandbox/startSandbox.ts";
import { reason } from "../mappings/readMapSources.ts";
import { parseArguments } from "./parseArguments.ts";
import { UsageError } from "./UsageError.ts";

const USAGE = "catalog pull [--out file]";

/** Names the snapshot's source when it is the embedded sandbox, whose port changes every run. */
export const SANDBOX_SOURCE = "embedded sandbox";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv, { out: { type: "string", default: "mappings/pipedrive-catalog.json" } }, USAGE);
  if (positionals[0] !== "pull" || positionals.length > 1) {
    throw new UsageError(`catalog expects the subcommand 'pull'${positionals[0] === undefined ? "" : `, not '${positionals.join(" ")}'`}\nusage: bedrock-gateway ${USAGE}`);
  }
  const snapshot = await pull();
  const text = `${JSON.stringify(sortSnapshot(snapshot), null, 2)}\n`;
  await writeFile(values.out, text, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write '${values.out}': ${reason(error)}`);
  });
  const counts = Object.entries(snapshot.fields).map(([entity, fields]) => `${fields.length} ${entity}`).join(", ");
  process.stderr.write(`wrote ${values.out} from ${snapshot.pulledFrom}: fields ${counts}; ${snapshot.activityTypes.length} activity types\n`);
  return 0;
}

async function pull(): Promise<Snapshot> {
  const token = process.env.PIPEDRIVE_API_TOKEN;
  const baseUrl = process.env.PIPEDRIVE_BASE_URL;
  if ((token === undefined) !== (baseUrl === undefined)) {
    throw new UsageError(`set both PIPEDRIVE_API_TOKEN and PIPEDRIVE_BASE_URL to pull from Pipedrive, or neither to pull from the embedded sandbox; only ${token === undefined ? "PIPEDRIVE_BASE_URL" : "PIPEDRIVE_API_TOKEN"} is set`);
  }
  if (token !== undefined && baseUrl !== undefined) {
    let client: PipedriveClient;
    try {
      client = new PipedriveClient({ baseUrl, token });
    } catch (error) {
      throw new UsageError(`invalid Pipedrive configuration: ${(error as Error).message}`);
    }
    return fromClient(client, client.baseUrl);
  }
  process.stderr.write("PIPEDRIVE_API_TOKEN and PIPEDRIVE_BASE_URL are not set: pulling the embedded sandbox's demo account\n");
  const sandbox = await startSandbox();
  try {
    return await fromClient(new PipedriveClient({ baseUrl: sandbox.url, token: sandbox.token }), SANDBOX_SOURCE);
  } finally {
    await sandbox.close();
  }
}

async function fromClient(client: PipedriveClient, pulledFrom: string): Promise<Snapshot> {
  try {
    return await loadCatalogSnapshot(client, { pulledFrom });
  } catch (error) {
    if (error instanceof PipedriveError) throw new UsageError(`cannot pull the catalog from ${pulledFrom}: ${error.message}`);
    throw error;
  }
}

/** Fields by field_code and activity types by key, so that a pull of an unchanged account is byte-identical. */
export function sortSnapshot(snapshot: Snapshot): Snapshot {
  const byCode = (fields: Snapshot["fields"]["person"]) => [...fields].sort((a, b) => compare(a.field_code, b.field_code));
  return {
    version: snapshot.version,
    pulledFrom: snapshot.pulledFrom,
    fields: {
      person: byCode(snapshot.fields.person),
      organization: byCode(snapshot.fields.organization),
      deal: byCode(snapshot.fields.deal),
      activity: byCode(snapshot.fields.activity),
    },
    activityTypes: [...snapshot.activityTypes].sort((a, b) => compare(a.key_string, b.key_string)),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
