import { z } from 'zod';
import { AgentId, Classification, CommunityId, UnitId } from './common';

export const PublicationStatus = z.enum(['draft', 'published', 'withdrawn']);
export type PublicationStatus = z.infer<typeof PublicationStatus>;

/**
 * What the access policy needs to know of a document. Computed by its owner (publications)
 * and carried in events, so that every projection (journal, search) filters the same way.
 */
export const AccessDescriptor = z.object({
  classification: Classification,
  status: PublicationStatus,
  authorId: AgentId,
  /** Emitting unit, units pour action and pour information. */
  units: z.array(UnitId),
  communities: z.array(CommunityId),
  /** Agents named individually (co-authors, named readers). */
  agents: z.array(AgentId),
  /** When non-empty, `public`/`internal` content is limited to agents of these ministries. */
  ministries: z.array(UnitId),
  /** Whether external partners may see it (only ever for `public`). */
  partners: z.boolean(),
});
export type AccessDescriptor = z.infer<typeof AccessDescriptor>;
