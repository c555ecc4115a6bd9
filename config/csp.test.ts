import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, DEV_NONCE, securityHeaders } from './csp';

const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1);

describe('the Content-Security-Policy', () => {
  it('lets the built site run only its own files and WebAssembly: no eval, no inline script or style', () => {
    const policy = contentSecurityPolicy('build');
    expect(directive(policy, 'script-src')).toBe("'self' 'wasm-unsafe-eval'");
    expect(directive(policy, 'style-src')).toBe("'self'");
    expect(directive(policy, 'connect-src')).toBe("'self'");
    expect(directive(policy, 'object-src')).toBe("'none'");
    expect(directive(policy, 'frame-ancestors')).toBe("'none'");
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'|nonce|\*/);
  });

  it('leaves frame-ancestors out of the meta tag, where browsers ignore it with an error', () => {
    expect(directive(contentSecurityPolicy('build', true), 'frame-ancestors')).toBeUndefined();
    expect(contentSecurityPolicy('build', true)).toBe(
      contentSecurityPolicy('build').replace("; frame-ancestors 'none'", ''),
    );
  });

  it("adds only Vite's needs on the dev server: the preamble's nonce and the hot-reload socket", () => {
    const policy = contentSecurityPolicy('dev');
    expect(directive(policy, 'script-src')).toBe(`'self' 'wasm-unsafe-eval' 'nonce-${DEV_NONCE}'`);
    expect(directive(policy, 'connect-src')).toBe("'self' ws: wss:");
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(securityHeaders('dev')['Content-Security-Policy']).toBe(policy);
  });
});
