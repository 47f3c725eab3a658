import { describe, expect, it } from 'vitest';
import { buildFolderTree, childPath, folderPaths, movedFolder, parentOf } from './folder-tree.ts';

describe('folder tree', () => {
  it('nests folders, adds missing parents and counts every subtree', () => {
    const root = buildFolderTree([
      { path: '/', count: 2 },
      { path: '/apps/web', count: 4 },
      { path: '/apps', count: 8 },
      { path: '/misc', count: 1 },
    ]);
    expect(root.count).toBe(15);
    expect(root.children.map((c) => [c.name, c.count])).toEqual([
      ['apps', 12],
      ['misc', 1],
    ]);
    expect(root.children[0]?.children.map((c) => [c.path, c.count])).toEqual([['/apps/web', 4]]);
  });

  it('creates intermediate folders that hold no secrets themselves', () => {
    const root = buildFolderTree([{ path: '/a/b/c', count: 3 }]);
    expect(root.children[0]?.path).toBe('/a');
    expect(root.children[0]?.count).toBe(3);
    expect(root.children[0]?.children[0]?.children[0]?.path).toBe('/a/b/c');
  });
});

describe('a moved folder', () => {
  it('takes the folders inside it along and leaves others where they are', () => {
    expect(movedFolder('/work', '/work', '/jobs')).toBe('/jobs');
    expect(movedFolder('/work/deploy', '/work', '/jobs/acme')).toBe('/jobs/acme/deploy');
    expect(movedFolder('/workshop', '/work', '/jobs')).toBe('/workshop');
    expect(movedFolder('/work/deploy', '/work', '/')).toBe('/deploy');
  });
});

describe('picking where a folder goes', () => {
  it('lists the top first and each folder before those inside it, empty ones included', () => {
    const root = buildFolderTree([
      { path: '/b', count: 0 },
      { path: '/a/x', count: 2 },
    ]);
    expect(folderPaths(root)).toEqual(['/', '/a', '/a/x', '/b']);
  });

  it('splits and joins paths at the top and below it', () => {
    expect(parentOf('/a')).toBe('/');
    expect(parentOf('/a/b/c')).toBe('/a/b');
    expect(childPath('/', 'jobs')).toBe('/jobs');
    expect(childPath('/jobs', 'acme')).toBe('/jobs/acme');
  });
});
