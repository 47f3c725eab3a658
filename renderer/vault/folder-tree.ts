// Builds the folder tree from the server's flat list of folders (empty ones included, count 0), counting every
// subtree; and the path arithmetic of making, moving and picking folders.

export interface FolderNode {
  path: string;
  name: string;
  /** Secrets in this folder and every folder below it. */
  count: number;
  children: FolderNode[];
}

export function buildFolderTree(folders: { path: string; count: number }[]): FolderNode {
  const root: FolderNode = { path: '/', name: '/', count: 0, children: [] };
  const byPath = new Map<string, FolderNode>([['/', root]]);
  const nodeFor = (path: string): FolderNode => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parent = nodeFor(cut === 0 ? '/' : path.slice(0, cut));
    const node: FolderNode = { path, name: path.slice(cut + 1), count: 0, children: [] };
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const folder of folders) {
    let node: FolderNode | undefined = nodeFor(folder.path);
    // Add the count to the folder and to each of its ancestors.
    for (let path = folder.path; node; ) {
      node.count += folder.count;
      if (path === '/') break;
      const cut = path.lastIndexOf('/');
      path = cut === 0 ? '/' : path.slice(0, cut);
      node = byPath.get(path);
    }
  }
  const sort = (node: FolderNode) => {
    node.children.sort((a, b) => a.name.localeCompare(b.name));
    node.children.forEach(sort);
  };
  sort(root);
  return root;
}

/** Where `path` is once folder `from` became `to` (unchanged when it is not `from` or inside it). */
export function movedFolder(path: string, from: string, to: string): string {
  if (path !== from && !path.startsWith(`${from}/`)) return path;
  const rest = path.slice(from.length);
  if (to === '/') return rest || '/';
  return `${to}${rest}`;
}

/** Every folder path of the tree, the top ("/") first, each folder before the ones inside it. */
export function folderPaths(root: FolderNode): string[] {
  const paths: string[] = [];
  const walk = (node: FolderNode) => {
    paths.push(node.path);
    node.children.forEach(walk);
  };
  walk(root);
  return paths;
}

/** The folder that holds `path` ("/" for a folder at the top). */
export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** The path of a folder named `name` inside `parent`. */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}
