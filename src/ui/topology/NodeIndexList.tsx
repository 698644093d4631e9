/**
 * The nodes of a canvas drawing as a visually hidden list of buttons, so
 * keyboard and screen-reader users can reach every node, and browser tests
 * can read node positions from `data-x` and `data-y`.
 */
import { memo, useEffect, useState } from "react";
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
  const shownCount = useGrowingCount(scene.nodes.length);
  return (
    <ul
      className="topology-visually-hidden"
      aria-label="Graph nodes"
      data-testid="topology-node-list"
    >
      {scene.nodes.slice(0, shownCount).map((node) => (
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

/** Buttons added per animation frame while the list grows. */
const growStep = 150;

/**
 * Returns how many items to render: all of them when the list shrinks or
 * stays, and otherwise `growStep` more per frame, because inserting 1,000
 * buttons in one commit is a long task on a slow machine.
 */
function useGrowingCount(total: number): number {
  const [count, setCount] = useState(Math.min(total, growStep));
  useEffect(() => {
    if (count >= total) {
      if (count > total) setCount(total);
      return;
    }
    const frame = requestAnimationFrame(() =>
      setCount((current) => Math.min(total, current + growStep)),
    );
    return () => cancelAnimationFrame(frame);
  }, [count, total]);
  return Math.min(count, total);
}

// Memoized per node by value, so a selection change or a refresh that moves
// nothing re-renders only the buttons that changed.
const NodeButton = memo(NodeButtonContent, (previous, next) => {
  const a = previous.node;
  const b = next.node;
  return (
    previous.isSelected === next.isSelected &&
    previous.onSelect === next.onSelect &&
    a.id === b.id &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.x === b.x &&
    a.y === b.y &&
    a.health === b.health
  );
});

function NodeButtonContent({
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
}
