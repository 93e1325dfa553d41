import { z } from 'zod';
import { validationError, validationIssues } from './errors';

describe(validationIssues.name, () => {
  const sut = z.strictObject({ subject: z.string().min(3), recipient: z.strictObject({ name: z.string() }) });

  it('names each wrong field by its path', () => {
    const result = sut.safeParse({ subject: 'x', recipient: { name: 7 } });
    expect(result.success || validationIssues(result.error).map((i) => i.path)).toEqual(['subject', 'recipient.name']);
  });

  it('reports an unknown field at the field itself', () => {
    const result = sut.safeParse({ subject: 'Objet', recipient: { name: 'Préfecture', fax: '01' }, secret: true });
    expect(result.success || validationIssues(result.error)).toEqual([
      { path: 'recipient.fax', message: 'unknown field' },
      { path: 'secret', message: 'unknown field' },
    ]);
  });

  it('summarises the issues in the error message', () => {
    const result = sut.safeParse({ subject: 'x', recipient: { name: 'A' } });
    expect(result.success || validationError(result.error).message).toMatch(/^invalid request: subject: /);
  });
});
