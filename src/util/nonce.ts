/** A fresh CSP nonce from the Web Crypto API, which Node (≥ 19) and web-worker extension hosts both have. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
