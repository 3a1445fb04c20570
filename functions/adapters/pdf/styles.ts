/** One palette and one stylesheet. Greys only, so a black-and-white print reads the same. */
import { StyleSheet } from '@react-pdf/renderer';

export const grey = {
  ink: '#1a1a1a',
  strong: '#333333',
  muted: '#595959',
  rule: '#8c8c8c',
  band: '#cfcfcf',
  faint: '#f0f0f0',
} as const;

/** A4 width minus the side margins, in points. */
export const CONTENT_WIDTH = 595.28 - 2 * 44;

export const styles = StyleSheet.create({
  // No lineHeight on the Page: there it stops react-pdf 4.9 from drawing render-prop
  // text (the page numbers) at all, and inherited through a View it is misread.
  page: { paddingTop: 52, paddingHorizontal: 44, paddingBottom: 56, fontSize: 9.5, color: grey.ink },
  coverPage: { paddingTop: 72, paddingHorizontal: 44, paddingBottom: 56, fontSize: 9.5, color: grey.ink },
  eyebrow: { fontSize: 8, color: grey.muted, textTransform: 'uppercase' },
  // The right padding absorbs the 1–2 pt by which react-pdf lets large bold words overhang their box.
  title: { fontSize: 24, fontWeight: 'bold', lineHeight: 1.2, marginTop: 6, paddingRight: 6 },
  subtitle: { fontSize: 10.5, color: grey.muted, marginTop: 6 },
  h1: { fontSize: 17, fontWeight: 'bold', lineHeight: 1.25, marginBottom: 8 },
  h2: { fontSize: 12, fontWeight: 'bold', marginBottom: 5, marginTop: 14 },
  small: { fontSize: 8, color: grey.muted },
  bold: { fontWeight: 'bold' },
  // A unitless lineHeight is resolved against the Text's own fontSize, not the inherited one: set both.
  paragraph: { fontSize: 9.5, lineHeight: 1.35, marginBottom: 4 },
  section: { marginTop: 18 },
  metaRow: { flexDirection: 'row', marginBottom: 4 },
  metaLabel: { width: 100, color: grey.muted },
  metaValue: { flex: 1 },
  rule: { borderBottomWidth: 0.75, borderBottomColor: grey.rule },
  row: { flexDirection: 'row', paddingVertical: 4, borderBottomWidth: 0.5, borderBottomColor: grey.band },
  box: { borderWidth: 1, borderColor: grey.rule, padding: 10 },
  header: {
    position: 'absolute',
    top: 20,
    left: 44,
    right: 44,
    fontSize: 7.5,
    color: grey.muted,
    borderBottomWidth: 0.5,
    borderBottomColor: grey.rule,
    paddingBottom: 4,
    maxLines: 1,
    textOverflow: 'ellipsis',
  },
  footer: {
    position: 'absolute',
    bottom: 24,
    left: 44,
    right: 44,
    fontSize: 7.5,
    color: grey.muted,
    borderTopWidth: 0.5,
    borderTopColor: grey.rule,
    // A Text's lines start at its padding edge, not inside its border: 5 pt below the rule.
    paddingTop: 5.5,
    // The report id takes the left three quarters; the page number (pageNumber) sits on the right.
    paddingRight: CONTENT_WIDTH / 4,
    maxLines: 1,
    textOverflow: 'ellipsis',
  },
  pageNumber: { position: 'absolute', bottom: 24, right: 44, width: 120, textAlign: 'right', fontSize: 7.5, color: grey.muted },
  // Where the page number is drawn after layout (page-frame.tsx): the same right and bottom edges, taller than its line.
  pageNumberCanvas: { position: 'absolute', bottom: 24, right: 44, width: 120, height: 12 },
});
