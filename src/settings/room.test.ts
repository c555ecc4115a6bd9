import { describe, expect, it } from 'vitest';
import { serialiseSettings } from './address';
import { ALL_GROUPS, DEFAULT_ROOM, parseLink, serialiseLink, shows, type Room } from './room';
import { defaultSettings } from './settings';

const TOKENS = ['train', 'predict-half', 'summary'];
const isLessonToken = (token: string) => TOKENS.includes(token);
const spiral = { ...defaultSettings('spiral'), draw: { ...defaultSettings('spiral').draw, seed: 7 } };

describe('parseLink and serialiseLink', () => {
  it('round-trips the settings with every room value', () => {
    const rooms: Room[] = [
      DEFAULT_ROOM,
      { ...DEFAULT_ROOM, presenter: true },
      { ...DEFAULT_ROOM, show: ['data', 'prune', 'finetune'] },
      { ...DEFAULT_ROOM, lesson: 'predict-half' },
      { presenter: true, show: ['prune'], lesson: 'summary' },
    ];
    for (const room of rooms) {
      const link = parseLink(serialiseLink(spiral, room), isLessonToken);
      expect(link).toEqual({ settings: spiral, room, trainOnOpen: false, problems: [] });
    }
    expect(parseLink(serialiseLink(spiral, DEFAULT_ROOM, true), isLessonToken).trainOnOpen).toBe(true);
  });

  it('writes nothing for the default room, and the groups in their own order', () => {
    expect(serialiseLink(spiral, DEFAULT_ROOM)).toBe(serialiseSettings(spiral));
    expect(serialiseLink(spiral, { ...DEFAULT_ROOM, show: ['finetune', 'data'] })).toMatch(/&show=data,finetune$/);
  });

  it('names each value it cannot use, uses the default for it, and keeps the rest', () => {
    const query = `${serialiseSettings(spiral)}&view=big&show=prune,nope&lesson=chapter-9&train=yes&colour=red`;
    const link = parseLink(query, isLessonToken);
    expect(link.settings).toEqual(spiral);
    expect(link.room).toEqual({ presenter: false, show: ['prune'], lesson: null });
    expect(link.trainOnOpen).toBe(false);
    expect(link.problems).toEqual([
      'Expected the view "presenter", but got "big" (view=big). Used the full page.',
      `Expected control groups among ${ALL_GROUPS.join(', ')}, but got "nope" (show=prune,nope). Showed the others.`,
      'Expected a lesson step, but got "chapter-9" (lesson=chapter-9). The lesson stays closed.',
      'Expected train=1, but got "yes". Not trained on open.',
    ]);
  });

  it('shows every group when none of the named ones exist', () => {
    const link = parseLink('show=nothing', isLessonToken);
    expect(link.room.show).toEqual(ALL_GROUPS);
    expect(link.problems[0]).toMatch(/Showed every group\.$/);
    expect(shows(link.room, 'lottery')).toBe(true);
    expect(shows(parseLink('show=prune', isLessonToken).room, 'lottery')).toBe(false);
  });

  it('never throws on garbage, and a bad settings value is named with the room values kept', () => {
    for (const query of ['%%%', '?', '&&&', 'view', 'show=', 'lesson=%E0%A4%A', '__proto__=1&view=presenter']) {
      expect(() => parseLink(query, isLessonToken)).not.toThrow();
    }
    const link = parseLink('data=spiral&threshold=abc&view=presenter', isLessonToken);
    expect(link.room.presenter).toBe(true);
    expect(link.problems).toHaveLength(1);
    expect(link.problems[0]).toMatch(/threshold=abc/);
  });
});
