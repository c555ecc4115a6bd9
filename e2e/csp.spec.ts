import type { Page, Worker } from '@playwright/test';
import { expect, LabPage, test } from './fixtures';

/** Collects every `securitypolicyviolation` of the page and of its workers, reported from either. */
async function watchViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => found.push(text));
  await page.addInitScript(() => {
    const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
    document.addEventListener('securitypolicyviolation', (e) =>
      report(`page: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`),
    );
  });
  return found;
}

/**
 * Whether JavaScript eval is refused in this scope, what a policy without 'unsafe-eval' does. It tries
 * from a timer, outside the DevTools evaluation (which may eval whatever the page's policy says).
 */
const evalRefused = () =>
  new Promise<string>((resolve) =>
    setTimeout(() => {
      try {
        resolve((0, eval)('"eval ran"') as string);
      } catch (e) {
        resolve((e as Error).name);
      }
    }),
  );

async function engineWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  return page.workers()[0];
}

async function seedFlow(lab: LabPage): Promise<void> {
  await lab.run('Train', 2);
  await lab.setThreshold(0.1);
  await lab.run('Fine-tune', 1);
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(
    (await lab.cell('After pruning', 'Sparsity').textContent())!,
  );
}

test('the seed flow runs under the Content-Security-Policy on webgl and wasm, page and worker alike', async ({
  page,
}) => {
  const violations = await watchViolations(page);
  const response = await page.goto('./');
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  // The built page carries the policy itself too, for servers that send no header.
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /script-src 'self' 'wasm-unsafe-eval'; style-src 'self';/,
  );
  const lab = new LabPage(page);
  await expect(lab.readout('Backend')).toHaveText(/^webgl/);
  await expect(lab.readout('Status')).toHaveText('Ready');

  // A meta policy does not reach a dedicated worker: the worker's own response must carry it.
  const worker = await engineWorker(page);
  expect(await page.evaluate(evalRefused)).toBe('EvalError');
  expect(await worker.evaluate(evalRefused)).toBe('EvalError');
  // Those two probes were refused, and reported (once per policy: the header and the meta tag).
  expect(violations.length).toBeGreaterThan(0);
  violations.length = 0;
  await worker.evaluate(() => {
    const scope = self as unknown as { violations: string[] } & EventTarget;
    scope.violations = [];
    self.addEventListener('securitypolicyviolation', (e) => scope.violations.push(e.violatedDirective));
  });

  await seedFlow(lab);
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
  await expect(lab.readout('Backend')).toHaveText('wasm');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await seedFlow(lab);

  const inWorker = await worker.evaluate(() => (self as unknown as { violations: string[] }).violations);
  expect([...violations, ...inWorker.map((v) => `worker: ${v}`)]).toEqual([]);
});
