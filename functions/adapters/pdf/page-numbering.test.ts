/**
 * The page numbers drawn after layout (issue 21): numbered on from the self-numbered first
 * pages, with react-pdf's final page count, and a render fails rather than print a wrong one.
 */
import { describe, expect, it } from 'vitest';
import { PageNumbering } from './page-numbering';

describe('PageNumbering', () => {
  it('numbers the drawn pages on from the self-numbered ones with the final count', () => {
    const numbering = new PageNumbering();
    // Pagination calls the render-prop without the total, then once per page with it.
    expect(numbering.selfNumbered({ pageNumber: 1 })).toBe('Page 1 of 0');
    expect(numbering.selfNumbered({ pageNumber: 1, totalPages: 4 })).toBe('Page 1 of 4');
    expect([numbering.next(), numbering.next(), numbering.next()]).toEqual(['Page 2 of 4', 'Page 3 of 4', 'Page 4 of 4']);
    expect(() => numbering.check()).not.toThrow();
  });

  it('continues after a first Page that overflowed onto a second page', () => {
    const numbering = new PageNumbering();
    numbering.selfNumbered({ pageNumber: 1, totalPages: 3 });
    numbering.selfNumbered({ pageNumber: 2, totalPages: 3 });
    expect(numbering.next()).toBe('Page 3 of 3');
    expect(() => numbering.check()).not.toThrow();
  });

  it('refuses to draw before the page count is known', () => {
    const numbering = new PageNumbering();
    numbering.selfNumbered({ pageNumber: 1 });
    expect(() => numbering.next()).toThrow(/not known/);
  });

  it('fails the check when a page went unnumbered or was numbered twice', () => {
    const short = new PageNumbering();
    short.selfNumbered({ pageNumber: 1, totalPages: 3 });
    short.next();
    expect(() => short.check()).toThrow(/1 \+ 1 pages numbered, 3 pages laid out/);
    const long = new PageNumbering();
    long.selfNumbered({ pageNumber: 1, totalPages: 2 });
    long.next();
    long.next();
    expect(() => long.check()).toThrow(/1 \+ 2 pages numbered, 2 pages laid out/);
    expect(() => new PageNumbering().check()).toThrow(/unknown/);
  });
});
