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

/** A note verbale from one of our units to addressee units, handled by at least one unit pour action. */
export const DiplomaticNoteDraft = z.strictObject({
  kind: z.literal('diplomatic_note'),
  ...common,
  summary: z.string().trim().min(1, 'a diplomatic note needs a summary').max(2000),
  /** The units the note is addressed to (they read it as its addressees). */
  addressees: z.array(UnitId).min(1, 'a diplomatic note needs at least one addressee unit').max(50),
  forAction: z.array(UnitId).min(1, 'a diplomatic note needs at least one unit pour action').max(50),
});

/** The external recipient of a formal letter: not an account of the platform. */
export const ExternalRecipient = z.strictObject({
  name: z.string().trim().min(1, 'the recipient needs a name').max(200),
  organisation: z.string().trim().min(1, 'the recipient needs an organisation').max(300),
  address: z.string().trim().min(1, 'the recipient needs a postal address').max(1000),
});
export type ExternalRecipient = z.infer<typeof ExternalRecipient>;

/** A formal letter to someone outside the administration; it may need the parapheur's signature before it goes out. */
export const FormalLetterDraft = z.strictObject({
  kind: z.literal('formal_letter'),
  ...common,
  recipient: ExternalRecipient,
  /** Our reference, as printed on the letter ("N/Réf."). */
  ourReference: z.string().trim().min(1).max(100).optional(),
  /** The recipient's reference we answer to ("V/Réf."). */
  theirReference: z.string().trim().min(1).max(100).optional(),
  /** When true, the letter cannot be published until a signature circuit has signed its main document. */
  signatureRequired: z.boolean().default(false),
  forAction: z.array(UnitId).max(50).default([]),
});

/** A community post or article: published in one or more communities, never pour action. */
export const PostDraft = z.strictObject({
  kind: z.literal('post'),
  ...common,
  communities: z.array(CommunityId).min(1, 'a community post is published in at least one community').max(20),
  forAction: z.array(UnitId).max(0, 'a community post has no unit pour action').default([]),
});

/**
 * A new draft: one shape per kind. The partner rule is refined on the union so that each kind's
 * object stays extendable (`.omit`/`.partial` refuse refined objects).
 */
export const CreatePublication = z
  .discriminatedUnion('kind', [TelegramDraft, DiplomaticNoteDraft, FormalLetterDraft, PostDraft])
  .superRefine(openOnlyWhenPublic);
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
  /** diplomatic_note: the addressee units (absent or empty for other kinds). */
  addressees: z.array(UnitId).optional(),
  /** formal_letter: the external recipient (absent or null for other kinds). */
  recipient: ExternalRecipient.nullable().optional(),
  /** formal_letter: our reference ("N/Réf."). */
  ourReference: z.string().nullable().optional(),
  /** formal_letter: the recipient's reference ("V/Réf."). */
  theirReference: z.string().nullable().optional(),
  /** formal_letter: publishing waits for a completed signature circuit. */
  signatureRequired: z.boolean().optional(),
  /** When its author withdrew it (status `withdrawn`). */
  withdrawnAt: IsoDateTime.nullable().optional(),
  withdrawalReason: z.string().nullable().optional(),
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

/**
 * Changes to a publication: only the fields sent change; the result must still satisfy its kind's
 * rules (a post never gets a unit pour action, a telegram never a recipient). Kind and emitting
 * unit never change. On a published publication this makes a new version.
 */
export const EditPublication = z.strictObject({
  id: z.uuid(),
  subject: common.subject.optional(),
  summary: z.string().trim().max(2000).optional(),
  body: z.string().max(200_000).optional(),
  topics: z.array(TopicId).max(20).optional(),
  communities: z.array(CommunityId).max(20).optional(),
  classification: Classification.optional(),
  forAction: z.array(UnitId).max(50).optional(),
  forInformation: z.array(UnitId).max(50).optional(),
  openToPartners: z.boolean().optional(),
  priority: Priority.optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as RS').optional(),
  addressees: z.array(UnitId).max(50).optional(),
  recipient: ExternalRecipient.optional(),
  ourReference: z.string().trim().min(1).max(100).optional(),
  theirReference: z.string().trim().min(1).max(100).optional(),
  signatureRequired: z.boolean().optional(),
});
export type EditPublication = z.infer<typeof EditPublication>;

