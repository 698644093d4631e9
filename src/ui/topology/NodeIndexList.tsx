/**
 * The nodes of a canvas drawing as a visually hidden list of buttons, so
 * keyboard and screen-reader users can reach every node, and browser tests
 * can read node positions from `data-x` and `data-y`.
 */
import { memo } from "react";
import type { Scene } from "./scene.ts";
import { describeNode } from "./svgRenderer.ts";

interface Props {
  scene: Scene;
  selectedId: string | null;
  onSelect: (nodeId: string) => void;
}

export const NodeIndexList = memo(function NodeIndexList({
  scene,
  selectedId,
  onSelect,
}: Props) {
  return (
    <ul
      className="topology-visually-hidden"
      aria-label="Graph nodes"
      data-testid="topology-node-list"
    >
      {scene.nodes.map((node) => (
        <li key={node.id}>
          <button
            type="button"
            data-testid="topology-node"
            data-node-id={node.id}
            data-name={node.name}
            data-x={node.x}
            data-y={node.y}
            data-health={node.health}
            aria-pressed={node.id === selectedId}
            onClick={() => onSelect(node.id)}
          >
            {describeNode(node)}
          </button>
        </li>
      ))}
    </ul>
  );
});
