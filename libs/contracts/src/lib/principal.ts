import { z } from 'zod';
import { AgentId, CommunityId, Login, TopicId, UnitId } from './common';

/** An agent of a participating administration, with everything access decisions need. */
export const AgentPrincipal = z.object({
  kind: z.literal('agent'),
  id: AgentId,
  login: Login,
  displayName: z.string(),
  /** Ministries the agent's units belong to. */
  ministries: z.array(UnitId),
  /** Units the agent belongs to directly. */
  units: z.array(UnitId),
  /** Units the agent heads. */
  headOf: z.array(UnitId),
  /** Units below the ones the agent heads (the hierarchy a head oversees). */
  supervisedUnits: z.array(UnitId),
  communities: z.array(CommunityId),
  topics: z.array(TopicId),
  roles: z.array(z.enum(['admin'])),
});
export type AgentPrincipal = z.infer<typeof AgentPrincipal>;

/** A member of an external partner organisation (company, NGO, press). */
export const PartnerPrincipal = z.object({
  kind: z.literal('partner'),
  id: AgentId,
  login: Login,
  displayName: z.string(),
  organisationId: z.string(),
  /** Whether the partner accepted the current version of the security charter (nothing is served until then). */
  charterAccepted: z.boolean(),
  /** The current version of the charter, and the one the partner last accepted (null: never). */
  charterVersion: z.number().int().positive().optional(),
  charterVersionAccepted: z.number().int().positive().nullable().optional(),
  communities: z.array(CommunityId),
  topics: z.array(TopicId),
});
export type PartnerPrincipal = z.infer<typeof PartnerPrincipal>;

/** A back-end service or tool acting on its own behalf (seed, reindex, another service). */
export const ServicePrincipal = z.object({
  kind: z.literal('service'),
  id: z.string().min(1),
  name: z.string().min(1),
});
export type ServicePrincipal = z.infer<typeof ServicePrincipal>;

export const Principal = z.discriminatedUnion('kind', [AgentPrincipal, PartnerPrincipal, ServicePrincipal]);
export type Principal = z.infer<typeof Principal>;

/** Who did something, as recorded in events: enough to audit, no access data. */
export const Actor = z.object({ kind: z.enum(['agent', 'partner', 'service']), id: z.string() });
export type Actor = z.infer<typeof Actor>;
export function actorOf(principal: Principal): Actor {
  return { kind: principal.kind, id: principal.id };
}
