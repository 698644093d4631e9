/** View state that changes how items are drawn without moving them. */
export interface Highlight {
  selectedId: string | null;
  /** Ids matching the search; null when no search is active. */
  matchIds: ReadonlySet<string> | null;
  /** Whether edges show moving dashes in the direction of flow. */
  isAnimated: boolean;
}

/** Returns whether a node is drawn faded, because a search is active and the node does not match. */
export function isDimmed(highlight: Highlight, nodeId: string): boolean {
  return highlight.matchIds !== null && !highlight.matchIds.has(nodeId);
}
