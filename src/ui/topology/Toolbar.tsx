/** Controls above the topology graph: search, focus, layout, drawing and export. */
import type { LayoutAlgorithm } from "../../worker/layoutProtocol.ts";

export type RendererChoice = "auto" | "svg" | "canvas";
export type ExportFormat = "svg" | "png" | "json";

interface Props {
  query: string;
  onQueryChange: (query: string) => void;
  /** Enter in the search box: go to the next match. */
  onSearchNext: () => void;
  matchCount: number;
  /** Position of the current match, 0-based, or -1 before the first Enter. */
  matchIndex: number;
  selectedNodeId: string | null;
  isFocused: boolean;
  onFocusChange: (isFocused: boolean) => void;
  hops: number;
  onHopsChange: (hops: number) => void;
  isSelectedPinned: boolean;
  onTogglePin: () => void;
  onHideSelected: () => void;
  hiddenCount: number;
  onShowHidden: () => void;
  algorithm: LayoutAlgorithm;
  onAlgorithmChange: (algorithm: LayoutAlgorithm) => void;
  onRelayout: () => void;
  rendererChoice: RendererChoice;
  onRendererChange: (choice: RendererChoice) => void;
  isAnimated: boolean;
  onAnimatedChange: (isAnimated: boolean) => void;
  onFit: () => void;
  onZoom: (factor: number) => void;
  onExport: (format: ExportFormat) => void;
}

export function Toolbar(props: Props) {
  const hasSelection = props.selectedNodeId !== null;
  const matchText = describeMatches(props.query, props.matchIndex, props.matchCount);

  return (
    <div className="topology-toolbar" role="toolbar" aria-label="Topology controls">
      <div className="topology-group">
        <input
          type="search"
          value={props.query}
          placeholder="Search by name"
          aria-label="Search nodes by name"
          data-testid="topology-search"
          onChange={(event) => props.onQueryChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter") return;
            event.preventDefault();
            props.onSearchNext();
          }}
        />
        <output
          className="topology-muted"
          data-testid="topology-search-count"
          aria-live="polite"
        >
          {matchText}
        </output>
      </div>

      <div className="topology-group">
        <label>
          <input
            type="checkbox"
            checked={props.isFocused}
            disabled={!hasSelection}
            data-testid="topology-focus"
            onChange={(event) => props.onFocusChange(event.target.checked)}
          />{" "}
          Focus
        </label>
        <label>
          Hops{" "}
          <input
            type="number"
            min={0}
            max={10}
            value={props.hops}
            className="topology-hops"
            data-testid="topology-hops"
            onChange={(event) => {
              const hops = Number(event.target.value);
              if (Number.isInteger(hops) && hops >= 0 && hops <= 10)
                props.onHopsChange(hops);
            }}
          />
        </label>
        <button
          type="button"
          disabled={!hasSelection}
          aria-pressed={props.isSelectedPinned}
          data-testid="topology-pin"
          onClick={props.onTogglePin}
        >
          {props.isSelectedPinned ? "Unpin" : "Pin"}
        </button>
        <button
          type="button"
          disabled={!hasSelection}
          data-testid="topology-hide"
          onClick={props.onHideSelected}
        >
          Hide
        </button>
        <button
          type="button"
          disabled={props.hiddenCount === 0}
          data-testid="topology-show-hidden"
          onClick={props.onShowHidden}
        >
          Show hidden ({props.hiddenCount})
        </button>
      </div>

      <div className="topology-group">
        <label>
          Layout{" "}
          <select
            value={props.algorithm}
            data-testid="topology-layout"
            onChange={(event) =>
              props.onAlgorithmChange(event.target.value as LayoutAlgorithm)
            }
          >
            <option value="layered">Layered</option>
            <option value="force">Force</option>
          </select>
        </label>
        <button type="button" data-testid="topology-relayout" onClick={props.onRelayout}>
          Re-layout
        </button>
        <label>
          Renderer{" "}
          <select
            value={props.rendererChoice}
            data-testid="topology-renderer"
            onChange={(event) =>
              props.onRendererChange(event.target.value as RendererChoice)
            }
          >
            <option value="auto">Auto</option>
            <option value="svg">SVG</option>
            <option value="canvas">Canvas</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={props.isAnimated}
            data-testid="topology-animate"
            onChange={(event) => props.onAnimatedChange(event.target.checked)}
          />{" "}
          Animate flow
        </label>
        <button type="button" data-testid="topology-fit" onClick={props.onFit}>
          Fit
        </button>
        <button
          type="button"
          aria-label="Zoom in"
          data-testid="topology-zoom-in"
          onClick={() => props.onZoom(1.5)}
        >
          +
        </button>
        <button
          type="button"
          aria-label="Zoom out"
          data-testid="topology-zoom-out"
          onClick={() => props.onZoom(1 / 1.5)}
        >
          −
        </button>
      </div>

      <div className="topology-group">
        <button
          type="button"
          data-testid="topology-export-svg"
          onClick={() => props.onExport("svg")}
        >
          Export SVG
        </button>
        <button
          type="button"
          data-testid="topology-export-png"
          onClick={() => props.onExport("png")}
        >
          Export PNG
        </button>
        <button
          type="button"
          data-testid="topology-export-json"
          onClick={() => props.onExport("json")}
        >
          Export JSON
        </button>
      </div>
    </div>
  );
}

function describeMatches(query: string, matchIndex: number, matchCount: number): string {
  if (query.trim() === "") return "";
  if (matchIndex >= 0) return `${matchIndex + 1} of ${matchCount}`;
  return `${matchCount} ${matchCount === 1 ? "match" : "matches"}`;
}
