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

export const styles = StyleSheet.create({
  // No lineHeight on the Page: there it stops react-pdf 4.9 from drawing render-prop
  // text (the page numbers) at all, and inherited through a View it is misread.
  page: { paddingTop: 40, paddingHorizontal: 44, paddingBottom: 56, fontSize: 9.5, color: grey.ink },
  eyebrow: { fontSize: 8, color: grey.muted, textTransform: 'uppercase' },
  title: { fontSize: 22, fontWeight: 'bold', lineHeight: 1.2, marginTop: 4 },
  subtitle: { fontSize: 10.5, color: grey.muted, marginTop: 4 },
  h2: { fontSize: 13, fontWeight: 'bold', marginBottom: 6 },
  small: { fontSize: 8, color: grey.muted },
  bold: { fontWeight: 'bold' },
  section: { marginTop: 18 },
  metaRow: { flexDirection: 'row', marginBottom: 3 },
  metaLabel: { width: 88, color: grey.muted },
  metaValue: { flex: 1 },
  rule: { borderBottomWidth: 0.75, borderBottomColor: grey.rule },
  footer: {
    position: 'absolute',
    bottom: 24,
    left: 44,
    right: 44,
    fontSize: 7.5,
    color: grey.muted,
    borderTopWidth: 0.5,
    borderTopColor: grey.rule,
    paddingTop: 5,
  },
  pageNumber: { position: 'absolute', bottom: 24, right: 44, width: 120, textAlign: 'right', fontSize: 7.5, color: grey.muted },
});
