/** Repeated on every page: a header naming the organisation, the report id and the page number. */
import { Canvas } from '@react-pdf/renderer';
import { type LoadedFont, loadedRegularFont } from './fonts';
import type { PageNumbering } from './page-numbering';
import { grey, styles } from './styles';
import { Text } from './text';

export function PageHeader({ organisation, questionnaire }: { organisation: string; questionnaire: string }) {
  return (
    // One Text carrying the header's box and rule: every page lays it out again, so one node, not two.
    // One line whatever the name's length: the cover prints it whole.
    <Text style={styles.header} fixed>
      {organisation} · {questionnaire}
    </Text>
  );
}

/** Painter methods of a react-pdf Canvas (pdfkit's, chained) that the page number uses. */
interface Painter {
  font(font: LoadedFont, size: number): Painter;
  fillColor(color: string): Painter;
  text(text: string, x: number, y: number, options: { lineBreak: boolean }): Painter;
}

const NUMBER_SIZE = styles.pageNumber.fontSize as number;

/**
 * Draws `label` right-aligned on the baseline where react-pdf sets the Text of `styles.pageNumber`:
 * the canvas shares that Text's right and bottom edges, and a line's baseline is its ascent
 * below its top.
 */
function drawNumber(painter: Painter, width: number, height: number, label: string, font: LoadedFont) {
  const scale = NUMBER_SIZE / font.unitsPerEm;
  const lineTop = height - (font.ascent - font.descent + font.lineGap) * scale;
  const x = width - font.layout(label).advanceWidth * scale;
  painter.font(font, NUMBER_SIZE).fillColor(grey.muted).text(label, x, lineTop, { lineBreak: false });
  // react-pdf's Canvas type wants null back.
  return null;
}

/**
 * `selfNumbered`: the first Page's footer, numbered by react-pdf's render-prop (which learns the
 * page count); every other page's number is drawn after layout (page-numbering.ts).
 */
export function PageFooter({
  reportId,
  numbering,
  fontFamily,
  selfNumbered = false,
}: {
  reportId: string;
  numbering: PageNumbering;
  fontFamily: string;
  selfNumbered?: boolean;
}) {
  return (
    <>
      <Text style={styles.footer} fixed>
        Agent Identity Maturity · report {reportId}
      </Text>
      {/* A page-number Text nested in a View renders nothing in react-pdf 4.9 (its
          content is filled in after layout), so it is positioned on the page itself. */}
      {selfNumbered ? (
        <Text style={styles.pageNumber} fixed render={numbering.selfNumbered} />
      ) : (
        <Canvas
          style={styles.pageNumberCanvas}
          fixed
          paint={(painter: Painter, width: number, height: number) => drawNumber(painter, width, height, numbering.next(), loadedRegularFont(fontFamily))}
        />
      )}
    </>
  );
}
