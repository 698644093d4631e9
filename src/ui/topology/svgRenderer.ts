/**
 * SVG renderer: one group per node and one path per edge, joined by id with
 * D3, inside a group that carries the zoom transform. Colours come from CSS
 * classes, so the theme applies without redrawing. Names are set with
 * `textContent`, never parsed as markup.
 */
import { type Selection, select } from "d3";
import { FlowLayer } from "./flowLayer.ts";
import { formatRate } from "./format.ts";
import { type Highlight, isDimmed } from "./highlight.ts";
import {
  moveSceneNode,
  type RendererHandlers,
  type TopologyRenderer,
  type ZoomState,
} from "./renderer.ts";
import {
  edgePath,
  healthLabel,
  kindAbbreviation,
  kindLabel,
  nodeHeight,
  nodeWidth,
  type Scene,
  type SceneEdge,
  type SceneNode,
  truncateLabel,
} from "./scene.ts";

const svgNamespace = "http://www.w3.org/2000/svg";

export class SvgRenderer implements TopologyRenderer {
  readonly kind = "svg";
  readonly element: SVGSVGElement;
  private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
  private readonly edgeLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly nodeLayer: Selection<SVGGElement, unknown, null, undefined>;
  private scene: Scene | null = null;
  private readonly flow: FlowLayer;

  constructor(
    container: HTMLElement,
    private readonly handlers: RendererHandlers,
  ) {
    this.element = document.createElementNS(svgNamespace, "svg");
    const svg = select(this.element)
      .attr("class", "topology-svg")
      .attr("data-testid", "topology-svg")
      .attr("role", "group")
      .attr("aria-label", "Topology graph");
    const defs = svg.append("defs");
    for (const health of ["unknown", "ok", "degraded", "failing", "selected"]) {
      defs
        .append("marker")
        .attr("id", `topology-arrow-${health}`)
        .attr("class", `topology-arrow health-${health}`)
        .attr("viewBox", "0 0 10 10")
        .attr("refX", 10)
        .attr("refY", 5)
        .attr("markerWidth", 6)
        .attr("markerHeight", 6)
        .attr("markerUnits", "userSpaceOnUse")
        .attr("orient", "auto")
        .append("path")
        .attr("d", "M0,0L10,5L0,10z");
    }
    this.viewport = svg.append("g").attr("class", "topology-viewport");
    this.edgeLayer = this.viewport.append("g").attr("class", "topology-edges");
    this.nodeLayer = this.viewport.append("g").attr("class", "topology-nodes");
    container.append(this.element);
    this.flow = new FlowLayer(container);

    this.element.addEventListener("keydown", this.onKeyDown);
  }

  update(scene: Scene, highlight: Highlight) {
    this.scene = scene;
    this.flow.setScene(scene);
    this.edgeLayer
      .selectAll<SVGPathElement, SceneEdge>("path")
      .data(scene.edges, (edge) => edge.id)
      .join((enter) =>
        enter
          .append("path")
          .attr("data-testid", "topology-edge")
          .attr("data-edge-id", (edge) => edge.id)
          .call((path) => path.append("title")),
      )
      .attr("class", (edge) => `topology-edge health-${edge.health}`)
      .attr("data-health", (edge) => edge.health)
      .attr("data-source", (edge) => edge.source)
      .attr("data-target", (edge) => edge.target)
      .attr("d", (edge) => edgePath(edge.geometry))
      .attr("stroke-width", (edge) => edge.width)
      .attr("marker-end", (edge) => `url(#topology-arrow-${edge.health})`)
      .select("title")
      .text(describeEdge);

    this.nodeLayer
      .selectAll<SVGGElement, SceneNode>("g.topology-node")
      .data(scene.nodes, (node) => node.id)
      .join((enter) => {
        const group = enter
          .append("g")
          .attr("data-testid", "topology-node")
          .attr("data-node-id", (node) => node.id)
          .attr("role", "button")
          .attr("tabindex", 0);
        group
          .append("rect")
          .attr("width", nodeWidth)
          .attr("height", nodeHeight)
          .attr("rx", 4);
        group
          .append("text")
          .attr("class", "topology-kind")
          .attr("x", 6)
          .attr("y", nodeHeight / 2)
          .text((node) => kindAbbreviation[node.kind]);
        group
          .append("text")
          .attr("class", "topology-name")
          .attr("x", 32)
          .attr("y", nodeHeight / 2)
          .text((node) => truncateLabel(node.name, 18));
        group
          .append("rect")
          .attr("class", "topology-pin")
          .attr("x", nodeWidth - 8)
          .attr("y", 2);
        group.append("title");
        return group;
      })
      .attr("class", (node) => `topology-node kind-${node.kind} health-${node.health}`)
      .classed("is-pinned", (node) => node.isPinned)
      .attr("data-x", (node) => node.x)
      .attr("data-y", (node) => node.y)
      .attr("data-health", (node) => node.health)
      .attr("data-name", (node) => node.name)
      .attr("aria-label", describeNode)
      .attr(
        "transform",
        (node) => `translate(${node.x - nodeWidth / 2},${node.y - nodeHeight / 2})`,
      )
      .select("title")
      .text((node) => [node.name, ...node.reasons].join("\n"));

    this.highlight(highlight);
  }

