import { expect, test, type LabPage } from './fixtures';
import type { Page } from '@playwright/test';

/** The widths the page is used at: a phone, a small laptop, the workshop projector, a desktop. */
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** WCAG 2.2's least target size (2.5.8), in CSS pixels. */
const LEAST_TARGET = 24;

const choose = (page: Page, name: string, label: string) =>
  page.getByRole('combobox', { name, exact: true }).selectOption({ label });

async function finished(lab: LabPage): Promise<void> {
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 120_000 });
}

/**
 * Everything that can stick out, drawn: Spiral trained a few epochs, pruned at a threshold, the
 * lottery ticket rewound, then pruned by whole neurons and compacted.
 */
async function drawEverything(lab: LabPage, page: Page): Promise<void> {
  await choose(page, 'Dataset', 'Spiral');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.run('Train', 3);
  await lab.setThreshold(0.3);
  await expect(lab.readout('Sparsity')).not.toHaveText('0.00%');

  await lab.enter('Epochs', '2');
  await lab.button('Rewind').click();
  await finished(lab);
  await expect(page.getByRole('table', { name: 'Lottery ticket' })).toContainText(/\d+\.\d{2}%/);

  await choose(page, 'Method', 'Structured (neurons)');
  await choose(page, 'Prune by', 'Target sparsity');
  await lab.enter('Target sparsity (%)', '50');
  await expect(lab.readout('Applied rule')).toHaveText('target 50%, neurons');
  await lab.button('Compact').click();
  await finished(lab);
  await expect(page.getByRole('table', { name: 'Compaction' })).toContainText(/2-\d+-\d+-1/);

  for (const name of ['Results', 'Lottery ticket', 'Compaction'])
    await expect(page.getByRole('table', { name, exact: true })).toBeVisible();
  for (const name of ['Decision boundary', 'Network', 'Weight histogram', 'Training timeline'])
    await expect(page.getByRole('figure', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Weights per layer' })).toBeVisible();
}

interface Overflow {
  path: string;
  px: number;
}

/**
 * Every visible element (and run of text) in the page's body (main, header, footer and the readouts
 * between them) whose right edge passes
 * its parent's by more than 1 px. A parent that clips (overflow auto, scroll or hidden) is skipped,
 * with all it holds: its content may scroll by design. A parent without a box of its own
 * (display: contents, or zero size) hands the comparison to its own parent. SVG internals are
 * measured as their <svg>.
 */
function overflowsInPage(): Overflow[] {
  const found: Overflow[] = [];
  const describe = (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 6; e = e.parentElement) {
      const label = e.getAttribute('aria-label');
      const classes = Array.from(e.classList)
        .slice(0, 2)
        .map((c) => `.${c}`)
        .join('');
      parts.unshift(
        `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${classes}${label ? `[aria-label="${label}"]` : ''}`,
      );
      if (e.matches('main, header, footer, .readouts')) break;
    }
    return parts.join(' > ');
  };
  const clips = (el: Element) => {
    const s = getComputedStyle(el);
    return /auto|scroll|hidden|clip/.test(`${s.overflowX} ${s.overflow}`);
  };
  const hasBox = (el: Element) => {
    if (getComputedStyle(el).display === 'contents') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  /** The ancestor the element must fit in, or null when one that clips comes first. */
  const container = (el: Element): Element | null => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (clips(p)) return null;
      if (hasBox(p)) return p;
    }
    return null;
  };
  const visible = (el: Element) => {
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && hasBox(el);
  };
  const check = (right: number, parent: Element | null, path: () => string) => {
    if (!parent) return;
    const px = right - parent.getBoundingClientRect().right;
    if (px > 1) found.push({ path: path(), px: Math.round(px) });
  };
  // Text an <svg> cuts off (an axis label longer than its chart), on either side.
  for (const text of Array.from(document.body.querySelectorAll('svg text'))) {
    const svg = text.closest('svg:not(svg svg)') ?? text.closest('svg')!;
    if (!visible(svg) || !text.textContent?.trim()) continue;
    const r = text.getBoundingClientRect();
    const box = svg.getBoundingClientRect();
    const px = Math.max(r.right - box.right, box.left - r.left);
    if (r.width > 0 && px > 1)
      found.push({
        path: `${describe(svg)} (text "${text.textContent.trim().slice(0, 30)}", cut off)`,
        px: Math.round(px),
      });
  }
  // The readouts and the progress bar sit between header and main: the whole body is measured.
  for (const root of [document.body]) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text) {
        const el = node.parentElement;
        if (!el || !node.data.trim() || el.closest('svg') || !visible(el) || clips(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const right = Math.max(...Array.from(range.getClientRects(), (r) => r.right));
        check(right, el, () => `${describe(el)} (text "${node.data.trim().slice(0, 30)}")`);
      } else if (node instanceof Element) {
        if (node.parentElement?.closest('svg') || !visible(node)) continue;
        check(node.getBoundingClientRect().right, container(node), () => describe(node));
      }
    }
  }
  return found;
}

