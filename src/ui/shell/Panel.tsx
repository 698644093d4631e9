import type { ReactNode } from "react";
import type { PanelId } from "../viewState.ts";
import { ErrorBoundary } from "./ErrorBoundary.tsx";

interface Props {
  id: Exclude<PanelId, "overview">;
  title: string;
  /** Keyboard shortcut shown in the title bar. */
  shortcut: string;
  expanded: boolean;
  onToggle: () => void;
  /** Extra controls for the title bar. */
  actions?: ReactNode;
  children: ReactNode;
}

/** A titled region of the dashboard that can be expanded to fill the page. */
export function Panel({
  id,
  title,
  shortcut,
  expanded,
  onToggle,
  actions,
  children,
}: Props) {
  const headingId = `panel-${id}-title`;
  return (
    <section
      className={`panel panel-${id}${expanded ? " expanded" : ""}`}
      aria-labelledby={headingId}
      data-testid={`panel-${id}`}
      tabIndex={-1}
    >
      <header className="panel-header">
        <h2 id={headingId}>{title}</h2>
        <div className="panel-actions">
          {actions}
          <button
            type="button"
            className="icon-button"
            onClick={onToggle}
            aria-pressed={expanded}
            aria-keyshortcuts={shortcut}
            title={`${expanded ? "Back to all panels" : `Expand ${title}`} (${expanded ? "Esc" : shortcut})`}
            data-testid={`panel-${id}-toggle`}
          >
            {expanded ? "Back" : "Expand"}
          </button>
        </div>
      </header>
      <div className="panel-body">
        <ErrorBoundary label={title}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}

/** Shown while a panel waits for data, or has none. */
export function PanelMessage({
  children,
  testId,
}: {
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="panel-message" data-testid={testId}>
      {children}
    </div>
  );
}