  highlight(highlight: Highlight) {
    const selected = highlight.selectedId;
    this.nodeLayer
      .selectAll<SVGGElement, SceneNode>("g.topology-node")
      .classed("is-selected", (node) => node.id === selected)
      .classed("is-dimmed", (node) => isDimmed(highlight, node.id))
      .attr("aria-pressed", (node) => (node.id === selected ? "true" : "false"));
    this.edgeLayer
      .selectAll<SVGPathElement, SceneEdge>("path")
      .classed(
        "is-adjacent",
        (edge) =>
          selected !== null && (edge.source === selected || edge.target === selected),
      )
      .classed(
        "is-dimmed",
        (edge) => isDimmed(highlight, edge.source) && isDimmed(highlight, edge.target),
      );
    this.flow.setAnimated(highlight.isAnimated);
  }

  setZoom(zoom: ZoomState) {
    this.viewport.attr("transform", `translate(${zoom.x},${zoom.y}) scale(${zoom.k})`);
    this.flow.setZoom(zoom);
  }

  resize(width: number, height: number) {
    this.flow.resize(width, height);
  }

  findNodeAt(target: EventTarget | null): string | null {
    if (!(target instanceof Element)) return null;
    return target.closest("[data-node-id]")?.getAttribute("data-node-id") ?? null;
  }

  previewMove(nodeId: string, x: number, y: number) {
    if (!this.scene || !moveSceneNode(this.scene, nodeId, x, y)) return;
    this.nodeLayer
      .selectAll<SVGGElement, SceneNode>("g.topology-node")
      .filter((node) => node.id === nodeId)
      .attr("data-x", x)
      .attr("data-y", y)
      .attr("transform", `translate(${x - nodeWidth / 2},${y - nodeHeight / 2})`);
    this.edgeLayer
      .selectAll<SVGPathElement, SceneEdge>("path")
      .filter((edge) => edge.source === nodeId || edge.target === nodeId)
      .attr("d", (edge) => edgePath(edge.geometry));
  }

  destroy() {
    this.element.removeEventListener("keydown", this.onKeyDown);
    this.flow.destroy();
    this.element.remove();
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const nodeId = this.findNodeAt(event.target);
    if (!nodeId) return;
    event.preventDefault();
    this.handlers.onSelect(nodeId);
  };
}

export function describeNode(node: SceneNode): string {
  return `${kindLabel[node.kind]} ${node.name}, ${healthLabel[node.health].toLowerCase()}`;
}

/** Tooltip text of an edge: its id, kind, rate and health. */
export function describeEdge(edge: SceneEdge): string {
  const rate =
    edge.ratePerSecond === undefined
      ? "rate unknown"
      : `${formatRate(edge.ratePerSecond)}/s`;
  return `${edge.id} (${edge.kind}), ${rate}, ${healthLabel[edge.health].toLowerCase()}`;
}
