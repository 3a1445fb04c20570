/** The part of fontkit (installed with @react-pdf/font, which embeds fonts with it) that the report uses. */
declare module 'fontkit' {
  export function openSync(path: string): { hasGlyphForCodePoint(codePoint: number): boolean };
}
