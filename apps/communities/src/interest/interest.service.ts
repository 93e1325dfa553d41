import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { actorOf, AppError, ErrorCode, FollowInterest, Interests, Principal, Topic, ValidationIssue } from '@diplomatie/contracts';
import { maySee } from '../community/community.service';
import { InterestRepository, InterestWriter } from './interest.repository';

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
type Account = Extract<Principal, { kind: 'agent' | 'partner' }>;

/** Centres d'intérêt: what an account follows, feeding the *centres d'intérêt* part of its journal. */
@Injectable()
export class InterestService {
  constructor(private readonly repository: InterestRepository) {}

  get(principal: Principal): Promise<Interests> {
    return this.repository.interests(accountOf(principal).id);
  }

  topics(): Promise<{ items: Topic[] }> {
    // French collation: "Énergie" files under E, not after Z.
    return this.repository.topics().then((items) => ({ items: items.sort((a, b) => collator.compare(a.label, b.label)) }));
  }

  set(principal: Principal, wanted: Interests): Promise<Interests> {
    const me = accountOf(principal);
    return this.change(me, async () => ({ topics: unique(wanted.topics), communities: unique(wanted.communities) }));
  }

  follow(principal: Principal, request: z.output<typeof FollowInterest>): Promise<Interests> {
    const me = accountOf(principal);
    return this.change(me, async (current) => {
      const key = request.kind === 'topic' ? 'topics' : 'communities';
      const rest = current[key].filter((id) => id !== request.id);
      return { ...current, [key]: request.follow ? [...rest, request.id] : rest };
    });
  }

  /** Validates the next interests, writes them, and tells the replicas when anything changed. */
  private change(me: Account, next: (current: Interests) => Promise<Interests>): Promise<Interests> {
    return this.repository.transaction(async (tx) => {
      await tx.lockAccount(me.id);
      const current = await tx.interests(me.id);
      const wanted = await next(current);
      const issues = await invalidEntries(tx, me, wanted, current);
      if (issues.length > 0) throw new AppError(ErrorCode.ValidationFailed, `invalid interests: ${issues.map((i) => i.message).join('; ')}`, issues);
      const before = await tx.snapshot(me.id);
      await tx.replace(me.id, wanted);
      const after = await tx.snapshot(me.id);
      if (after && JSON.stringify(before) !== JSON.stringify(after)) await tx.agentChanged(after, actorOf(me));
      return tx.interests(me.id);
    });
  }
}

/**
 * New entries only (one already followed stays, even if its community turned invisible since).
 * Unknown topics and communities the caller may not see are reported alike: following never reveals a secret community.
 */
async function invalidEntries(tx: InterestWriter, me: Account, wanted: Interests, current: Interests): Promise<ValidationIssue[]> {
  const topics = await tx.knownTopics(wanted.topics);
  const visible = new Set((await tx.communities(wanted.communities, me.id)).filter((c) => maySee(me, c, c.standing)).map((c) => c.id));
  const ok = (known: Set<string>, already: string[]) => (id: string) => known.has(id) || already.includes(id);
  const topicOk = ok(topics, current.topics);
  const communityOk = ok(visible, current.communities);
  return [
    ...wanted.topics.flatMap((id, i) => (topicOk(id) ? [] : [{ path: `topics.${i}`, message: `unknown topic "${id}"` }])),
    ...wanted.communities.flatMap((id, i) => (communityOk(id) ? [] : [{ path: `communities.${i}`, message: `unknown community "${id}"` }])),
  ];
}

function accountOf(principal: Principal): Account {
  if (principal.kind === 'service') throw new AppError(ErrorCode.Forbidden, 'a service has no centres d\'intérêt');
  return principal;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
