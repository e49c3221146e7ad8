/**
 * `build()`'s value, computed on the first call and kept. For module-level values a command may
 * never use, such as zod schemas (each costs tens of microseconds to construct, at start-up).
 */
export function lazy<T>(build: () => T): () => T {
  let cell: { value: T } | undefined;
  return () => (cell ??= { value: build() }).value;
}
