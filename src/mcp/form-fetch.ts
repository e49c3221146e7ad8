// The SDK posts OAuth forms (token requests) as URLSearchParams; our node:http fetch takes a
// string or bytes, so forms are turned into their text first.
type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

export function withFormBodies(fetchFn: Fetch): Fetch {
  return (input, init) =>
    init?.body instanceof URLSearchParams
      ? fetchFn(input, { ...init, body: init.body.toString() })
      : fetchFn(input, init);
}
