/**
 * The nodes of a canvas drawing as a visually hidden list of buttons, so
 * keyboard and screen-reader users can reach every node, and browser tests
 * can read node positions from `data-x` and `data-y`.
 */
import { memo } from "react";
import type { Scene, SceneNode } from "./scene.ts";
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
        <NodeButton
          key={node.id}
          node={node}
          isSelected={node.id === selectedId}
          onSelect={onSelect}
        />
      ))}
    </ul>
  );
});

// Memoized per node, so a selection change re-renders two buttons, not all.
const NodeButton = memo(function NodeButton({
  node,
  isSelected,
  onSelect,
}: {
  node: SceneNode;
  isSelected: boolean;
  onSelect: (nodeId: string) => void;
}) {
  return (
    <li>
      <button
        type="button"
        data-testid="topology-node"
        data-node-id={node.id}
        data-name={node.name}
        data-x={node.x}
        data-y={node.y}
        data-health={node.health}
        aria-pressed={isSelected}
        onClick={() => onSelect(node.id)}
      >
        {describeNode(node)}
      </button>
    </li>
  );
});
