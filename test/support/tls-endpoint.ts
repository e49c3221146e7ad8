// A real TLS endpoint for tests: certificates made at test time with openssl (a CA, a server
// certificate it signs), and a TLS terminator on 127.0.0.1 that forwards the decrypted bytes to
// a plain-HTTP server (the LiteLLM proxy) and keeps the request heads it saw.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";

export interface TestCa {
  dir: string;
  /** PEM file of the CA certificate (what a client should trust). */
  caFile: string;
  /** Issues a server certificate for the given subjectAltName, e.g. "IP:127.0.0.1,DNS:localhost". */
  issue(name: string, altNames: string): { key: string; cert: string };
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

export function makeCa(commonName: string): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), "test-ca-"));
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "30",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  let serial = 0;
  return {
    dir,
    caFile: path.join(dir, "ca.pem"),
    issue(name, altNames) {
      serial += 1;
      const base = `server-${serial}`;
      openssl(
        [
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          `${base}.key`,
          "-out",
          `${base}.csr`,
          "-subj",
          `/CN=${name}`,
        ],
        dir,
      );
      writeFileSync(
        path.join(dir, `${base}.ext`),
        `subjectAltName=${altNames}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
      );
      openssl(
        [
          "x509",
          "-req",
          "-in",
          `${base}.csr`,
          "-CA",
          "ca.pem",
          "-CAkey",
          "ca.key",
          "-set_serial",
          String(serial + 1000),
          "-days",
          "30",
          "-extfile",
          `${base}.ext`,
          "-out",
          `${base}.pem`,
        ],
        dir,
      );
      return {
        key: readFileSync(path.join(dir, `${base}.key`), "utf8"),
        cert: readFileSync(path.join(dir, `${base}.pem`), "utf8"),
      };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsTerminator {
  /** https://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** The decrypted request heads (request line and headers), in arrival order. */
  heads(): string[];
  close(): Promise<void>;
}

export async function startTlsTerminator(
  credentials: { key: string; cert: string },
  backend: URL,
): Promise<TlsTerminator> {
  const heads: string[] = [];
  const open = new Set<{ destroy(): void }>();
  const server = tls.createServer(credentials, (client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    const upstream = connect(Number(backend.port), backend.hostname);
    let pending = "";
    client.on("data", (chunk: Buffer) => {
      pending += chunk.toString("latin1");
      for (let end = pending.indexOf("\r\n\r\n"); end !== -1; end = pending.indexOf("\r\n\r\n")) {
        const head = pending.slice(0, end);
        if (/^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/.test(head)) heads.push(head);
        pending = pending.slice(end + 4);
      }
      if (pending.length > 65_536) pending = pending.slice(-65_536);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on("end", () => upstream.end());
    const stop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", stop);
    upstream.on("error", stop);
  });
  server.on("tlsClientError", () => {}); // a client refusing our certificate is what some tests expect
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    heads: () => [...heads],
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const socket of open) socket.destroy();
      }),
  };
}
