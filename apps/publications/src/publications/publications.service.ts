import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { accessScope, canRead } from '@diplomatie/auth';
import {
  actorOf, AgentPrincipal, CreatePublication, decodeCursor, encodeCursor, ListPublications, Page, Principal,
  PublicationView,
} from '@diplomatie/contracts';
import { z } from 'zod';
import { accessDescriptorOf, formatReference, newDraft, publishDraft, referenceYear, toView } from './publication.domain';
import { PublicationError } from './publications.exception';
import { PublicationsRepository } from './publications.repository';

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
    @Inject(PUBLICATIONS_OPTIONS) private readonly options: PublicationsOptions,
  ) {}

  async create(principal: Principal, input: CreatePublication): Promise<PublicationView> {
    const draft = newDraft(requireAgent(principal), input, uuidv7(), new Date());
    await this.repository.insert(draft);
    return toView(draft);
  }

  async publish(principal: Principal, { id }: { id: string }): Promise<PublicationView> {
    return this.repository.inTransaction(async (tx) => {
      const draft = await tx.findForUpdate(id);
      if (!draft || !canRead(principal, accessDescriptorOf(draft))) throw PublicationError.notFound();
      if (principal.kind !== 'agent' || draft.authorId !== principal.id) throw PublicationError.authorOnly();
      if (draft.status !== 'draft') throw PublicationError.notADraft(draft.status, draft.reference);
      const at = new Date();
      const year = referenceYear(at, this.options.referenceTimeZone);
      const sequence = await tx.nextReferenceNumber(draft.emittingUnitId, year);
      const published = publishDraft(draft, formatReference(draft.emittingUnitId, year, sequence), at);
      await tx.update(published);
      const view = toView(published);
      await tx.enqueuePublished({ publication: view, access: accessDescriptorOf(published) }, actorOf(principal));
      return view;
    });
  }

  async get(principal: Principal, { id }: { id: string }): Promise<PublicationView> {
    const publication = await this.repository.findById(id);
    if (!publication || !canRead(principal, accessDescriptorOf(publication))) throw PublicationError.notFound();
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
