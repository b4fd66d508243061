/**
 * The HTML report in a real browser (issue 6, acceptance): `interleave check --report` writes
 * the report of a deadlock; headless Chromium opens it from disk with the network blocked,
 * steps through the whole trace with the buttons, checks at every step that the stepping
 * actor's highlighted state is the one the checker's trace names, and at the last step that
 * the blocked state is highlighted and the wait-for cycle is shown.
 *
 * The flagship case is the SCSI `create-on-default-queue` deadlock (DefaultQueue → kernel →
 * DefaultQueue); the circular dining philosophers run too.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfiguration, type Violation } from '../../src/index.ts';
import { loadModel } from '../../src/model/loadModel.ts';
import { chromiumPath, launchChromium, SKIP_MESSAGE } from '../helpers/chromium.ts';
import { runCli } from '../helpers/cli.ts';

const SCSI = 'models/scsi-target-creation.ts';

if (!chromiumPath) console.warn(`test/e2e/htmlReport.test.ts ${SKIP_MESSAGE}`);

describe.skipIf(!chromiumPath)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'interleave-report-'));
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the report with the CLI and opens it; any request other than the file itself fails the test. */
  async function openReport(model: string, config: string, set: string[] = []): Promise<{ page: Page; violation: Violation; errors: string[] }> {
    const run = await runCli('check', model, '--config', config, ...set.flatMap((s) => ['--set', s]), '--report', dir);
    expect(run.code, run.stderr).toBe(1);
    const path = run.stderr.match(/^report: (.+)$/m)![1]!;
    const file = pathToFileURL(resolve(path)).href;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', (route) => (route.request().url() === file ? route.continue() : (errors.push(`request to ${route.request().url()}`), route.abort())));
    await page.goto(file);
    const loaded = await loadModel(model);
    const setValues = Object.fromEntries(set.map((s) => s.split('=') as [string, string]));
    const violation = checkConfiguration(loaded, config, { set: setValues }).result.verdict as Violation;
    return { page, violation, errors };
  }

  /** The state label and the highlighted leaf state (its title) of an actor's panel. */
  async function panel(page: Page, actor: string) {
    const root = page.locator(`.actor[data-actor="${actor}"]`);
    const active = root.locator('.chart g.state.active');
    return {
      label: await root.locator('.state-label').textContent(),
      highlighted: await active.locator('title').allTextContents(),
      classes: (await active.first().getAttribute('class'))?.split(' ') ?? [],
      panelClasses: (await root.getAttribute('class'))?.split(' ') ?? [],
      mailbox: await root.locator('.mailbox li').allTextContents(),
    };
  }

  async function stepThrough(page: Page, violation: Violation) {
    const steps = violation.trace.steps;
    await page.click('#first');
    expect(await page.textContent('#step-counter')).toBe(`step 0 of ${steps.length}`);
    expect(page.url()).toMatch(/#step=0$/);
    for (const [i, step] of steps.entries()) {
      await page.click('#next');
      expect(await page.textContent('#step-counter')).toBe(`step ${i + 1} of ${steps.length}`);
      expect(await page.textContent('#step-text')).toMatch(new RegExp(`^${i + 1}\\. ${step.actor} `));
      const stepping = await panel(page, step.actor);
      expect(stepping.panelClasses).toContain('stepping');
      expect(stepping.label).toBe(step.state.label);
      // the highlighted leaf in the statechart is the state the trace says the actor is in
      expect(stepping.highlighted.join(), `step ${i + 1}`).toBe(step.state.label);
      const row = page.locator(`svg.sequence .row.current[data-step="${i + 1}"]`);
      expect(await row.count()).toBeGreaterThan(0);
    }
    expect(await page.isDisabled('#next')).toBe(true);
  }

  it.runIf(existsSync(SCSI))('SCSI create-on-default-queue: DefaultQueue ends highlighted in its blocked state, in the cycle DefaultQueue → kernel → DefaultQueue', async () => {
    const { page, violation, errors } = await openReport(SCSI, 'create-on-default-queue');
    expect(violation.kind).toBe('deadlock');
    expect(violation.diagnosis.cycle).toEqual(['DefaultQueue', 'kernel', 'DefaultQueue']);
    await stepThrough(page, violation);

    const queue = await panel(page, 'DefaultQueue');
    expect(queue.highlighted).toEqual(['blockedInCall']);
    expect(queue.classes).toContain('blocked');
    expect(queue.panelClasses).toContain('in-cycle');
    expect(queue.mailbox.join()).toContain('UserInitializeTargetForID');
    expect(await page.locator('.actor[data-actor="DefaultQueue"] .badge.blocked').textContent()).toBe('blocked: waits for kernel');
    expect((await panel(page, 'kernel')).panelClasses).toContain('in-cycle');
    expect((await panel(page, 'hardware')).panelClasses).not.toContain('in-cycle');

    expect(await page.textContent('#cycle')).toBe('DefaultQueue → kernel → DefaultQueue');
    expect(await page.isVisible('svg.sequence .group.cycle')).toBe(true);
    const waits = await page.locator('svg.sequence .group.cycle ~ .message.waits text').allTextContents();
    expect(waits).toEqual(['waits for', 'waits for']);
    expect(errors).toEqual([]);

    // the step is kept in the URL: a reload shows the same step
    await page.goto(`${page.url().replace(/#.*$/, '')}#step=3`);
    await page.reload();
    expect(await page.textContent('#step-counter')).toBe(`step 3 of ${violation.trace.steps.length}`);
    await page.close();
  });

  it('circular dining philosophers: every philosopher ends in its blocked state, all in the cycle', async () => {
    const { page, violation, errors } = await openReport('models/dining-philosophers.ts', 'circular', ['n=3']);
    await stepThrough(page, violation);
    for (const name of ['phil0', 'phil1', 'phil2']) {
      const phil = await panel(page, name);
      expect(phil.highlighted).toEqual(['waitingForSecond']);
      expect(phil.classes).toContain('blocked');
      expect(phil.panelClasses).toContain('in-cycle');
    }
    expect(await page.textContent('#cycle')).toBe('fork0 → phil0 → fork1 → phil1 → fork2 → phil2 → fork0');
    // the slider and the keyboard move through the same steps
    await page.locator('#step-slider').fill('4');
    expect(await page.textContent('#step-counter')).toBe('step 4 of 9');
    await page.locator('body').press('ArrowRight');
    expect(await page.textContent('#step-counter')).toBe('step 5 of 9');
    expect(errors).toEqual([]);
    await page.close();
  });
});
