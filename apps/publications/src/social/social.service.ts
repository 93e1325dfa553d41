import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { accessScope } from '@diplomatie/auth';
import {
  actorOf, AgentSnapshot, Audience, CommentView, decodeCursor, encodeCursor, Page, ParsedRequestOf, Principal, PublicationContracts,
  RatingView, UnitAudience,
} from '@diplomatie/contracts';
import { z } from 'zod';
import { EntityManager } from 'typeorm';
import { sanitiseBody } from '../publications/body-sanitiser';
import { accessDescriptorOf, addressedUnitsOf, Publication, visibleTo } from '../publications/publication.domain';
import { PublicationError } from '../publications/publications.exception';
import { PublicationsRepository } from '../publications/publications.repository';
import { commentView, SocialRepository, StoredComment } from './social.repository';

type Req<K extends keyof typeof PublicationContracts> = ParsedRequestOf<(typeof PublicationContracts)[K]>;
const ThreadCursor = z.object({ t: z.uuid(), id: z.uuid() });

/** Who reads, rates and discusses a publication: every path first applies the publication's own access rule. */
@Injectable()
export class SocialService {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly repository: SocialRepository,
  ) {}

  /** A reader's open of a publication they may see: views and unique readers; the author's own opens do not count. */
  async recordRead(principal: Principal, publication: Publication): Promise<void> {
    if (principal.kind === 'service' || publication.status !== 'published' || principal.id === publication.authorId) return;
    await this.repository.recordRead(publication.id, principal.id, new Date());
  }

  async addComment(principal: Principal, input: Req<'addComment'>): Promise<CommentView> {
    const publication = await this.visible(principal, input.publicationId);
    if (principal.kind === 'service') throw PublicationError.readersOnly('comment');
    if (publication.status !== 'published') throw PublicationError.notPublished('commented');
    const body = sanitiseBody(input.body);
    if (!body) throw PublicationError.emptyComment();
    return this.repository.inTransaction(async (tx) => {
      if (input.parentId) {
        const parent = await tx.findComment(publication.id, input.parentId);
        if (!parent) throw PublicationError.commentNotFound();
        if (parent.parentId !== null) throw PublicationError.replyToReply();
      }
      const comment: StoredComment = {
        id: uuidv7(), publicationId: publication.id, parentId: input.parentId ?? null, authorId: principal.id, body,
        createdAt: new Date(), editedAt: null, deletedAt: null,
      };
      await tx.insertComment(comment);
      const view = commentView(comment);
      await tx.enqueueCommented(
        { comment: view, emittingUnitId: publication.emittingUnitId, publicationAuthorId: publication.authorId, access: accessDescriptorOf(publication) },
        actorOf(principal),
      );
      return view;
    });
  }

  async editComment(principal: Principal, input: Req<'editComment'>): Promise<CommentView> {
    await this.visible(principal, input.publicationId);
    const body = sanitiseBody(input.body);
    if (!body) throw PublicationError.emptyComment();
    return this.repository.inTransaction(async (tx) => {
      const comment = await this.ownComment(principal, await tx.findComment(input.publicationId, input.commentId), 'edit');
      const edited = { ...comment, body, editedAt: new Date() };
      await tx.updateComment(edited);
      return commentView(edited);
    });
  }

  async deleteComment(principal: Principal, input: Req<'deleteComment'>): Promise<{ deleted: true }> {
    await this.visible(principal, input.publicationId);
    return this.repository.inTransaction(async (tx) => {
      const comment = await this.ownComment(principal, await tx.findComment(input.publicationId, input.commentId), 'delete');
      await tx.updateComment({ ...comment, body: '', deletedAt: new Date() });
      return { deleted: true as const };
    });
  }

  async listComments(principal: Principal, input: Req<'listComments'>): Promise<Page<CommentView>> {
    await this.visible(principal, input.publicationId);
    const page = await this.repository.listComments(input.publicationId, decodeCursor(input.cursor, ThreadCursor), input.limit);
    return { items: page.items.map(commentView), nextCursor: page.next ? encodeCursor(page.next) : null };
  }

  async rate(principal: Principal, input: Req<'rate'>): Promise<RatingView> {
    const publication = await this.visible(principal, input.publicationId);
    if (principal.kind === 'service') throw PublicationError.readersOnly('rate');
    if (publication.status !== 'published') throw PublicationError.notPublished('rated');
    if (publication.authorId === principal.id) throw PublicationError.ownPublication();
    return this.repository.inTransaction(async (tx) => {
      const at = new Date();
      const previous = await tx.upsertRating(publication.id, principal.id, input.stars, at);
      const ratings = await tx.ratings(publication.id);
      await tx.enqueueRated(
        {
          publicationId: publication.id, emittingUnitId: publication.emittingUnitId, authorId: publication.authorId, readerId: principal.id,
          stars: input.stars, previousStars: previous, ratedAt: at.toISOString(), ratings, access: accessDescriptorOf(publication),
        },
        actorOf(principal),
      );
      return { publicationId: publication.id, stars: input.stars, ratedAt: at.toISOString(), ratings };
    });
  }

  async audience(principal: Principal, { publicationId }: { publicationId: string }): Promise<Audience> {
    const publication = await this.visible(principal, publicationId);
    const access = accessDescriptorOf(publication);
    const [figures, reach] = await Promise.all([
      this.repository.audience(publicationId),
      this.repository.reach({ units: addressedUnitsOf(publication), communities: publication.communities, authorId: publication.authorId, partners: access.partners }),
    ]);
    return {
      publicationId,
      uniqueReaders: figures.uniqueReaders,
      views: figures.views,
      ratings: { count: figures.ratingCount, mean: figures.ratingMean },
      comments: figures.comments,
      reach,
      normalisedAudience: normalisedAudience(figures.uniqueReaders, reach),
      firstReadAt: figures.firstReadAt?.toISOString() ?? null,
      lastReadAt: figures.lastReadAt?.toISOString() ?? null,
    };
  }

  async audienceByUnit(principal: Principal, q: Req<'audienceByUnit'>): Promise<{ items: z.output<typeof UnitAudience>[] }> {
    const rows = await this.repository.audienceByUnit(accessScope(principal), q.from, q.to, q.limit);
    return { items: rows.map((r) => ({ ...r, normalisedAudience: normalisedAudience(r.uniqueReaders, r.reach) })) };
  }

  async recordAgent(manager: EntityManager, agent: AgentSnapshot, occurredAt: string): Promise<void> {
    await this.repository.upsertAgent(manager, agent, occurredAt);
  }

  /** The publication, if the caller may see it; NOT_FOUND otherwise, as for the publication itself. */
  private async visible(principal: Principal, id: string): Promise<Publication> {
    return visibleTo(principal, await this.publications.findById(id));
  }

  private async ownComment(principal: Principal, comment: StoredComment | null, what: 'edit' | 'delete'): Promise<StoredComment> {
    if (!comment) throw PublicationError.commentNotFound();
    if (comment.authorId !== principal.id) throw PublicationError.commentAuthorOnly(what);
    if (comment.deletedAt) throw PublicationError.commentDeleted();
    return comment;
  }
}

/** Unique readers per addressed account, to three decimals; null when nobody was addressed. */
export function normalisedAudience(uniqueReaders: number, reach: number): number | null {
  return reach > 0 ? Math.round((uniqueReaders / reach) * 1000) / 1000 : null;
}
