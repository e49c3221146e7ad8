// Ink imports react-devtools-core for its DEV=true mode only; the bundle ships this no-op instead.
export default { initialize() {}, connectToDevTools() {} };
