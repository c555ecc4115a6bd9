import { test as base, expect, type Download, type Locator, type Page } from '@playwright/test';

/** The stage rows of the Results table, as the UI contract names them. */
export type Stage = 'Before pruning' | 'After pruning' | 'After fine-tuning';
const COLUMNS = ['Train loss', 'Train accuracy', 'Test loss', 'Test accuracy', 'Sparsity'] as const;
export type Column = (typeof COLUMNS)[number];

/** The page, spoken to by role and accessible name only (ui-contract.md). */
export class LabPage {
  constructor(readonly page: Page) {}

  readout(name: string): Locator {
    return this.page.getByRole('status', { name, exact: true });
  }
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
  field(name: string): Locator {
    return this.page.getByRole('spinbutton', { name, exact: true });
  }
  get slider(): Locator {
    return this.page.getByRole('slider', { name: 'Pruning threshold' });
  }
  get results(): Locator {
    return this.page.getByRole('table', { name: 'Results' });
  }
  /** Alerts that say something (the layer-collapse live region is there, empty, while no layer is empty). */
  get alerts(): Locator {
    return this.page.getByRole('alert').filter({ hasText: /\S/ });
  }
  get progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Progress' });
  }

  async open(): Promise<void> {
    await this.page.goto('./');
    await expect(this.readout('Backend')).toHaveText(/^webgl/);
    await expect(this.readout('Status')).toHaveText('Ready');
  }

  /** Types into a number field and presses Enter, as a person would. */
  async enter(name: string, value: string): Promise<void> {
    const field = this.field(name);
    await field.fill(value);
    await field.press('Enter');
  }

  /** Runs Train or Fine-tune and waits until the page is ready again. */
  async run(button: 'Train' | 'Fine-tune', epochs: number): Promise<void> {
    await this.enter(button === 'Train' ? 'Epochs' : 'Fine-tune epochs', String(epochs));
    await this.button(button).click();
    await expect(this.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  }

  /** Types a threshold and waits until the readouts show the network pruned at it. */
  async setThreshold(value: number): Promise<void> {
    await this.enter('Threshold value', String(value));
    await expect(this.slider).toHaveValue(String(value));
    await this.settled(value);
  }

  /** Waits until the figures on the page are those of `threshold` (slider steps are merged). */
  async settled(threshold: number): Promise<void> {
    await expect(this.readout('Applied threshold')).toHaveText(String(threshold));
  }

  /** The text of one cell of the Results table. */
  cell(stage: Stage, column: Column): Locator {
    const row = this.results
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: stage, exact: true }) });
    return row.getByRole('cell').nth(COLUMNS.indexOf(column));
  }

  /** A percentage cell's value once its stage has happened (the table follows the slider at rest). */
  async percent(stage: Stage, column: Column): Promise<number> {
    const cell = this.cell(stage, column);
    await expect(cell).toHaveText(/^\d{1,3}\.\d{2}%$/);
    return parseFloat((await cell.textContent())!);
  }

  /**
   * The Results table's text once it has stopped changing: it renders from a deferred snapshot, so
   * right after Ready it may still be catching up. Two reads 600 ms apart must agree.
   */
  async settledResults(): Promise<string> {
    let last = await this.results.textContent();
    await expect
      .poll(async () => {
        await this.page.waitForTimeout(600);
        const now = await this.results.textContent();
        const same = now === last;
        last = now;
        return same;
      })
      .toBe(true);
    return last!;
  }

  /** The texts of the readouts `names`, read in one round trip (as they stand: no waiting). */
  async readoutTexts(names: string[]): Promise<Array<string | null>> {
    return this.page.evaluate(
      (all) => all.map((n) => document.querySelector(`output[aria-label="${n}"]`)?.textContent ?? null),
      names,
    );
  }

  async tensors(): Promise<number> {
    return Number(await this.readout('Tensors in memory').textContent());
  }
}

interface Fixtures {
  lab: LabPage;
  /** Every console message and every request that left the page's origin, checked after each test. */
  hygiene: { console: string[]; offOrigin: string[] };
}

export const test = base.extend<Fixtures>({
  hygiene: [
    async ({ page, baseURL }, use) => {
      const found = { console: [] as string[], offOrigin: [] as string[] };
      const origin = new URL(baseURL!).origin;
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') found.console.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => found.console.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) found.offOrigin.push(url);
      });
      await use(found);
      expect(found.console, 'the console stays clean').toEqual([]);
      expect(found.offOrigin, 'no request leaves the page’s origin').toEqual([]);
    },
    { auto: true },
  ],
  lab: async ({ page }, use) => {
    const lab = new LabPage(page);
    await lab.open();
    await use(lab);
  },
});

export { expect };

/** Clicks `button` and saves the `count` files it downloads, by their suggested names. */
export async function downloads(page: Page, click: () => Promise<void>, count: number, dir: string) {
  const seen: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      seen.push(d);
      if (seen.length === count) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await click();
  await all;
  const files: Record<string, string> = {};
  for (const d of seen) {
    const path = `${dir}/${d.suggestedFilename()}`;
    await d.saveAs(path);
    files[d.suggestedFilename()] = path;
  }
  return files;
}
