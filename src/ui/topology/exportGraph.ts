/**
 * Exports of the drawn graph: a standalone SVG document, a PNG and a JSON
 * file. The SVG and JSON builders are pure string functions; names are
 * escaped, so a name from an imported file can never become markup.
 */
import type { GraphAnalysis } from "../../engine/topology/analysis.ts";
import type { TopologyGraph } from "../../engine/topology/model.ts";
import type { Point } from "../../engine/topology/placement.ts";
import { drawScene } from "./drawCanvas.ts";
import type { Highlight } from "./highlight.ts";
import type { Palette } from "./palette.ts";
import {
  edgePath,
  kindAbbreviation,
  nodeHeight,
  nodeWidth,
  type Scene,
  truncateLabel,
} from "./scene.ts";

/** Space around the graph in exported images, layout units. */
const exportMargin = 24;

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/** Builds a standalone SVG document of the scene, with colors written out. */
export function sceneToSvg(scene: Scene, palette: Palette): string {
  const bounds = scene.bounds ?? { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  const x = bounds.minX - exportMargin;
  const y = bounds.minY - exportMargin;
  const width = bounds.maxX - bounds.minX + exportMargin * 2;
  const height = bounds.maxY - bounds.minY + exportMargin * 2;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x} ${y} ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${palette.background}"/>`,
    `<g fill="none" stroke-opacity="0.8">`,
  ];
  for (const edge of scene.edges) {
    lines.push(
      `<path d="${edgePath(edge.geometry)}" stroke="${palette.health[edge.health]}" stroke-width="${edge.width}"><title>${escapeXml(edge.id)}</title></path>`,
    );
  }
  lines.push("</g>");
  for (const node of scene.nodes) {
    const left = node.x - nodeWidth / 2;
    const top = node.y - nodeHeight / 2;
    lines.push(
      `<g transform="translate(${left},${top})"><title>${escapeXml(node.name)}</title>` +
        `<rect width="${nodeWidth}" height="${nodeHeight}" rx="4" fill="${palette.kind[node.kind]}" stroke="${palette.health[node.health]}" stroke-width="2"/>` +
        `<text x="6" y="${nodeHeight / 2}" dominant-baseline="middle" fill="${palette.foreground}">${kindAbbreviation[node.kind]}</text>` +
        `<text x="32" y="${nodeHeight / 2}" dominant-baseline="middle" fill="${palette.foreground}">${escapeXml(truncateLabel(node.name, 18))}</text></g>`,
    );
  }
  lines.push("</svg>");
  return lines.join("\n");
}

export interface GraphExport {
  format: "eventscope-topology";
  version: 1;
  exportedAt: string;
  graph: TopologyGraph;
  /** Node centers in layout units, by node id. */
  positions: Record<string, Point>;
  analysis: {
    cycles: GraphAnalysis["cycles"];
    criticalPaths: GraphAnalysis["criticalPaths"];
    singlePointsOfFailure: GraphAnalysis["singlePointsOfFailure"];
    danglingEdgeIds: readonly string[];
  };
}

/** Builds the JSON export: the graph as received, the positions drawn and the analysis. */
export function graphToJson(
  graph: TopologyGraph,
  positions: ReadonlyMap<string, Point>,
  analysis: GraphAnalysis,
  exportedAt: Date,
): string {
  const document: GraphExport = {
    format: "eventscope-topology",
    version: 1,
    exportedAt: exportedAt.toISOString(),
    graph,
    positions: Object.fromEntries(
      graph.nodes
        .filter((node) => positions.has(node.id))
        .map((node) => [node.id, positions.get(node.id)!]),
    ),
    analysis: {
      cycles: analysis.cycles,
      criticalPaths: analysis.criticalPaths,
      singlePointsOfFailure: analysis.singlePointsOfFailure,
      danglingEdgeIds: analysis.danglingEdgeIds,
    },
  };
  return JSON.stringify(document, null, 2);
}

/**
 * Largest PNG side, in device pixels. Browsers cap canvas sizes, so bigger
 * graphs are scaled down to fit rather than failing to export.
 */
const maxPngSide = 8192;

/** Renders the whole scene to a PNG blob at up to 2 device pixels per layout unit. */
export async function sceneToPng(
  scene: Scene,
  highlight: Highlight,
  palette: Palette,
): Promise<Blob> {
  const bounds = scene.bounds ?? { minX: 0, minY: 0, maxX: 1, maxY: 1 };
  const width = bounds.maxX - bounds.minX + exportMargin * 2;
  const height = bounds.maxY - bounds.minY + exportMargin * 2;
  const ratio = Math.min(2, maxPngSide / width, maxPngSide / height);
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const context = canvas.getContext("2d");
  if (!context)
    throw new Error("Canvas 2D context is not available, so no PNG can be made.");
  drawScene(context, scene, { ...highlight, isAnimated: false }, palette, {
    width,
    height,
    x: exportMargin - bounds.minX,
    y: exportMargin - bounds.minY,
    k: 1,
    pixelRatio: ratio,
  });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob) resolve(blob);
      else
        reject(
          new Error(`PNG encoding failed for a ${canvas.width}x${canvas.height} canvas.`),
        );
    }, "image/png");
  });
}

/** Starts a browser download of `blob` under `fileName`. */
export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
