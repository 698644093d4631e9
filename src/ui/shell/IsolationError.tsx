import { isolationHeaderLines } from "./isolation.ts";

/** Shown instead of the app when the page is not cross-origin isolated. */
export function IsolationError() {
  return (
    <main className="isolation-error" data-testid="isolation-error">
      <h1>eventscope cannot start: this page is not cross-origin isolated</h1>
      <p>
        The event engine shares memory between threads through a{" "}
        <code>SharedArrayBuffer</code>, and browsers only allow that when the page is
        served with these two headers:
      </p>
      <pre>{isolationHeaderLines.join("\n")}</pre>
      <p>To fix it, do one of:</p>
      <ul>
        <li>
          Start the app with <code>npm start</code> (or <code>npm run dev</code>), whose
          servers send the headers.
        </li>
        <li>
          On your own web server, add both headers to every response for{" "}
          <code>dist/</code>, including the worker scripts; the README shows nginx, Apache
          and Caddy settings.
        </li>
        <li>
          Open the page over <code>https://</code> or on <code>localhost</code>: browsers
          also require a secure context.
        </li>
      </ul>
      <p className="muted">
        Secure context now: {String(globalThis.isSecureContext)}; cross-origin isolated
        now: {String(globalThis.crossOriginIsolated)}.
      </p>
    </main>
  );
}
