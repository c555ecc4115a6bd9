/**
 * Files leaving the page: a download made in the browser (nothing is sent anywhere), and a figure
 * on screen as an SVG file (Recharts draws SVG) or a PNG (the canvas pictures).
 */

/** Saves `content` as the file `name`, as a download of the browser's own. */
export function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it has started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Waits `ms`: browsers take several downloads from one click better when they come one after another. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A figure on the page by its accessible name, and what it can be saved as. */
export interface SavableFigure {
  name: string;
  element: HTMLElement;
  kind: 'svg' | 'png';
}

/** The figure's accessible name: its aria-label, or the text of what aria-labelledby names. */
function figureName(figure: HTMLElement): string {
  const labelled = figure.getAttribute('aria-labelledby');
  const text = labelled
    ?.split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
  return (figure.getAttribute('aria-label') ?? text ?? '').trim();
}

/** The figures on the page that hold a chart (SVG) or a picture (canvas), in page order. */
export function savableFigures(root: ParentNode = document): SavableFigure[] {
  const found: SavableFigure[] = [];
  for (const element of root.querySelectorAll<HTMLElement>('figure')) {
    const name = figureName(element);
    if (!name) continue;
    if (element.querySelector('canvas')) found.push({ name, element, kind: 'png' });
    else if (element.querySelector('svg.recharts-surface, svg')) found.push({ name, element, kind: 'svg' });
  }
  return found;
}

/**
 * Style properties an SVG needs written on each element to look the same outside the page. They are
 * written as presentation attributes, not a style attribute: the page's Content-Security-Policy
 * (style-src 'self') blocks inline style attributes set from script.
 */
const INLINE = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
];

/** A file name of `name`: lower case, words joined by dashes. */
export function fileName(name: string, extension: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `pruning-lab-${base || 'figure'}.${extension}`;
}

/** Saves `figure`: its largest SVG as an .svg file with the page's styles inlined, or its largest canvas as a .png. */
export async function saveFigure(figure: SavableFigure): Promise<void> {
  const largest = <T extends Element>(elements: NodeListOf<T>) =>
    [...elements].sort((a, b) => area(b) - area(a))[0] as T | undefined;
  if (figure.kind === 'png') {
    const blob = await compositePng([...figure.element.querySelectorAll('canvas')]);
    if (blob) download(fileName(figure.name, 'png'), blob, 'image/png');
    return;
  }
  const svg = largest(figure.element.querySelectorAll('svg'));
  if (!svg) return;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const style = getComputedStyle(original);
    for (const property of INLINE) {
      const value = style.getPropertyValue(property);
      if (value) copies[i].setAttribute(property, value);
    }
  });
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
  download(fileName(figure.name, 'svg'), text, 'image/svg+xml');
}

/** The canvases drawn one over another as they lie on screen, on white, at their own resolution: one PNG. */
function compositePng(canvases: HTMLCanvasElement[]): Promise<Blob | null> {
  const rects = canvases.map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
  if (rects.length === 0) return Promise.resolve(null);
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const width = Math.max(...rects.map((r) => r.right)) - left;
  const height = Math.max(...rects.map((r) => r.bottom)) - top;
  const scale = Math.max(1, ...canvases.map((c) => c.width / (c.getBoundingClientRect().width || c.width)));
  const out = document.createElement('canvas');
  out.width = Math.round(width * scale);
  out.height = Math.round(height * scale);
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  for (const canvas of canvases) {
    const r = canvas.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    ctx.drawImage(canvas, (r.left - left) * scale, (r.top - top) * scale, r.width * scale, r.height * scale);
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

function area(element: Element): number {
  const { width, height } = element.getBoundingClientRect();
  return width * height;
}
