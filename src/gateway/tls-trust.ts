// Which certificate authorities https:// requests trust: Node's bundled roots, the system's
// store (where teams install a company CA), and PEM files named by NODE_EXTRA_CA_CERTS,
// SSL_CERT_FILE and a provider's `ca_certificate`. Verification is never turned off: every
// context we build rejects what these CAs do not vouch for, whatever NODE_TLS_REJECT_UNAUTHORIZED says.
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { errnoCode, errorMessage, fileErrorReason } from "../util/errors.js";

/** What shapes a connection: proxy and CA variables, and a provider's own CA file. */
export interface NetworkSettings {
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY, NODE_EXTRA_CA_CERTS and SSL_CERT_FILE are read. */
  env: NodeJS.ProcessEnv;
  /** A provider's `ca_certificate` path, and the setting's name for messages. */
  caCertificate?: { path: string; setting: string };
}

const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine, Arch
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
  "/etc/ssl/ca-bundle.pem", // openSUSE
  "/etc/ssl/cert.pem", // macOS, OpenWrt
];

/** The PEM files we add, as `{ setting, path }`, in the order they are named in messages. */
export function extraCaFiles(settings: NetworkSettings): { setting: string; path: string }[] {
  const files: { setting: string; path: string }[] = [];
  for (const name of ["NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE"]) {
    const value = settings.env[name]?.trim();
    if (value) files.push({ setting: name, path: value });
  }
  if (settings.caCertificate) files.push(settings.caCertificate);
  return files;
}

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

const UNTRUSTED = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);
const REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: "its certificate has expired",
  CERT_NOT_YET_VALID: "its certificate is not valid yet (is this machine's clock right?)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "it presents a self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "its certificate chain ends in a self-signed CA that is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "its certificate is signed by a CA that is not trusted",
  UNABLE_TO_GET_ISSUER_CERT: "its certificate is signed by a CA that is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate is signed by a CA that is not trusted",
  CERT_REVOKED: "its certificate has been revoked",
  ERR_TLS_CERT_ALTNAME_INVALID: "its certificate is for another name",
};

/** A TLS error's certificate code, when it is one we explain. */
export function certificateErrorCode(err: unknown): string | null {
  const code = errnoCode(err);
  return code && (code in REASONS || /CERT/.test(code)) ? code : null;
}

/**
 * One line naming the host, the reason and the setting that fixes it, e.g.
 * `TLS: the certificate of 127.0.0.1:8443 was rejected: its certificate chain ends in a self-signed CA that is not trusted (SELF_SIGNED_CERT_IN_CHAIN); …`.
 */
export function describeCertificateError(
  err: Error & { code?: string; reason?: string; cert?: { subjectaltname?: string } },
  host: string,
  settings: NetworkSettings,
): string {
  const code = err.code ?? "TLS";
  let reason = REASONS[code] ?? err.message;
  const names =
    code === "ERR_TLS_CERT_ALTNAME_INVALID"
      ? (err.cert?.subjectaltname ?? /(?:altnames|list): (.+)$/.exec(err.reason ?? "")?.[1])
      : undefined;
  if (names) reason = `its certificate is for ${names}, not ${host.replace(/:\d+$/, "")}`;
  let fix: string;
  if (UNTRUSTED.has(code)) {
    const where = settings.caCertificate
      ? `${settings.caCertificate.setting} = "/path/to/ca.pem" in config.toml, or `
      : "";
    const used = extraCaFiles(settings).map((f) => `${f.setting} ${f.path}`);
    fix = `trust the CA that signed it: ${where}NODE_EXTRA_CA_CERTS or SSL_CERT_FILE naming its PEM file${used.length ? ` (in use now: ${used.join(", ")})` : ""}`;
  } else if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    fix = "use the host name the certificate names in the URL, or have the certificate issued for this name";
  } else if (code === "CERT_HAS_EXPIRED" || code === "CERT_REVOKED") {
    fix = "the server needs a new certificate; verification cannot be turned off";
  } else {
    fix = "check the server's certificate and the CA files in use";
  }
  return `TLS: the certificate of ${host} was rejected: ${reason} (${code}); fix: ${fix}`;
}
