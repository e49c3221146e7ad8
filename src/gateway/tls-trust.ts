// Which certificate authorities https:// requests trust, and what a rejected certificate means:
// Node's bundled roots, the system's store (where teams install a company CA), and PEM files
// named by NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and a provider's `ca_certificate` (tls-context.ts
// builds the contexts; it loads node:tls, so plain http:// never does). Verification is never
// turned off: every context rejects what these CAs do not vouch for, whatever NODE_TLS_REJECT_UNAUTHORIZED says.
import { errnoCode } from "../util/errors.js";

/** What shapes a connection: proxy and CA variables, and a provider's own CA file. */
export interface NetworkSettings {
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY, NODE_EXTRA_CA_CERTS and SSL_CERT_FILE are read. */
  env: NodeJS.ProcessEnv;
  /** A provider's `ca_certificate` path, and the setting's name for messages. */
  caCertificate?: { path: string; setting: string };
}

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
