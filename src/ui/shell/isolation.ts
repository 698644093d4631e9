export const isolationHeaderLines = [
  "Cross-Origin-Opener-Policy: same-origin",
  "Cross-Origin-Embedder-Policy: require-corp",
];

/** Whether SharedArrayBuffer is usable on this page. */
export function isIsolated(): boolean {
  return (
    globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function"
  );
}
