import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessDescriptor, EventEnvelope, PublicationView, PublishedPublication } from '@diplomatie/contracts';

interface DemoEntry {
  author: string;
  kind: PublicationView['kind'];
  subject: string;
  summary: string;
  body: string;
  priority: PublicationView['priority'];
  country?: string;
  topics: string[];
  classification: PublicationView['classification'];
  forAction: string[];
  forInformation: string[];
  communities: string[];
}

/** The demo telegrams (tools/demo-data/publications.json), the real French texts the platform ships with. */
const demo: DemoEntry[] = JSON.parse(readFileSync(join(__dirname, '../../../tools/demo-data/publications.json'), 'utf8'));
const postOf: Record<string, string> = { 'julien.bernard': 'amb-belgrade', 'helene.rousseau': 'amb-belgrade', 'luc.vidal': 'amb-zagreb', 'camille.roux': 'amb-washington' };

function entry(prefix: string): DemoEntry {
  const found = demo.find((e) => e.subject.startsWith(prefix));
  if (!found) throw new Error(`no demo publication "${prefix}"`);
  return found;
}

/** A note verbale, to have a second kind in the index. */
const noteVerbale: DemoEntry = {
  author: 'claire.moreau',
  kind: 'diplomatic_note',
  subject: 'Note verbale à l’ambassade de Serbie — calendrier de la conférence intergouvernementale',
  summary: 'Le ministère propose une réunion technique préalable sur les chapitres de l’État de droit.',
  body:
    '<p>Le ministère de l’Europe et des Affaires étrangères présente ses compliments à l’ambassade de la République de Serbie ' +
    'et a l’honneur de lui proposer une réunion technique consacrée à la négociation des chapitres 23 et 24, ' +
    'en amont de la prochaine conférence intergouvernementale.</p>' +
    '<p>Le ministère saisit cette occasion pour renouveler à l’ambassade les assurances de sa haute considération.</p>',
  priority: 'routine',
  topics: ['serbie', 'union-europeenne'],
  classification: 'internal',
  forAction: ['amb-belgrade'],
  forInformation: [],
  communities: [],
};

export const fixtures = {
  adhesion: entry('Serbie — négociations d'),
  gaz: entry('Serbie — sécurité d'),
  presse: entry('Serbie — revue de presse'),
  kosovo: entry('Serbie–Kosovo'),
  krk: entry('Croatie — terminal GNL'),
  acier: entry('États-Unis — politique commerciale'),
  gnl: entry('États-Unis — énergie'),
  note: noteVerbale,
};
export type FixtureName = keyof typeof fixtures;

/** The `publication.published.v1` envelope the publications service emits for one of them. */
export function publishedEnvelope(
  name: FixtureName,
  publishedAt: string,
  ids: { publicationId?: string; eventId?: string; authorId?: string } = {},
): EventEnvelope<PublishedPublication> {
  const e = fixtures[name];
  const id = ids.publicationId ?? randomUUID();
  const authorId = ids.authorId ?? randomUUID();
  const emittingUnitId = postOf[e.author] ?? 'meae-deur-balkans';
  const publication: PublicationView = {
    id,
    reference: `${emittingUnitId.toUpperCase()}-2026-${String(Object.keys(fixtures).indexOf(name) + 1).padStart(6, '0')}`,
    kind: e.kind,
    subject: e.subject,
    summary: e.summary,
    body: e.body,
    priority: e.priority,
    country: e.country ?? null,
    topics: e.topics,
    communities: e.communities,
    classification: e.classification,
    forAction: e.forAction,
    forInformation: e.forInformation,
    emittingUnitId,
    authorId,
    status: 'published',
    version: 1,
    createdAt: publishedAt,
    publishedAt,
  };
  const access: AccessDescriptor = {
    classification: e.classification,
    status: 'published',
    authorId,
    units: [...new Set([emittingUnitId, ...e.forAction, ...e.forInformation])],
    communities: e.communities,
    agents: [],
    ministries: [],
    partners: e.classification === 'public',
  };
  return {
    id: ids.eventId ?? randomUUID(),
    type: 'publication.published',
    version: 1,
    occurredAt: publishedAt,
    actor: { kind: 'agent', id: authorId },
    tenant: 'diplomatie',
    data: { publication, access },
  };
}
