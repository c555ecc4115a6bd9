import { describe, expect, it } from 'vitest';
import { afterCommand } from './useCommands';

const a = { name: 'session a' };
const b = { name: 'session b' };

describe('afterCommand', () => {
  it('keeps the reason of a refusal or a failure', () => {
    expect(afterCommand(null, a, { kind: 'refused', reason: 'A run is under way: stop it first.' })).toEqual({
      session: a,
      reason: 'A run is under way: stop it first.',
    });
    expect(afterCommand({ session: a, reason: 'old' }, a, { kind: 'failed', reason: 'new' })).toEqual({
      session: a,
      reason: 'new',
    });
  });

  it('is cleared by the next command of the same session that is done', () => {
    expect(afterCommand({ session: a, reason: 'refused' }, a, { kind: 'done' })).toBeNull();
  });

  it('is not cleared by a late answer from another session', () => {
    const last = { session: b, reason: 'refused' };
    expect(afterCommand(last, a, { kind: 'done' })).toBe(last);
  });

  it('is left alone by stopped and diverged runs, which Status and the run note report', () => {
    const last = { session: a, reason: 'refused' };
    expect(afterCommand(last, a, { kind: 'stopped', reason: 'Stopped' })).toBe(last);
    expect(afterCommand(last, a, { kind: 'diverged', reason: 'NaN' })).toBe(last);
    expect(afterCommand(null, a, { kind: 'stopped', reason: 'Stopped' })).toBeNull();
  });
});
