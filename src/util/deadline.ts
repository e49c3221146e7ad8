/**
 * `answer`, or `fallback` once `ms` have passed without it settling; the timer is cleared when
 * either comes first, and `answer` goes on in the background.
 */
export function withDeadline<T>(answer: Promise<T>, ms: number, fallback: T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
