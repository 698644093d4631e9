/**
 * Keeps a drawing stable across refreshes. Nodes that were on screen keep
 * their positions exactly. A new node goes next to a neighbor that was
 * already placed, at the offset a fresh layout gives between the two, and
 * then moves to the nearest free slot. Plain TypeScript: the layout
 * worker runs it, and Node tests check it.
 *
 * Positions are node centers in layout units (CSS pixels at zoom 1).
 */

export interface Point {
  x: number;
  y: number;
}

export interface PlacementNode {
  id: string;
  width: number;
  height: number;
}

export interface PlacementEdge {
  source: string;
  target: string;
}

export interface PlacementInput {
  nodes: readonly PlacementNode[];
  edges: readonly PlacementEdge[];
  /** Positions that must not change: nodes already drawn, and pinned nodes. */
  fixed: Readonly<Record<string, Point>>;
  /** Positions from a fresh layout of the whole graph, for every node. */
  fresh: Readonly<Record<string, Point>>;
  /**
   * True to put each new node next to a placed neighbor. False keeps the
   * fresh position of every node that is not fixed, as a full re-layout
   * that keeps only the pinned nodes needs.
   */
  isAnchored: boolean;
  /** Minimum free space between two node boxes. */
  gap: number;
}

/** Maximum slots tried above and below the wanted position before a node is allowed to overlap. */
const maxShiftSteps = 400;

/**
 * Returns a position for every node of `input.nodes`: the fixed one where
 * given, otherwise a free slot near the wanted one. O(nodes + edges) apart
 * from the slot search, which a spatial grid keeps near constant per node.
 */
export function placeNodes(input: PlacementInput): Record<string, Point> {
  const sizes = new Map(input.nodes.map((node) => [node.id, node]));
  const grid = new OccupancyGrid(cellSizeFor(input.nodes, input.gap), input.gap);
  const placed: Record<string, Point> = {};

  for (const node of input.nodes) {
    const point = input.fixed[node.id];
    if (!point) continue;
    placed[node.id] = { x: point.x, y: point.y };
    grid.add(point, node);
  }

  const pending = input.nodes.filter((node) => !input.fixed[node.id]);
  if (pending.length === 0) return placed;
  const targets = input.isAnchored
    ? anchoredTargets(input, pending, placed)
    : new Map(pending.map((node) => [node.id, freshOf(input, node.id)]));

  for (const node of pending) {
    const target = targets.get(node.id) ?? freshOf(input, node.id);
    const point = grid.findFreeSlot(target, sizes.get(node.id)!);
    placed[node.id] = point;
    grid.add(point, node);
  }
  return placed;
}

// Breadth-first from the placed nodes, so a chain of new nodes grows out of
// the old drawing link by link. New nodes with no placed node in their part
// keep their fresh layout, moved below everything that is placed.
function anchoredTargets(
  input: PlacementInput,
  pending: readonly PlacementNode[],
  placed: Readonly<Record<string, Point>>,
): Map<string, Point> {
  const neighbors = neighborLists(input.edges);
  const targets = new Map<string, Point>();
  const known = new Map<string, Point>(Object.entries(placed));
  const isPending = new Set(pending.map((node) => node.id));
  let frontier = [...known.keys()];

  while (frontier.length > 0) {
    const next: string[] = [];
    for (const anchorId of frontier) {
      for (const id of neighbors.get(anchorId) ?? []) {
        if (!isPending.has(id) || targets.has(id)) continue;
        const target = offsetFrom(input, anchorId, known.get(anchorId)!, id);
        targets.set(id, target);
        known.set(id, target);
        next.push(id);
      }
    }
    frontier = next;
  }

  const orphans = pending.filter((node) => !targets.has(node.id));
  if (orphans.length === 0) return targets;
  const shift = shiftBelow(input, orphans, placed);
  for (const node of orphans) {
    const fresh = freshOf(input, node.id);
    targets.set(node.id, { x: fresh.x + shift.x, y: fresh.y + shift.y });
  }
  return targets;
}

function offsetFrom(
  input: PlacementInput,
  anchorId: string,
  anchor: Point,
  id: string,
): Point {
  const freshAnchor = freshOf(input, anchorId);
  const freshNode = freshOf(input, id);
  return {
    x: anchor.x + freshNode.x - freshAnchor.x,
    y: anchor.y + freshNode.y - freshAnchor.y,
  };
}

