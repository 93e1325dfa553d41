import { AppError, CreatePublication, ErrorCode } from '@diplomatie/contracts';
import { demoPrincipals, telegramDraft } from '@diplomatie/testing';
import {
  accessDescriptorOf, formatReference, newDraft, publishDraft, referenceYear, resolveEmittingUnit, toView,
} from './publication.domain';

const NOW = new Date('2026-03-14T09:30:00.000Z');
const ID = '0195f0c2-7a3e-7b4c-9d1e-2f3a4b5c6d7e';

function draftOf(over: Partial<ReturnType<typeof telegramDraft>> = {}, author = demoPrincipals.julien()) {
  return newDraft(author, CreatePublication.parse(telegramDraft(over)), ID, NOW);
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe(formatReference.name, () => {
  it('upper-cases the unit and zero-pads the number to six digits', () => {
    expect(formatReference('amb-belgrade', 2026, 42)).toBe('AMB-BELGRADE-2026-000042');
    expect(formatReference('meae-deur-balkans', 2027, 1)).toBe('MEAE-DEUR-BALKANS-2027-000001');
  });

  it('keeps every digit past the millionth publication of a year', () => {
    expect(formatReference('amb-washington', 2026, 1_234_567)).toBe('AMB-WASHINGTON-2026-1234567');
  });

  it('refuses a number below 1', () => {
    expect(() => formatReference('amb-belgrade', 2026, 0)).toThrow(RangeError);
  });
});

describe(referenceYear.name, () => {
  it('takes the year in the ministry’s time zone, not UTC', () => {
    const newYearInParis = new Date('2026-12-31T23:30:00.000Z'); // 00:30 on 1 January 2027 in Paris
    expect(referenceYear(newYearInParis, 'Europe/Paris')).toBe(2027);
    expect(referenceYear(newYearInParis, 'UTC')).toBe(2026);
  });
});

describe(resolveEmittingUnit.name, () => {
  it('defaults to the author’s first unit', () => {
    expect(resolveEmittingUnit(demoPrincipals.julien(), undefined)).toBe('amb-belgrade');
  });

  it('accepts a unit the author heads', () => {
    const head = demoPrincipals.marc();
    expect(resolveEmittingUnit({ ...head, units: ['meae-deur'], headOf: ['meae-deur-balkans'] }, 'meae-deur-balkans')).toBe('meae-deur-balkans');
  });

  it('forbids emitting on behalf of another unit, naming the allowed ones', () => {
    const error = errorOf(() => resolveEmittingUnit(demoPrincipals.julien(), 'amb-zagreb'));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.message).toContain('amb-zagreb');
    expect(error.message).toContain('amb-belgrade');
  });

  it('forbids an agent who belongs to no unit', () => {
    const error = errorOf(() => resolveEmittingUnit({ ...demoPrincipals.julien(), units: [] }, undefined));
    expect(error.code).toBe(ErrorCode.Forbidden);
  });
});

describe(newDraft.name, () => {
  it('makes a numberless first version owned by its author', () => {
    const author = demoPrincipals.julien();
    const sut = newDraft(author, CreatePublication.parse(telegramDraft({ emittingUnitId: undefined })), ID, NOW);
    expect(sut).toMatchObject({ id: ID, status: 'draft', reference: null, version: 1, authorId: author.id, emittingUnitId: 'amb-belgrade', publishedAt: null });
  });
});

describe(accessDescriptorOf.name, () => {
  it('addresses the emitting unit and every unit pour action and pour information, once each', () => {
    const sut = accessDescriptorOf(draftOf({ forAction: ['meae-deur-balkans', 'amb-belgrade'], forInformation: ['meae-com', 'meae-deur-balkans'] }));
    expect(sut.units).toEqual(['amb-belgrade', 'meae-deur-balkans', 'meae-com']);
  });

  it('names the author and no ministry perimeter', () => {
    const draft = draftOf({ communities: ['balkans'] });
    expect(accessDescriptorOf(draft)).toMatchObject({
      classification: 'restricted', status: 'draft', authorId: draft.authorId, agents: [draft.authorId], ministries: [], communities: ['balkans'], partners: false,
    });
  });

  it('opens to partners only public content opened to them', () => {
    expect(accessDescriptorOf(draftOf({ classification: 'public', openToPartners: true })).partners).toBe(true);
    expect(accessDescriptorOf(draftOf({ classification: 'public', openToPartners: false })).partners).toBe(false);
    expect(accessDescriptorOf({ ...draftOf({ classification: 'internal' }), openToPartners: true }).partners).toBe(false);
  });

  it('follows the status once published', () => {
    expect(accessDescriptorOf(publishDraft(draftOf(), 'AMB-BELGRADE-2026-000001', NOW)).status).toBe('published');
  });
});

describe(toView.name, () => {
  it('gives dates as ISO strings', () => {
    const sut = toView(publishDraft(draftOf(), 'AMB-BELGRADE-2026-000001', NOW));
    expect(sut).toMatchObject({ reference: 'AMB-BELGRADE-2026-000001', status: 'published', createdAt: NOW.toISOString(), publishedAt: NOW.toISOString() });
  });
});

describe('CreatePublication (partner rule)', () => {
  it('refuses openToPartners on anything but public content, naming the field', () => {
    const result = CreatePublication.safeParse(telegramDraft({ classification: 'restricted', openToPartners: true }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['openToPartners']);
  });

  it('accepts a public telegram opened to partners', () => {
    expect(CreatePublication.parse(telegramDraft({ classification: 'public', openToPartners: true })).openToPartners).toBe(true);
  });
});
