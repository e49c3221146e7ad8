/**
 * `1234567` → `"1,234,567"` (upstream's `format_with_separators`, en locale). Not
 * `toLocaleString("en-US")`: its first call loads ICU's number formatting, about 40 ms.
 */
export function formatWithSeparators(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
