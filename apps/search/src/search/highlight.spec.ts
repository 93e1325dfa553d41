import { MARK_END, MARK_START, renderHighlight } from './highlight';

describe(renderHighlight.name, () => {
  const sut = renderHighlight;

  it('wraps the matched words in <mark>', () => {
    expect(sut(`l’enlisement des ${MARK_START}négociations${MARK_END} nourrit`)).toBe('l’enlisement des <mark>négociations</mark> nourrit');
  });

  it('escapes the text so that only <mark> is markup', () => {
    expect(sut(`<img src=x onerror="alert('x')"> & ${MARK_START}Serbie${MARK_END}`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; <mark>Serbie</mark>',
    );
  });
});
