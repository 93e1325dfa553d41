import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** What an action records; `seq` starts at 1 and has no gap. */
export interface AuditFields {
  seq: number;
  action: string;
  actorId: string;
  at: string;
  data: Record<string, unknown>;
}

export interface ChainedEntry extends AuditFields {
  prevHash: string;
  hash: string;
  /** base64 signature of the hash by the service key. */
  signature: string;
}

/** JSON with keys sorted at every level: the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(prevHash: string, fields: AuditFields): string {
  const { seq, action, actorId, at, data } = fields;
  return createHash('sha256').update(`${prevHash}\n${canonicalJson({ seq, action, actorId, at, data })}`).digest('hex');
}

/** Links `fields` after the entry whose hash is `prevHash`, signed with `sign`. */
export function chainEntry(prevHash: string, fields: AuditFields, sign: (hash: string) => string): ChainedEntry {
  const hash = entryHash(prevHash, fields);
  return { ...fields, prevHash, hash, signature: sign(hash) };
}

export interface TrailProblem {
  seq: number | null;
  problem: string;
}

/**
 * Checks a trail as stored: every entry in sequence, linked to the one before, hashing to what it
 * claims and signed by the service; and the last one being the head the circuit recorded (so that
 * dropping the newest entries is caught too).
 */
export function verifyTrail(
  entries: readonly ChainedEntry[],
  head: { hash: string; length: number },
  verifySignature: (hash: string, signature: string) => boolean,
): TrailProblem[] {
  const problems: TrailProblem[] = [];
  let prevHash = GENESIS_HASH;
  entries.forEach((entry, i) => {
    if (entry.seq !== i + 1) problems.push({ seq: entry.seq, problem: `entry ${entry.seq} found at position ${i + 1}: an entry was removed or reordered` });
    if (entry.prevHash !== prevHash) problems.push({ seq: entry.seq, problem: 'does not link to the entry before it' });
    if (entryHash(entry.prevHash, entry) !== entry.hash) problems.push({ seq: entry.seq, problem: 'content does not match its hash: altered' });
    else if (!verifySignature(entry.hash, entry.signature)) problems.push({ seq: entry.seq, problem: 'service signature does not verify' });
    prevHash = entry.hash;
  });
  if (entries.length !== head.length || prevHash !== (head.length === 0 ? GENESIS_HASH : head.hash)) {
    problems.push({ seq: null, problem: `the trail ends at ${entries.length} entries but the circuit recorded ${head.length}: entries were removed` });
  }
  return problems;
}
