// The OTLP gRPC exporter require()s @grpc/grpc-js at run time (rolldown's createRequire), which
// the bundle cannot follow (and dist/ has no node_modules): its require gets the bundled module.
import * as grpc from "@grpc/grpc-js";

export function __require(id) {
  if (id === "@grpc/grpc-js") return grpc;
  throw new Error(`${id} is not in the bundle`);
}
