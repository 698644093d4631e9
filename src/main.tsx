import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./ui/App.tsx";
import { EngineProvider } from "./ui/engine/EngineProvider.tsx";
import { ErrorBoundary } from "./ui/shell/ErrorBoundary.tsx";
import { IsolationError } from "./ui/shell/IsolationError.tsx";
import { isIsolated } from "./ui/shell/isolation.ts";
import { syncViewStateToUrl } from "./ui/store.ts";
import "./ui/shell/app.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { refetchOnWindowFocus: false, retry: 1 },
  },
});

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element.");
const root = createRoot(container);

if (!isIsolated()) {
  root.render(<IsolationError />);
} else {
  syncViewStateToUrl();
  root.render(
    <StrictMode>
      <ErrorBoundary label="eventscope">
        <QueryClientProvider client={queryClient}>
          <EngineProvider>
            <App />
          </EngineProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
