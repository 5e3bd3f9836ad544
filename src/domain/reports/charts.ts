import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FileAttachment } from '../../core/render.js';

const require = createRequire(import.meta.url);

/**
 * Charts as PNG images, with no native build at install time: vega-lite compiles a chart to a
 * vega spec, vega draws it as SVG (no canvas), and resvg, compiled to WebAssembly, rasterises
 * it with a bundled DejaVu font (WebAssembly sees no system fonts). All load on the first
 * chart, not at start-up. node-canvas and chartjs-node-canvas were ruled out: native builds.
 */
let renderer: Promise<(svg: string) => Uint8Array> | null = null;

function loadRenderer(): Promise<(svg: string) => Uint8Array> {
  renderer ??= (async () => {
    const { initWasm, Resvg } = await import('@resvg/resvg-wasm');
    await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    const font = await readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    return (svg: string) => new Resvg(svg, { font: { fontBuffers: [font], defaultFontFamily: 'DejaVu Sans' }, background: 'white' }).render().asPng();
  })();
  return renderer;
}

/** A vega-lite chart (without `$schema`) as a PNG attachment. */
export async function chartPng(name: string, chart: Record<string, unknown>): Promise<FileAttachment> {
  const [vega, vl, render] = await Promise.all([import('vega'), import('vega-lite'), loadRenderer()]);
  const { spec } = vl.compile({ width: 480, height: 240, config: { font: 'DejaVu Sans' }, ...chart } as Parameters<typeof vl.compile>[0]);
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return { name, mediaType: 'image/png', encoding: 'base64', text: Buffer.from(render(svg)).toString('base64') };
}
