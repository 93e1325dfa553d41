import { agentForTest, matrixDocuments as documents, matrixExpected as expected, matrixPrincipals as principals } from './access-matrix.fixture';
import { accessScope, canRead, scopeAllows } from './access-policy';

describe('access policy', () => {
  const cases = Object.keys(principals).flatMap((p) =>
    Object.keys(documents).map((d) => [p, d, expected[p].includes(d)] as const),
  );

  it.each(cases)('%s reading %s → %s', (p, d, allowed) => {
    expect(canRead(principals[p], documents[d])).toBe(allowed);
  });

  it.each(cases)('the scope filter agrees with canRead for %s reading %s', (p, d, allowed) => {
    expect(scopeAllows(accessScope(principals[p]), documents[d])).toBe(allowed);
  });

  it('an unrelated agent of the same ministry does not see restricted correspondence', () => {
    const sut = agentForTest('0190a000-0000-7000-8000-0000000000aa', 'agent.isole', { units: ['amb-washington'] });
    expect(canRead(sut, documents['restricted'])).toBe(false);
    expect(canRead(sut, documents['internal'])).toBe(true);
  });
});
