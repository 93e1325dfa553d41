import { orderAsTree } from './unit-tree';

describe(orderAsTree.name, () => {
  const unit = (id: string, parentId: string | null, name: string) => ({ id, parentId, name });

  it('puts each parent before its children and siblings in French alphabetical order', () => {
    const sut = orderAsTree([
      unit('meae-deur-balkans', 'meae-deur', 'Service des Balkans'),
      unit('minefi', null, "Ministère de l'Économie"),
      unit('amb-washington', 'meae', 'Ambassade de France aux États-Unis'),
      unit('meae-deur', 'meae', "Direction de l'Europe continentale"),
      unit('meae', null, "Ministère de l'Europe et des Affaires étrangères"),
      unit('amb-belgrade', 'meae', 'Ambassade de France en Serbie'),
    ]);
    // "Économie" sorts with the E's, not after "Z" as a byte order would have it.
    expect(sut.map((u) => u.id)).toEqual(['minefi', 'meae', 'amb-washington', 'amb-belgrade', 'meae-deur', 'meae-deur-balkans']);
  });

  it('treats a unit whose parent is not listed as a root', () => {
    expect(orderAsTree([unit('meae-deur-balkans', 'meae-deur', 'Service des Balkans')]).map((u) => u.id)).toEqual(['meae-deur-balkans']);
  });
});