function shiftBelow(
  input: PlacementInput,
  orphans: readonly PlacementNode[],
  placed: Readonly<Record<string, Point>>,
): Point {
  const placedPoints = Object.values(placed);
  if (placedPoints.length === 0) return { x: 0, y: 0 };
  const freshPoints = orphans.map((node) => freshOf(input, node.id));
  const placedLeft = Math.min(...placedPoints.map((point) => point.x));
  const placedBottom = Math.max(...placedPoints.map((point) => point.y));
  const freshLeft = Math.min(...freshPoints.map((point) => point.x));
  const freshTop = Math.min(...freshPoints.map((point) => point.y));
  const rowHeight = Math.max(...input.nodes.map((node) => node.height)) + input.gap;
  return { x: placedLeft - freshLeft, y: placedBottom + rowHeight * 2 - freshTop };
}

function freshOf(input: PlacementInput, id: string): Point {
  const point = input.fresh[id];
  if (!point) throw new Error(`Fresh layout has no position for node "${id}".`);
  return point;
}

function neighborLists(edges: readonly PlacementEdge[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const list = lists.get(from);
    if (list) list.push(to);
    else lists.set(from, [to]);
  };
  for (const edge of edges) {
    if (edge.source === edge.target) continue;
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  return lists;
}

function cellSizeFor(nodes: readonly PlacementNode[], gap: number): number {
  let largest = 1;
  for (const node of nodes) largest = Math.max(largest, node.width, node.height);
  return largest + gap;
}

/** Node boxes bucketed by a uniform grid, so an overlap test reads only nearby cells. */
class OccupancyGrid {
  private readonly cells = new Map<string, { point: Point; node: PlacementNode }[]>();

  constructor(
    private readonly cellSize: number,
    private readonly gap: number,
  ) {}

  add(point: Point, node: PlacementNode) {
    const key = this.keyOf(point.x, point.y);
    const cell = this.cells.get(key);
    if (cell) cell.push({ point, node });
    else this.cells.set(key, [{ point, node }]);
  }

  /** Tries `target`, then slots one node height plus gap above and below it, alternating. */
  findFreeSlot(target: Point, node: PlacementNode): Point {
    const step = node.height + this.gap;
    for (let k = 0; k <= maxShiftSteps; k++) {
      const offset = k % 2 === 1 ? ((k + 1) / 2) * step : -(k / 2) * step;
      const candidate = { x: target.x, y: target.y + offset };
      if (!this.overlaps(candidate, node)) return candidate;
    }
    // NOTE: a column this crowded is unusual, so the node overlaps rather than
    // wandering far from its neighbors.
    return { x: target.x, y: target.y };
  }

  private overlaps(point: Point, node: PlacementNode): boolean {
    const cx = Math.floor(point.x / this.cellSize);
    const cy = Math.floor(point.y / this.cellSize);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const other of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const spanX = (node.width + other.node.width) / 2 + this.gap;
          const spanY = (node.height + other.node.height) / 2 + this.gap;
          const isApartX = Math.abs(point.x - other.point.x) >= spanX;
          const isApartY = Math.abs(point.y - other.point.y) >= spanY;
          if (!isApartX && !isApartY) return true;
        }
      }
    }
    return false;
  }

  private keyOf(x: number, y: number): string {
    return `${Math.floor(x / this.cellSize)},${Math.floor(y / this.cellSize)}`;
  }
}

/**
 * Makes stand-in fresh positions for a refresh that adds a few nodes, so the
 * worker can skip a full layout of the whole graph. A new node goes one
 * layer (`layerStep`) right of a placed node that feeds it, or one layer
 * left of a placed node it feeds. Returns null when some new node has no
 * path to a placed node, because only a real layout can place that part.
 */
export function extendFromNeighbors(
  nodes: readonly PlacementNode[],
  edges: readonly PlacementEdge[],
  fixed: Readonly<Record<string, Point>>,
  layerStep: number,
): Record<string, Point> | null {
  const fresh: Record<string, Point> = {};
  for (const node of nodes) {
    const point = fixed[node.id];
    if (point) fresh[node.id] = point;
  }
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.source === edge.target) continue;
    appendTo(outgoing, edge.source, edge.target);
    appendTo(incoming, edge.target, edge.source);
  }

  // Feeders first: a new node with both a placed feeder and a placed
  // consumer goes right of the feeder, as the layered layout would put it.
  let frontier = Object.keys(fresh);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const target of outgoing.get(id) ?? []) {
        if (fresh[target]) continue;
        fresh[target] = { x: fresh[id].x + layerStep, y: fresh[id].y };
        next.push(target);
      }
    }
    for (const id of frontier) {
      for (const source of incoming.get(id) ?? []) {
        if (fresh[source]) continue;
        fresh[source] = { x: fresh[id].x - layerStep, y: fresh[id].y };
        next.push(source);
      }
    }
    frontier = next;
  }
  return nodes.every((node) => fresh[node.id]) ? fresh : null;
}

function appendTo(lists: Map<string, string[]>, key: string, value: string) {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
