/** This service's own PostgreSQL schema: no other service reads its tables. */
export const SCHEMA = 'publications';
