// The proxy agents log through `debug` (DEBUG=…); the bundle ships this silent stand-in: it
// keeps start-up through a proxy a few ms shorter and no proxy address ever reaches stderr.
export default function createDebug() {
  const log = () => {};
  log.enabled = false;
  log.extend = createDebug;
  return log;
}
