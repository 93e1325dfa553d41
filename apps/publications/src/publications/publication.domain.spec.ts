import { AppError, CreatePublication, ErrorCode } from '@diplomatie/contracts';
import { communityPostDraft, demoPrincipals, diplomaticNoteDraft, formalLetterDraft, telegramDraft } from '@diplomatie/testing';
import {
  accessDescriptorOf, applyEdit, changedFields, draftInputOf, formatReference, newDraft, publishDraft, referenceYear, resolveEmittingUnit, toView,
  withdrawPublication,
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

describe('CreatePublication (kinds)', () => {
  const issuesOf = (input: unknown) => {
    const result = CreatePublication.safeParse(input);
    expect(result.success).toBe(false);
    return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts each kind’s happy path', () => {
    expect(CreatePublication.parse(diplomaticNoteDraft()).kind).toBe('diplomatic_note');
    expect(CreatePublication.parse(formalLetterDraft())).toMatchObject({ kind: 'formal_letter', signatureRequired: false, forAction: [] });
    expect(CreatePublication.parse(communityPostDraft())).toMatchObject({ kind: 'post', forAction: [] });
  });

  it('asks a diplomatic note for a summary, an addressee and a unit pour action', () => {
    expect(issuesOf({ ...diplomaticNoteDraft(), summary: ' ', addressees: [], forAction: [] })).toEqual([
      'summary: a diplomatic note needs a summary',
      'addressees: a diplomatic note needs at least one addressee unit',
      'forAction: a diplomatic note needs at least one unit pour action',
    ]);
  });

  it('asks a formal letter for a complete external recipient', () => {
    expect(issuesOf({ ...formalLetterDraft(), recipient: { name: 'M. Petrović', organisation: '', address: '' } })).toEqual([
      'recipient.organisation: the recipient needs an organisation',
      'recipient.address: the recipient needs a postal address',
    ]);
    expect(issuesOf({ ...formalLetterDraft(), recipient: undefined })[0]).toMatch(/^recipient: /);
  });

  it('puts a post in a community and never pour action', () => {
    expect(issuesOf({ ...communityPostDraft(), communities: [], forAction: ['meae-deur-balkans'] })).toEqual([
      'communities: a community post is published in at least one community',
      'forAction: a community post has no unit pour action',
    ]);
  });

  it('rejects a field of another kind as unknown', () => {
    expect(issuesOf({ ...communityPostDraft(), priority: 'flash' }).join()).toContain('priority');
    expect(issuesOf({ ...telegramDraft(), recipient: formalLetterDraft().recipient }).join()).toContain('recipient');
  });
});

describe(`${newDraft.name} (kinds)`, () => {
  it('addresses a note to its addressees, who may read it', () => {
    const sut = newDraft(demoPrincipals.marc(), CreatePublication.parse(diplomaticNoteDraft()), ID, NOW);
    expect(sut).toMatchObject({ kind: 'diplomatic_note', addressees: ['amb-belgrade', 'amb-zagreb'], priority: 'routine', country: null });
    expect(accessDescriptorOf(sut).units).toEqual(['meae-deur-balkans', 'amb-belgrade', 'amb-zagreb']);
  });

  it('keeps a letter’s recipient, references and signature flag', () => {
    const sut = newDraft(demoPrincipals.julien(), CreatePublication.parse(formalLetterDraft({ signatureRequired: true })), ID, NOW);
    expect(toView(sut)).toMatchObject({
      recipient: formalLetterDraft().recipient, ourReference: 'AMB-BEL/2026/117', theirReference: 'MEI-2026-0342', signatureRequired: true, addressees: [],
    });
  });

  it('sanitises the body', () => {
    const sut = newDraft(demoPrincipals.julien(), CreatePublication.parse(communityPostDraft({ body: '<p onclick="x()">ok</p><script>alert(1)</script>' })), ID, NOW);
    expect(sut.body).toBe('<p>ok</p>');
  });
});

describe(draftInputOf.name, () => {
  const author = demoPrincipals.marc();
  const kinds = [
    ['telegram', telegramDraft({ emittingUnitId: 'meae-deur-balkans' })],
    ['diplomatic_note', diplomaticNoteDraft()],
    ['formal_letter', formalLetterDraft({ emittingUnitId: 'meae-deur-balkans' })],
    ['post', communityPostDraft({ emittingUnitId: 'meae-deur-balkans' })],
  ] as const;

  it.each(kinds)('says a %s again as its own create request: re-applied, nothing changes', (_kind, input) => {
    const sut = newDraft(author, CreatePublication.parse(input), ID, NOW);
    const again = applyEdit(sut, CreatePublication.parse(draftInputOf(sut)));
    expect(again).toEqual(sut);
    expect(changedFields(sut, again)).toEqual([]);
  });
});

describe(changedFields.name, () => {
  it('names each field an edit changed, in a stable order', () => {
    const before = draftOf();
    const after = applyEdit(before, CreatePublication.parse({ ...draftInputOf(before), priority: 'flash', subject: 'Serbie — mise à jour', topics: ['serbie'] }));
    expect(changedFields(before, after)).toEqual(['subject', 'topics', 'priority']);
  });
});

describe(withdrawPublication.name, () => {
  it('keeps the reference and hides it from all but its author', () => {
    const published = publishDraft(draftOf(), 'AMB-BELGRADE-2026-000001', NOW);
    const sut = withdrawPublication(published, 'erreur de destinataire', NOW);
    expect(sut).toMatchObject({ status: 'withdrawn', reference: 'AMB-BELGRADE-2026-000001', withdrawalReason: 'erreur de destinataire', withdrawnAt: NOW });
    expect(accessDescriptorOf(sut).status).toBe('withdrawn');
  });
});