/** Boxes that scroll sideways (overflow auto or scroll) because their content is wider, by how much. */
function sidewaysScrollers(): Overflow[] {
  const found: Overflow[] = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (!/auto|scroll/.test(getComputedStyle(el).overflowX)) continue;
    const px = el.scrollWidth - el.clientWidth;
    if (px > 1) {
      const label = el.querySelector('[aria-label]')?.getAttribute('aria-label');
      found.push({ path: `${el.tagName.toLowerCase()}.${el.className}${label ? ` holding "${label}"` : ''}`, px });
    }
  }
  return found;
}

/** Controls a finger must hit that are smaller than `least` px either way. */
function smallTargets(least: number): string[] {
  const small: string[] = [];
  for (const el of Array.from(document.querySelectorAll('main button, main select, main input, header button'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.width < least || r.height < least) {
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.id;
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}

/** Chromium draws at most 8,192 px in one capture (software GL's largest texture): a taller page also goes in parts. */
const CAPTURE_PX = 8000;

async function screenshots(page: Page, width: number): Promise<void> {
  await page.screenshot({ path: `test-results/layout-${width}.png`, fullPage: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height <= CAPTURE_PX) return;
  for (let part = 0; part * CAPTURE_PX < height; part++) {
    const y = part * CAPTURE_PX;
    await page.screenshot({
      path: `test-results/layout-${width}-part${part + 1}.png`,
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(CAPTURE_PX, height - y) },
    });
  }
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width} × ${viewport.height}`, () => {
    test.use({ viewport });

    test(`nothing sticks out of its box and the page does not scroll sideways at ${viewport.width} px`, async ({
      lab,
      page,
    }) => {
      test.setTimeout(180_000);
      await drawEverything(lab, page);
      await screenshots(page, viewport.width);

      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        window: window.innerWidth,
      }));
      expect
        .soft(widths.scroll, `the page is ${widths.scroll} px wide in a ${widths.window} px window`)
        .toBeLessThanOrEqual(widths.window);

      const overflows = await page.evaluate(overflowsInPage);
      expect
        .soft(overflows, `past their boxes:\n${overflows.map((o) => `  ${o.px} px  ${o.path}`).join('\n')}`)
        .toEqual([]);

      // A scroll container is for a genuinely wide table on a phone: on a laptop or a projector every table fits.
      const scrollers = await page.evaluate(sidewaysScrollers);
      if (viewport.width >= 1024)
        expect
          .soft(
            scrollers,
            `scrolling sideways inside their boxes:\n${scrollers.map((o) => `  ${o.px} px  ${o.path}`).join('\n')}`,
          )
          .toEqual([]);
      else test.info().annotations.push({ type: 'scrolls sideways', description: JSON.stringify(scrollers) });

      if (viewport.width < 760) {
        const small = await page.evaluate(smallTargets, LEAST_TARGET);
        expect.soft(small, `tap targets under ${LEAST_TARGET} px:\n  ${small.join('\n  ')}`).toEqual([]);
      }
    });
  });
}
