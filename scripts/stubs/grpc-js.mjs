// @grpc/grpc-js is CommonJS. The OTLP gRPC exporter loads it with import(), which in our split
// ESM bundle would yield only `default`; this ES module names the exports the exporter and
// src/telemetry/otel use, so every importer gets them.
import grpc from "../../node_modules/@grpc/grpc-js/build/src/index.js";

export const { credentials, makeGenericClientConstructor, Metadata, status } = grpc;
export default grpc;
