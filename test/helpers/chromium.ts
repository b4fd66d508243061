/**
 * Headless Chromium for end-to-end tests: Debian's `chromium` package driven by
 * `playwright-core` (no browser download). `.ci/run` installs the package; where it cannot,
 * `chromiumPath` is undefined and the tests that need it are skipped with `SKIP_MESSAGE`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The browser to drive: `$CHROMIUM_PATH`, or Debian's `/usr/bin/chromium`, if it exists. */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));

export const SKIP_MESSAGE =
  'skipped: no Chromium at /usr/bin/chromium (or $CHROMIUM_PATH). Install it with `apt-get install -y chromium`; .ci/run does so where apt-get is available.';

/** Launches headless Chromium with no network side-traffic. */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(SKIP_MESSAGE);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
