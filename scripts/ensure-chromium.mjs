#!/usr/bin/env node
// Finds a Chromium for Playwright: $CHROMIUM_PATH, then /usr/bin/chromium. Where none is found and
// this runs as root on Debian, installs Debian's `chromium` package; otherwise says what to install.
// Prints the path it found. Playwright's own browser download is not used: it needs a host that
// this kind of machine cannot reach.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function isDebianRoot() {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version');
}

function install() {
  console.log("No Chromium found: installing Debian's chromium package (apt-get install -y chromium)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed with exit code ${result.status}.`);
  }
}

export function ensureChromium() {
  let path = findChromium();
  if (!path && isDebianRoot()) {
    install();
    path = findChromium();
  }
  if (!path) {
    throw new Error(
      'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  return path;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const path = ensureChromium();
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`Chromium for the browser tests: ${path} (${version})`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
