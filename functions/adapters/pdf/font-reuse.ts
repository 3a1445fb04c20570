/**
 * pdfkit 0.20.1 (react-pdf 4.9's) opens its font wrapper anew for every text run that react-pdf
 * draws with a font object: a new EmbeddedFont with its own subset, then the name table turned
 * into JSON twice to find that the document already has that font, which it then uses. The same
 * font object always ends as the same embedded font of a document, so this remembers it per
 * document and font object and skips the reopening (issue 21: a share of the report's drawing
 * time that grows with its number of text runs).
 */
import PDFDocument from 'pdfkit';

interface FontState {
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize(size: number): unknown;
}
type FontMethod = (this: FontState, src: unknown, family?: unknown, size?: number) => unknown;

const isFontObject = (src: unknown): src is object => typeof src === 'object' && src !== null && typeof (src as { layout?: unknown }).layout === 'function';
const embedded = new WeakMap<object, WeakMap<object, unknown>>();
let installed = false;

/** Makes `doc.font(fontObject, size)` reuse the document's embedded font for that object (once per process). */
export function reuseEmbeddedFonts(): void {
  if (installed) return;
  installed = true;
  const prototype = PDFDocument.prototype as unknown as { font: FontMethod };
  const open = prototype.font;
  prototype.font = function (this: FontState, src, family, size) {
    // pdfkit's own reading of the arguments: a number in place of the family is the size.
    if (!isFontObject(src) || (family != null && typeof family !== 'number')) return open.call(this, src, family, size);
    const fontSize = typeof family === 'number' ? family : size;
    const known = embedded.get(this)?.get(src);
    if (known === undefined) {
      const result = open.call(this, src, family, size);
      const byFont = embedded.get(this) ?? new WeakMap<object, unknown>();
      embedded.set(this, byFont);
      byFont.set(src, this._font);
      return result;
    }
    // What pdfkit does when it finds the font in its cache.
    this._fontSource = src;
    this._fontFamily = null;
    if (fontSize != null) this.fontSize(fontSize);
    this._font = known;
    return this;
  };
}
