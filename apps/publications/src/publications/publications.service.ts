import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { accessScope } from '@diplomatie/auth';
import {
  actorOf, AgentPrincipal, CreatePublication, decodeCursor, EditPublication, encodeCursor, ListPublications, Page, Principal,
  PublicationVersion, PublicationView, validationError,
} from '@diplomatie/contracts';
import { z } from 'zod';
import {
  accessDescriptorOf, applyEdit, changedFields, draftInputOf, formatReference, newDraft, publishDraft, referenceYear, toView,
  withdrawPublication, visibleTo } from './publication.domain';
import { PublicationError } from './publications.exception';
import { PublicationsRepository } from './publications.repository';
import { SocialService } from '../social/social.service';

export const PUBLICATIONS_OPTIONS = Symbol('PUBLICATIONS_OPTIONS');
export interface PublicationsOptions {
  /** IANA zone whose calendar year numbers the references. */
  referenceTimeZone: string;
}

const FeedCursor = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });

/** The rules of drafting, publishing and reading publications; storage and transport live elsewhere. */
@Injectable()
export class PublicationsService {
  constructor(
    private readonly repository: PublicationsRepository,
    private readonly social: SocialService,
    @Inject(PUBLICATIONS_OPTIONS) private readonly options: PublicationsOptions,
  ) {}

  async create(principal: Principal, input: CreatePublication): Promise<PublicationView> {
    const draft = newDraft(requireAgent(principal), input, uuidv7(), new Date());
    await this.repository.insert(draft);
    return toView(draft);
  }

  async publish(principal: Principal, { id }: { id: string }): Promise<PublicationView> {
    return this.repository.inTransaction(async (tx) => {
      const draft = visibleTo(principal, await tx.findForUpdate(id));
      if (principal.kind !== 'agent' || draft.authorId !== principal.id) throw PublicationError.authorOnly();
      if (draft.status !== 'draft') throw PublicationError.notADraft(draft.status, draft.reference);
      // The parapheur (a later issue) will lift this once it records a completed circuit for the letter.
      if (draft.signatureRequired) throw PublicationError.signatureFirst(draft.reference);
      const at = new Date();
      const year = referenceYear(at, this.options.referenceTimeZone);
      const sequence = await tx.nextReferenceNumber(draft.emittingUnitId, year);
      const published = publishDraft(draft, formatReference(draft.emittingUnitId, year, sequence), at);
      await tx.update(published);
      const view = toView(published);
      await tx.insertVersion(view, principal.id, at, []);
      await tx.enqueuePublished({ publication: view, access: accessDescriptorOf(published) }, actorOf(principal));
      return view;
    });
  }

  /** Edits a draft in place, or a published publication as a new version (history and `publication.updated`). */
  async edit(principal: Principal, { id, ...changes }: EditPublication): Promise<PublicationView> {
    return this.repository.inTransaction(async (tx) => {
      const current = visibleTo(principal, await tx.findForUpdate(id));
      if (principal.kind !== 'agent' || current.authorId !== principal.id) throw PublicationError.authorOnly('edit');
      if (current.status === 'withdrawn') throw PublicationError.withdrawn();
      // The edit must leave a valid publication of its kind: validated as a whole, like a new one.
      const parsed = CreatePublication.safeParse({ ...draftInputOf(current), ...changes });
      if (!parsed.success) throw validationError(parsed.error);
      const edited = applyEdit(current, parsed.data);
      const changed = changedFields(current, edited);
      if (changed.length === 0) return toView(current);
      if (current.status === 'draft') {
        await tx.update(edited);
        return toView(edited);
      }
      const at = new Date();
      const version = { ...edited, version: current.version + 1 };
      await tx.update(version);
      const view = toView(version);
      await tx.insertVersion(view, principal.id, at, changed);
      await tx.enqueueUpdated({ publication: view, access: accessDescriptorOf(version), changedFields: changed }, actorOf(principal));
      return view;
    });
  }

  async versions(principal: Principal, { id }: { id: string }): Promise<{ items: PublicationVersion[] }> {
    visibleTo(principal, await this.repository.findById(id)); // the history of a hidden publication is hidden too
    return { items: await this.repository.versions(id) };
  }

  /** Withdraws a published publication: kept, with its reference and history, visible to its author alone. */
  async withdraw(principal: Principal, { id, reason }: { id: string; reason?: string }): Promise<PublicationView> {
    return this.repository.inTransaction(async (tx) => {
      const current = visibleTo(principal, await tx.findForUpdate(id));
      if (principal.kind !== 'agent' || current.authorId !== principal.id) throw PublicationError.authorOnly('withdraw');
      if (current.status === 'withdrawn') throw PublicationError.withdrawn();
      if (current.status !== 'published') throw PublicationError.notYetPublished();
      const at = new Date();
      const withdrawn = withdrawPublication(current, reason || null, at);
      await tx.update(withdrawn);
      const view = toView(withdrawn);
      await tx.enqueueWithdrawn(
        { publication: view, access: accessDescriptorOf(withdrawn), reason: withdrawn.withdrawalReason, withdrawnAt: at.toISOString() },
        actorOf(principal),
      );
      return view;
    });
  }

  /** One publication; reading it counts a view (DESIGN §6). */
  async get(principal: Principal, { id }: { id: string }): Promise<PublicationView> {
    const publication = visibleTo(principal, await this.repository.findById(id));
    await this.social.recordRead(principal, publication);
    return toView(publication);
  }

  async list(principal: Principal, query: z.output<typeof ListPublications>): Promise<Page<PublicationView>> {
    const after = decodeCursor(query.cursor, FeedCursor);
    // Only agents author publications: anyone else's "mine" is empty.
    if (query.mine && principal.kind !== 'agent') return { items: [], nextCursor: null };
    const page = await this.repository.listVisible(accessScope(principal), {
      authorId: query.mine ? principal.id : undefined,
      kind: query.kind,
      status: query.status,
      after,
      limit: query.limit,
    });
    return { items: page.items.map(toView), nextCursor: page.next ? encodeCursor(page.next) : null };
  }
}

function requireAgent(principal: Principal): AgentPrincipal {
  if (principal.kind !== 'agent') throw PublicationError.agentsOnly();
  return principal;
}
