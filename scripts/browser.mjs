// How every browser run of this project starts Chromium: the system's binary, software WebGL
// through SwiftShader (the flags other Chromium builds need for it), and no background traffic.
import { ensureChromium } from './ensure-chromium.mjs';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launch options for Playwright's chromium.launch / use.launchOptions. */
export function chromiumLaunchOptions() {
  return { executablePath: ensureChromium(), args: CHROMIUM_ARGS };
}
