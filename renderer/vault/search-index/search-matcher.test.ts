// The matcher finds exactly what a test of every entry finds, whichever way it looks: narrowing an earlier
// query's hits, or searching the joined text of a large index once it holds still.
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchRule } from './search-matcher.ts';

interface Item {
  id: number;
  haystack: string;
  metaText: string;
}

/** As the index searches usernames and URLs: leaving out what a name search returns. */
const FIELDS: MatchRule<Item> = {
  textOf: (e) => e.haystack,
  leaveOut: (e, text) => e.metaText.includes(text),
};

/** More entries than the matcher narrows one by one, so the joined text is searched. */
const COUNT = 6000;

const item = (id: number): Item => ({
  id,
  // Some entries have no username or URL at all; the others end and begin with text a query could bridge.
  haystack:
    id % 97 === 0 ? '' : `acct-${id}@corp.example\nhttps://host-${id % 50}.example/${id % 3 ? 'ab' : 'x'}`,
  metaText: `entry ${id}\n/team-${id % 10}`,
});

const scan = (items: Item[], text: string) =>
  items.filter((e) => e.haystack.includes(text) && !e.metaText.includes(text)).map((e) => e.id);

describe('the username and URL matcher', () => {
  it('finds by the joined text exactly what testing every entry finds, never across two entries', () => {
    const items = Array.from({ length: COUNT }, (_, i) => item(i));
    const matcher = new Matcher<Item>(FIELDS);
    // The first query under a state scans; the ones after it search the joined text (the index held still).
    const typed = [
      'acct-',
      'acct-1',
      'acct-12',
      'example',
      'ab',
      'corp.example\nhttps',
      'x',
      'acct-59',
      '1',
      'b',
    ];
    for (const text of typed) {
      expect(
        matcher.find(text, 1, () => items).map((e) => e.id),
        text,
      ).toEqual(scan(items, text));
    }
    // The end of one entry's text and the start of the next are never one hit ("…/ab" then "acct-…").
    expect(matcher.find('abacct', 1, () => items)).toEqual([]);
    expect(matcher.find('xacct', 1, () => items)).toEqual([]);
  });

  it('sees entries added and changed as soon as the index says it changed', () => {
    const items = Array.from({ length: COUNT }, (_, i) => item(i));
    const matcher = new Matcher<Item>(FIELDS);
    matcher.find('acct-', 1, () => items);
    expect(matcher.find('deploy-bot', 1, () => items)).toEqual([]);
    items.push({ id: COUNT, haystack: 'deploy-bot@acme.example', metaText: 'build\n/ci' });
    (items[3] as Item).haystack = 'renamed-deploy-bot';
    // While the index moves (a sync), and again once it holds still.
    expect(matcher.find('deploy-bot', 2, () => items).map((e) => e.id)).toEqual([3, COUNT]);
    expect(matcher.find('deploy-bo', 2, () => items).map((e) => e.id)).toEqual([3, COUNT]);
    expect(matcher.find('acct-3', 2, () => items).map((e) => e.id)).toEqual(scan(items, 'acct-3'));
  });
});
