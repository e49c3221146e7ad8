import { z } from "zod";

/**
 * An array schema that keeps the entries matching `entry` and drops the others (a list from a
 * server stays usable when one entry is malformed); anything but an array reads as `[]`.
 */
export function validEntries<T extends z.ZodType>(entry: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((values) =>
      values.flatMap((value) => {
        const parsed = entry.safeParse(value);
        return parsed.success ? [parsed.data] : [];
      }),
    );
}

/** Fields read one by one from a server's answer: absent, or of another type, they read as unknown (null). */
export const numberOrNull = z.number().nullable().catch(null);
export const stringOrNull = z.string().nullable().catch(null);
export const booleanOrNull = z.boolean().nullable().catch(null);
