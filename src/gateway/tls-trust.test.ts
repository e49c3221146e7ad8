import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secureContextFor } from "./tls-context.js";
import { describeCertificateError } from "./tls-trust.js";

const dir = mkdtempSync(path.join(tmpdir(), "tls-trust-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const provider = {
  env: {},
  caCertificate: { path: "/etc/corp/ca.pem", setting: "model_providers.litellm.ca_certificate" },
};
const tlsError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error(`raw ${code}`), { code, ...extra });

describe("describeCertificateError", () => {
  it("names the host, the reason and the code, and the setting that fixes an untrusted CA", () => {
    expect(describeCertificateError(tlsError("SELF_SIGNED_CERT_IN_CHAIN"), "llm.corp:443", provider)).toBe(
      "TLS: the certificate of llm.corp:443 was rejected: its certificate chain ends in a self-signed CA that is not trusted (SELF_SIGNED_CERT_IN_CHAIN); " +
        'fix: trust the CA that signed it: model_providers.litellm.ca_certificate = "/path/to/ca.pem" in config.toml, or NODE_EXTRA_CA_CERTS or SSL_CERT_FILE naming its PEM file (in use now: model_providers.litellm.ca_certificate /etc/corp/ca.pem)',
    );
    expect(describeCertificateError(tlsError("DEPTH_ZERO_SELF_SIGNED_CERT"), "mcp.corp:8443", { env: {} })).toBe(
      "TLS: the certificate of mcp.corp:8443 was rejected: it presents a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT); fix: trust the CA that signed it: NODE_EXTRA_CA_CERTS or SSL_CERT_FILE naming its PEM file",
    );
  });

  it("an expired certificate cannot be waved through: the server must renew it", () => {
    expect(describeCertificateError(tlsError("CERT_HAS_EXPIRED"), "llm.corp:443", provider)).toBe(
      "TLS: the certificate of llm.corp:443 was rejected: its certificate has expired (CERT_HAS_EXPIRED); fix: the server needs a new certificate; verification cannot be turned off",
    );
  });

  it("a wrong name says which names the certificate has", () => {
    const err = Object.assign(
      tlsError("ERR_TLS_CERT_ALTNAME_INVALID", { reason: "IP: 10.0.0.5 is not in the cert's list: " }),
      { cert: { subjectaltname: "DNS:llm.corp" } },
    );
    expect(describeCertificateError(err, "10.0.0.5:4000", provider)).toBe(
      "TLS: the certificate of 10.0.0.5:4000 was rejected: its certificate is for DNS:llm.corp, not 10.0.0.5 (ERR_TLS_CERT_ALTNAME_INVALID); fix: use the host name the certificate names in the URL, or have the certificate issued for this name",
    );
  });
});

describe("secureContextFor", () => {
  it("a CA file that cannot be read or holds no certificate is a one-line error naming the setting", () => {
    const missing = path.join(dir, "missing.pem");
    expect(() => secureContextFor({ env: { SSL_CERT_FILE: missing } })).toThrow(
      `SSL_CERT_FILE: cannot read the CA certificate file ${missing} (ENOENT)`,
    );
    const notPem = path.join(dir, "key.txt");
    writeFileSync(notPem, "not a certificate\n");
    expect(() =>
      secureContextFor({ env: {}, caCertificate: { path: notPem, setting: "model_providers.litellm.ca_certificate" } }),
    ).toThrow(
      `model_providers.litellm.ca_certificate: ${notPem} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)`,
    );
  });
});
