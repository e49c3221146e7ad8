// The secure contexts of https:// requests: Node's CA list plus the system's and the configured
// CA files (tls-trust.ts names them). Imported when a request first needs TLS: node:tls costs
// a few milliseconds to load, which plain http:// to a local proxy never pays.
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { errorMessage, fileErrorReason } from "../util/errors.js";
import { extraCaFiles, type NetworkSettings } from "./tls-trust.js";

const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine, Arch
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
  "/etc/ssl/ca-bundle.pem", // openSUSE
  "/etc/ssl/cert.pem", // macOS, OpenWrt
];

let systemStore: { pem: string[]; source: string } | undefined;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const squash = (pem: string) => pem.replace(/\s+/g, "");

/**
 * The system's CA certificates that Node's own list lacks (a company CA, a distribution's
 * additions): Node ≥ 22.15 asks the OS, older Nodes read the usual bundle file. Only these few
 * are added: parsing the whole bundle again would cost ~40 ms per process.
 */
export function systemCertificates(env: NodeJS.ProcessEnv = process.env): { pem: string[]; source: string } {
  if (systemStore) return systemStore;
  const known = new Set(tls.rootCertificates.map(squash));
  const missing = (pems: string[]) =>
    pems.flatMap((text) => text.match(PEM_BLOCK) ?? []).filter((pem) => !known.has(squash(pem)));
  if (asksSystemStore(tls))
    return (systemStore = { pem: missing(tls.getCACertificates("system")), source: "the system store" });
  const termux = env.PREFIX ? [`${env.PREFIX}/etc/tls/cert.pem`] : [];
  for (const file of [...SYSTEM_BUNDLES, ...termux]) {
    try {
      return (systemStore = { pem: missing([readFileSync(file, "utf8")]), source: file });
    } catch {
      // not this one
    }
  }
  return (systemStore = { pem: [], source: "no system CA bundle found" });
}

function readPem(file: { setting: string; path: string }): string {
  let text: string;
  try {
    text = readFileSync(file.path, "utf8");
  } catch (err) {
    throw new Error(`${file.setting}: cannot read the CA certificate file ${file.path} (${fileErrorReason(err)})`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----"))
    throw new Error(`${file.setting}: ${file.path} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)`);
  return text;
}

const contexts = new Map<string, tls.SecureContext>();

/** One secure context per set of CA files, built on first use. Throws a one-line error naming the setting of a file that cannot be used. */
export function secureContextFor(settings: NetworkSettings): tls.SecureContext {
  const files = extraCaFiles(settings);
  const key = files.map((f) => f.path).join("\n");
  let context = contexts.get(key);
  if (!context) {
    const extra = [...systemCertificates(settings.env).pem, ...files.map(readPem)];
    try {
      context = withExtraCas(extra);
    } catch (err) {
      throw new Error(
        `${files.map((f) => f.setting).join(" / ")}: a CA certificate file could not be loaded (${errorMessage(err)})`,
      );
    }
    contexts.set(key, context);
  }
  return context;
}

/**
 * Node's CA list plus `extra`. Adding to a default context copies Node's already parsed list
 * natively (a few ms); `ca: [...tls.rootCertificates, ...extra]` parses all ~150 again (~70 ms).
 * The native handle is internal, hence the fallback.
 */
function withExtraCas(extra: string[]): tls.SecureContext {
  const context = tls.createSecureContext();
  const native: unknown = Reflect.get(context, "context");
  if (!canAddCaCert(native)) return tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] });
  for (const pem of extra) native.addCACert(pem);
  return context;
}

/** Node ≥ 22.15's `tls.getCACertificates` (our Node types predate it). */
function asksSystemStore(module: object): module is { getCACertificates(type: "system"): string[] } {
  return "getCACertificates" in module && typeof module.getCACertificates === "function";
}

function canAddCaCert(native: unknown): native is { addCACert(pem: string): void } {
  return (
    typeof native === "object" && native !== null && "addCACert" in native && typeof native.addCACert === "function"
  );
}
