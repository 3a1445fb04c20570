/**
 * "Page N of M" on every page without a react-pdf render-prop on every page (issue 21).
 *
 * A render-prop makes react-pdf 4.9 lay its whole Page out again before every cut and every
 * page once more at the end: about a sixth of a report's render. So only the first Page (the
 * cover) numbers itself with a render-prop; react-pdf calls it after pagination with the final
 * page count. Every later page carries a fixed Canvas whose paint function react-pdf calls
 * once per page, in page order, when it draws the laid-out document; it prints the next number.
 * `check()` after the render makes the numbering exact or the render fails: every page
 * numbered once, the last one M.
 */
export class PageNumbering {
  private total: number | undefined;
  /** The last page numbered by the render-prop (the cover is one page, unless it overflows). */
  private lastSelfNumbered = 0;
  private painted = 0;

  /** The render-prop of the first Page's number. */
  readonly selfNumbered = ({ pageNumber, totalPages }: { pageNumber: number; totalPages?: number }): string => {
    // react-pdf calls it once per cut without the total, then once per page with it.
    if (totalPages !== undefined) {
      this.total = totalPages;
      this.lastSelfNumbered = Math.max(this.lastSelfNumbered, pageNumber);
    }
    return pageLabel(pageNumber, totalPages ?? 0);
  };

  /** The label of the next page drawn after the self-numbered ones. */
  next(): string {
    if (this.total === undefined) throw new Error('Page numbers: the page count is not known before drawing');
    this.painted += 1;
    return pageLabel(this.lastSelfNumbered + this.painted, this.total);
  }

  /** Throws unless every page of the document got exactly one number. */
  check(): void {
    if (this.total === undefined || this.lastSelfNumbered + this.painted !== this.total) {
      throw new Error(`Page numbers: ${this.lastSelfNumbered} + ${this.painted} pages numbered, ${this.total ?? 'unknown'} pages laid out`);
    }
  }
}

export const pageLabel = (pageNumber: number, totalPages: number) => `Page ${pageNumber} of ${totalPages}`;
