import { Priority } from '@diplomatie/contracts';
import { deadlineFor, interestReasons, planAssignments, priorityRank } from './assignment.rules';

const publishedAt = new Date('2026-03-12T09:30:00.000Z');

describe(deadlineFor.name, () => {
  it.each([
    ['flash', '2026-03-12T11:30:00.000Z'],
    ['urgent', '2026-03-13T09:30:00.000Z'],
    ['priority', '2026-03-15T09:30:00.000Z'],
    ['routine', '2026-03-22T09:30:00.000Z'],
  ] as [Priority, string][])('gives a %s telegram until %s', (priority, expected) => {
    expect(deadlineFor(priority, publishedAt).toISOString()).toBe(expected);
  });
});

describe(priorityRank.name, () => {
  it('puts flash before urgent before priority before routine', () => {
    const sut: Priority[] = ['routine', 'flash', 'priority', 'urgent', 'routine', 'flash'];
    expect([...sut].sort((a, b) => priorityRank(a) - priorityRank(b))).toEqual(['flash', 'flash', 'urgent', 'priority', 'routine', 'routine']);
  });

  it('ranks every priority of the contract', () => {
    expect(Priority.options.map(priorityRank).sort()).toEqual([0, 1, 2, 3]);
  });
});

describe(planAssignments.name, () => {
  it('assigns each unit pour action with a deadline and each unit pour information without one', () => {
    const sut = planAssignments(
      { priority: 'urgent', forAction: ['meae-deur-balkans', 'meae-deur-balkans'], forInformation: ['meae-com', 'minefi-tresor-europe'] },
      publishedAt,
    );
    expect(sut).toEqual([
      { unitId: 'meae-deur-balkans', role: 'action', priorityRank: 1, deadline: new Date('2026-03-13T09:30:00.000Z') },
      { unitId: 'meae-com', role: 'information', priorityRank: 1, deadline: null },
      { unitId: 'minefi-tresor-europe', role: 'information', priorityRank: 1, deadline: null },
    ]);
  });

  it('keeps a unit that is both pour action and pour information in each role', () => {
    const sut = planAssignments({ priority: 'routine', forAction: ['meae-dgm-dde'], forInformation: ['meae-dgm-dde'] }, publishedAt);
    expect(sut.map((a) => `${a.role}:${a.unitId}`)).toEqual(['action:meae-dgm-dde', 'information:meae-dgm-dde']);
  });
});

describe(interestReasons.name, () => {
  it('names the followed topics, the followed communities, then the units pour information', () => {
    const sut = interestReasons(
      { topics: ['serbie', 'energie'], communities: ['balkans', 'presse-europe'], informationUnits: ['meae-com'] },
      { topics: ['energie', 'kosovo'], communities: ['balkans'] },
    );
    expect(sut).toEqual(['topic:energie', 'community:balkans', 'information:meae-com']);
  });

  it('is empty for an item the caller follows in no way', () => {
    expect(interestReasons({ topics: ['etats-unis'], communities: [], informationUnits: [] }, { topics: ['serbie'], communities: ['balkans'] })).toEqual([]);
  });
});
