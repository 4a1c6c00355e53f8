/**
 * The gateway's structured JSON logger (pino). Every line written while a request is served carries its
 * `requestId`; secrets and personal data are replaced by "[redacted]" wherever they appear under the
 * usual names (tokens, API keys, authorization headers, emails, names, phones).
 *
 * @example
 *   const log = createLogger({ level: "info" });
 *   log.info({ method: "GET", endpoint: "GET /api/v2/persons", status: 200 }, "upstream call");
 *   const captured = createLogger({ level: "debug", destination: { write: (line) => lines.push(line) } });
 */
import pino, { type DestinationStream, type Logger } from "pino";
import { requestScope } from "./requestScope.ts";

const SENSITIVE = [
  "authorization", "Authorization", "x-api-key", "x-api-token", "cookie",
  "token", "apiToken", "api_token", "apiKey", "api_key", "password", "secret",
  "email", "emails", "phone", "phones", "name", "first_name", "last_name", "firstName", "lastName", "fullName",
];

/** Redaction paths for each sensitive name at the top level and up to three levels down. */
function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SENSITIVE) {
    const member = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const join = (prefix: string) => (member.startsWith("[") ? `${prefix}${member}` : `${prefix}.${member}`);
    paths.push(member.startsWith("[") ? `${member}` : key, join("*"), join("*.*"), join("*.*.*"));
  }
  return paths;
}

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "bedrock-gateway" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: "[redacted]" },
      mixin() {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
