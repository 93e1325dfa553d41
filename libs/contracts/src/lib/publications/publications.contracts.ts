import { z } from 'zod';
import { AccessDescriptor, PublicationStatus } from '../access';
import { AgentId, Classification, CommunityId, IsoDateTime, PageRequest, pageOf, TopicId, UnitId } from '../common';
import { defineEvent, defineRequest } from '../messages';

export const PublicationKind = z.enum(['telegram', 'diplomatic_note', 'formal_letter', 'post']);
export type PublicationKind = z.infer<typeof PublicationKind>;
export const Priority = z.enum(['routine', 'priority', 'urgent', 'flash']);
export type Priority = z.infer<typeof Priority>;

const common = {
  subject: z.string().trim().min(3).max(300),
  summary: z.string().trim().max(2000).default(''),
  body: z.string().max(200_000).default(''),
  topics: z.array(TopicId).max(20).default([]),
  communities: z.array(CommunityId).max(20).default([]),
  classification: Classification.default('internal'),
  forInformation: z.array(UnitId).max(50).default([]),
  /** The unit the publication is emitted by; defaults to the author's first unit. */
  emittingUnitId: UnitId.optional(),
  /** Opens the publication to external partners who accepted the charter; `public` only. */
  openToPartners: z.boolean().default(false),
};

/** Only `public` content may ever reach external partners (DESIGN §4); applies to every kind. */
function openOnlyWhenPublic(draft: { classification: Classification; openToPartners: boolean }, ctx: z.RefinementCtx): void {
  if (draft.openToPartners && draft.classification !== 'public') {
    ctx.addIssue({
      code: 'custom',
      path: ['openToPartners'],
      message: `only a public publication may be opened to partners (classification is ${draft.classification})`,
    });
  }
}

export const TelegramDraft = z.strictObject({
  kind: z.literal('telegram'),
  ...common,
  priority: Priority.default('routine'),
  /** ISO 3166-1 alpha-2 code of the country the telegram is about. */
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as RS').optional(),
  forAction: z.array(UnitId).min(1, 'a telegram needs at least one unit pour action').max(50),
});

/**
 * A new draft: one shape per kind (more kinds join this union). The partner rule is refined on
 * the union so that each kind's object stays extendable (`.omit`/`.partial` refuse refined objects).
 */
export const CreatePublication = z.discriminatedUnion('kind', [TelegramDraft]).superRefine(openOnlyWhenPublic);
export type CreatePublication = z.infer<typeof CreatePublication>;

export const PublicationView = z.object({
  id: z.uuid(),
  reference: z.string().nullable(),
  kind: PublicationKind,
  subject: z.string(),
  summary: z.string(),
  body: z.string(),
  priority: Priority,
  country: z.string().nullable(),
  topics: z.array(TopicId),
  communities: z.array(CommunityId),
  classification: Classification,
  forAction: z.array(UnitId),
  forInformation: z.array(UnitId),
  emittingUnitId: UnitId,
  authorId: AgentId,
  status: PublicationStatus,
  version: z.number().int(),
  /** Whether partners may see it (never unless `public`); absent reads as false. The access descriptor's `partners` decides. */
  openToPartners: z.boolean().optional(),
  createdAt: IsoDateTime,
  publishedAt: IsoDateTime.nullable(),
});
export type PublicationView = z.infer<typeof PublicationView>;

export const ListPublications = PageRequest.extend({
  /** Only the caller's own publications, drafts included. Query strings send "true"/"false". */
  mine: z.union([z.boolean(), z.stringbool()]).optional(),
  kind: PublicationKind.optional(),
  status: PublicationStatus.optional(),
});

export const PublicationContracts = {
  create: defineRequest('publications', 'publication.create', 1, 'Create a draft.', CreatePublication, PublicationView),
  publish: defineRequest('publications', 'publication.publish', 1, 'Publish a draft: allocates its reference; routing and indexing follow from the event.', z.object({ id: z.uuid() }), PublicationView),
  get: defineRequest('publications', 'publication.get', 1, 'One publication the caller may see (NOT_FOUND otherwise).', z.object({ id: z.uuid() }), PublicationView),
  list: defineRequest('publications', 'publication.list', 1, 'Publications the caller may see, newest first.', ListPublications, pageOf(PublicationView)),
} as const;

/** Everything consumers need: the publication and its access descriptor. */
export const PublishedPublication = z.object({ publication: PublicationView, access: AccessDescriptor });
export type PublishedPublication = z.infer<typeof PublishedPublication>;

export const PublicationEvents = {
  published: defineEvent('publications', 'publication.published', 1, 'A publication was published (its first version).', PublishedPublication),
} as const;
