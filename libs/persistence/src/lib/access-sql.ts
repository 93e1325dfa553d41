import { AccessScope } from '@diplomatie/auth';

/**
 * Positional parameters for hand-written SQL: the returned function appends a value to `params`
 * and gives its placeholder (`$3`), so that fragments built separately number consistently.
 */
export function sqlParam(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * The access scope as a SQL predicate over the standard access columns every projection keeps:
 * `classification`, `status`, `author_id`, `access_units`, `access_communities`,
 * `access_agents`, `access_ministries` (text arrays) and `partners` (boolean).
 * Parameters are appended to `params`; the predicate refers to them by position.
 */
export function accessPredicate(scope: AccessScope, alias: string, params: unknown[]): string {
  const col = (name: string) => `${alias}.${name}`;
  const param = sqlParam(params);
  switch (scope.kind) {
    case 'everything':
      return 'TRUE';
    case 'nothing':
      return 'FALSE';
    case 'partner':
      return `(${col('status')} = 'published' AND ${col('classification')} = 'public' AND ${col('partners')})`;
    case 'agent': {
      const me = param(scope.agentId);
      const units = param(scope.units);
      const communities = param(scope.communities);
      const ministries = param(scope.ministries);
      return `(
        ${col('author_id')} = ${me}::uuid OR ${col('access_agents')} @> ARRAY[${me}]::text[]
        OR (${col('status')} = 'published' AND (
          (${col('classification')} = 'restricted' AND (${col('access_units')} && ${units}::text[] OR ${col('access_communities')} && ${communities}::text[]))
          OR (${col('classification')} <> 'restricted' AND (cardinality(${col('access_ministries')}) = 0 OR ${col('access_ministries')} && ${ministries}::text[] OR ${col('access_units')} && ${units}::text[]))
        ))
      )`;
    }
  }
}

/** DDL of the access columns, so that every projection declares them the same way. */
export const accessColumnsDdl = `
  classification text NOT NULL,
  status text NOT NULL,
  author_id uuid NOT NULL,
  access_units text[] NOT NULL DEFAULT '{}',
  access_communities text[] NOT NULL DEFAULT '{}',
  access_agents text[] NOT NULL DEFAULT '{}',
  access_ministries text[] NOT NULL DEFAULT '{}',
  partners boolean NOT NULL DEFAULT false`;