/** One version of a published publication: who made it, when, and which fields it changed. */
export const PublicationVersion = z.object({
  version: z.number().int().min(1),
  /** Who published (version 1) or edited it. */
  editedBy: z.string(),
  editedAt: IsoDateTime,
  /** Fields that differ from the previous version; empty for the first. */
  changedFields: z.array(z.string()),
});
export type PublicationVersion = z.infer<typeof PublicationVersion>;

export const WithdrawPublication = z.strictObject({
  id: z.uuid(),
  /** Why it is withdrawn, kept with the record. */
  reason: z.string().trim().max(2000).optional(),
});

const PublicationRef = z.object({ publicationId: z.uuid() });

/** A comment of a publication's discussion: threads are one level deep (a reply answers a top-level comment). */
export const CommentView = z.object({
  id: z.uuid(),
  publicationId: z.uuid(),
  /** The top-level comment this one answers; null for a top-level comment. */
  parentId: z.uuid().nullable(),
  authorId: AgentId,
  /** Sanitised rich text, like a publication's body; empty once deleted. */
  body: z.string(),
  /** A deleted comment that has replies stays as a placeholder so that the thread still reads. */
  deleted: z.boolean(),
  createdAt: IsoDateTime,
  editedAt: IsoDateTime.nullable(),
});
export type CommentView = z.infer<typeof CommentView>;

const CommentBody = z.string().trim().min(1, 'a comment cannot be empty').max(10_000);
export const AddComment = z.strictObject({
  publicationId: z.uuid(),
  body: CommentBody,
  /** Answer this top-level comment (one level of threads). */
  parentId: z.uuid().optional(),
});
export const EditComment = z.strictObject({ publicationId: z.uuid(), commentId: z.uuid(), body: CommentBody });
export const DeleteComment = z.object({ publicationId: z.uuid(), commentId: z.uuid() });
export const ListComments = PageRequest.extend({ publicationId: z.uuid() });

export const Stars = z.number().int().min(1, 'stars go from 1 to 5').max(5, 'stars go from 1 to 5');
export const RatePublication = z.strictObject({ publicationId: z.uuid(), stars: Stars });
/** The caller's rating of a publication, and the publication's figures after it. */
export const RatingView = z.object({
  publicationId: z.uuid(),
  stars: Stars,
  ratedAt: IsoDateTime,
  ratings: z.object({ count: z.number().int(), mean: z.number().nullable() }),
});
export type RatingView = z.infer<typeof RatingView>;

/** Who read a publication, and how it was received, relative to how many it was addressed to. */
export const Audience = z.object({
  publicationId: z.uuid(),
  /** Distinct readers (the author's own opens do not count). */
  uniqueReaders: z.number().int(),
  /** Every open by a reader, the first ones included. */
  views: z.number().int(),
  ratings: z.object({ count: z.number().int(), mean: z.number().nullable() }),
  comments: z.number().int(),
  /** Active accounts of the addressed units (pour action, pour information, addressees) and of its communities, the author aside. */
  reach: z.number().int(),
  /** uniqueReaders / reach (null when nobody was addressed): comparable between a small post's note and a large one's. May exceed 1 for content readable beyond its addressees. */
  normalisedAudience: z.number().nullable(),
  firstReadAt: IsoDateTime.nullable(),
  lastReadAt: IsoDateTime.nullable(),
});
export type Audience = z.infer<typeof Audience>;

