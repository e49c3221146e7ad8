/**
 * `1234567` → `"1,234,567"` (upstream's `format_with_separators`, en locale). Not
 * `toLocaleString("en-US")`: its first call loads ICU's number formatting, about 40 ms.
 */
export function formatWithSeparators(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * US dollars as recorded (to 1e-10 USD, see src/gateway/cost.ts), trailing zeros dropped but at
 * least cents: `$0.0123`, `$1.50`, `$0.00000042`. Every view prints the same digits.
 */
export function formatUsd(usd: number): string {
  const text = Math.abs(usd)
    .toFixed(10)
    .replace(/0+$/, "")
    .replace(/\.(\d?)$/, (_m, d: string) => `.${d.padEnd(2, "0")}`);
  return `${usd < 0 && Number(text) !== 0 ? "-" : ""}$${text}`;
}

/** `1 request`, `2 requests`, `1,024 requests`: a count with its noun in the number that agrees. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatWithSeparators(count)} ${count === 1 ? singular : plural}`;
}
