// https-proxy-agent imports `kerberos` (a native add-on) only for a proxy that asks for
// Negotiate authentication. The bundle carries no native code: such a proxy gets this error.
function unsupported() {
  throw new Error(
    "the proxy asks for Negotiate (Kerberos) authentication, which codex-litellm does not support; use a proxy URL with a user and password (http://user:pass@host:port)",
  );
}
export const initializeClient = unsupported;
export const GSS_MECH_OID_SPNEGO = 6;
export default { initializeClient, GSS_MECH_OID_SPNEGO };
