const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * Units in tree order: each parent before its children, siblings by name (French collation), as a
 * picker or an organisation chart shows them. A unit whose parent is not in the list is a root.
 */
export function orderAsTree<T extends { id: string; parentId: string | null; name: string }>(units: T[]): T[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, T[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  for (const list of children.values()) list.sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  const ordered: T[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const u of children.get(parent) ?? []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      ordered.push(u);
      walk(u.id);
    }
  };
  walk(null);
  return ordered;
}
