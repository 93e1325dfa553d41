import { z } from 'zod';

/** Stable, human-readable code of a unit (ministry, direction, service, post), e.g. `meae-deur-balkans`. */
export const UnitId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a unit code: lower-case letters, digits and dashes').max(80);
/** Slug of a community, e.g. `balkans`. */
export const CommunityId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a community code: lower-case letters, digits and dashes').max(80);
/** Slug of a topic of the catalogue, e.g. `union-europeenne`. */
export const TopicId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a topic code: lower-case letters, digits and dashes').max(80);
export const AgentId = z.uuid();
export const Login = z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'a login such as claire.moreau').max(100);
export const IsoDateTime = z.iso.datetime({ offset: true });

export const Classification = z.enum(['public', 'internal', 'restricted']);
export type Classification = z.infer<typeof Classification>;

export const Cursor = z.string().max(500);
export const PageRequest = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: Cursor.optional(),
});

/** A cursor-paginated list, as every list of the API is. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Cursors are opaque to clients: base64url JSON of the sort key of the last item. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: an unreadable cursor is a client error, reported below
  }
  throw new InvalidCursorError();
}
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API issued');
  }
}