export const AudienceByUnitQuery = z.object({
  /** Published at or after (inclusive). */
  from: IsoDateTime,
  /** Published before (exclusive). */
  to: IsoDateTime,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** One emitting unit's audience over a period, counted over the publications the caller may see. */
export const UnitAudience = z.object({
  emittingUnitId: UnitId,
  publications: z.number().int(),
  uniqueReaders: z.number().int(),
  reach: z.number().int(),
  /** Sum of unique readers / sum of reach over its publications (null when nobody was addressed). */
  normalisedAudience: z.number().nullable(),
});

export const PublicationContracts = {
  create: defineRequest('publications', 'publication.create', 1, 'Create a draft.', CreatePublication, PublicationView),
  publish: defineRequest('publications', 'publication.publish', 1, 'Publish a draft: allocates its reference; routing and indexing follow from the event.', z.object({ id: z.uuid() }), PublicationView),
  get: defineRequest('publications', 'publication.get', 1, 'One publication the caller may see (NOT_FOUND otherwise).', z.object({ id: z.uuid() }), PublicationView),
  list: defineRequest('publications', 'publication.list', 1, 'Publications the caller may see, newest first.', ListPublications, pageOf(PublicationView)),
  edit: defineRequest('publications', 'publication.edit', 1, 'Edit a publication (its author only): a draft in place, a published one as a new version.', EditPublication, PublicationView),
  versions: defineRequest('publications', 'publication.versions', 1, 'The version history of a publication the caller may see, oldest first.', z.object({ id: z.uuid() }), z.object({ items: z.array(PublicationVersion) })),
  withdraw: defineRequest('publications', 'publication.withdraw', 1, 'Withdraw a published publication (its author only): the record stays, visible to its author alone.', WithdrawPublication, PublicationView),
  addComment: defineRequest('publications', 'comment.add', 1, 'Comment a published publication the caller may see, or answer a top-level comment.', AddComment, CommentView),
  editComment: defineRequest('publications', 'comment.edit', 1, 'Edit one of the caller’s own comments.', EditComment, CommentView),
  deleteComment: defineRequest('publications', 'comment.delete', 1, 'Delete one of the caller’s own comments (a placeholder stays while it has replies).', DeleteComment, z.object({ deleted: z.literal(true) })),
  listComments: defineRequest('publications', 'comment.list', 1, 'The discussion of a publication: threads oldest first, each followed by its replies.', ListComments, pageOf(CommentView)),
  rate: defineRequest('publications', 'publication.rate', 1, 'Rate a published publication 1–5 (one rating per reader, changeable; FORBIDDEN for its author).', RatePublication, RatingView),
  audienceByUnit: defineRequest('publications', 'publication.audience_by_unit', 1, 'Audience per emitting unit over a period, ranked by normalised audience (publications the caller may see).', AudienceByUnitQuery, z.object({ items: z.array(UnitAudience) })),
  audience: defineRequest('publications', 'publication.audience', 1, 'Audience figures of a publication the caller may see.', PublicationRef, Audience),
} as const;

/** Everything consumers need: the publication and its access descriptor. */
export const PublishedPublication = z.object({ publication: PublicationView, access: AccessDescriptor });
export type PublishedPublication = z.infer<typeof PublishedPublication>;

/** A reader rated a publication (or changed their rating): the new figures, and who may see them. */
export const PublicationRated = z.object({
  publicationId: z.uuid(),
  emittingUnitId: UnitId,
  authorId: AgentId,
  readerId: z.string(),
  stars: Stars,
  /** The reader's previous rating when they changed it. */
  previousStars: Stars.nullable(),
  ratedAt: IsoDateTime,
  ratings: z.object({ count: z.number().int(), mean: z.number().nullable() }),
  access: AccessDescriptor,
});
export type PublicationRated = z.infer<typeof PublicationRated>;

/** A comment was added to a publication's discussion: the comment, and who may see it (the publication's access). */
export const PublicationCommented = z.object({
  comment: CommentView,
  emittingUnitId: UnitId,
  publicationAuthorId: AgentId,
  access: AccessDescriptor,
});
export type PublicationCommented = z.infer<typeof PublicationCommented>;

/** A published publication changed: its new version in full, as `published` carries it. */
export const PublicationUpdated = PublishedPublication.extend({
  /** Fields that differ from the previous version. */
  changedFields: z.array(z.string()),
});
export type PublicationUpdated = z.infer<typeof PublicationUpdated>;

/** A publication was withdrawn: consumers drop it from journals and indexes. */
export const PublicationWithdrawn = PublishedPublication.extend({
  reason: z.string().nullable(),
  withdrawnAt: IsoDateTime,
});
export type PublicationWithdrawn = z.infer<typeof PublicationWithdrawn>;

export const PublicationEvents = {
  published: defineEvent('publications', 'publication.published', 1, 'A publication was published (its first version).', PublishedPublication),
  updated: defineEvent('publications', 'publication.updated', 1, 'A published publication was edited: its new version, in full.', PublicationUpdated),
  withdrawn: defineEvent('publications', 'publication.withdrawn', 1, 'A publication was withdrawn: remove it from journals and search.', PublicationWithdrawn),
  rated: defineEvent('publications', 'publication.rated', 1, 'A reader rated a publication, or changed their rating.', PublicationRated),
  commented: defineEvent('publications', 'publication.commented', 1, 'A comment was added to a publication.', PublicationCommented),
} as const;
