/**
 * Stand-in for the `whatwg-url` package in the Lambda bundles (esbuild alias, see lib/bundling.ts).
 *
 * telegraf depends on node-fetch 2, which imports whatwg-url (and with it tr46's ~260 KB of Unicode tables)
 * only as a fallback: it uses `require('url').URL || whatwgUrl.URL`, and Node has had `url.URL` since v10.
 * So the fallback is dead code on Lambda; Node's own WHATWG URL takes its place here to keep the import valid.
 */
export const URL = globalThis.URL
export const URLSearchParams = globalThis.URLSearchParams
export default { URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams }
