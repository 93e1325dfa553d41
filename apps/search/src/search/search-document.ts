import { AccessDescriptor, PublishedPublication } from '@diplomatie/contracts';
import { htmlToText } from './html-to-text';

/** What the index keeps of a publication: its searchable text, its filters and its access descriptor. */
export interface SearchDocument {
  id: string;
  kind: PublishedPublication['publication']['kind'];
  reference: string | null;
  subject: string;
  summary: string;
  /** The body as plain text (see `htmlToText`). */
  bodyText: string;
  topics: string[];
  communities: string[];
  emittingUnitId: string;
  forAction: string[];
  forInformation: string[];
  priority: PublishedPublication['publication']['priority'];
  country: string | null;
  publishedAt: string;
  /** Newer versions replace older ones; an older one arriving late changes nothing. */
  version: number;
  access: AccessDescriptor;
}

/** The document to index for a published publication; `occurredAt` stands in for a missing `publishedAt`. */
export function searchDocumentOf({ publication, access }: PublishedPublication, occurredAt: string): SearchDocument {
  return {
    id: publication.id,
    kind: publication.kind,
    reference: publication.reference,
    subject: publication.subject,
    summary: publication.summary,
    bodyText: htmlToText(publication.body),
    topics: publication.topics,
    communities: publication.communities,
    emittingUnitId: publication.emittingUnitId,
    forAction: publication.forAction,
    forInformation: publication.forInformation,
    priority: publication.priority,
    country: publication.country,
    publishedAt: publication.publishedAt ?? occurredAt,
    version: publication.version,
    access,
  };
}
