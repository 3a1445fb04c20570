/**
 * The visual comparison's tolerance on made-up images: identical images match, thin
 * scattered noise passes, and a small dense change (a control moved a few pixels) or a
 * different size fails.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { compareScreenshots, describeComparison } from './visual-diff';

const WIDTH = 200;
const HEIGHT = 120;

/** A white page with a dark 12×12 "radio" at (x, y), and optional single-pixel specks. */
function page(radio: { x: number; y: number }, specks: [number, number][] = []): Buffer {
  const png = new PNG({ width: WIDTH, height: HEIGHT });
  png.data.fill(255);
  const paint = (x: number, y: number) => {
    const i = (y * WIDTH + x) * 4;
    png.data[i] = 20;
    png.data[i + 1] = 30;
    png.data[i + 2] = 40;
  };
  for (let y = radio.y; y < radio.y + 12; y++) for (let x = radio.x; x < radio.x + 12; x++) paint(x, y);
  for (const [x, y] of specks) paint(x, y);
  return PNG.sync.write(png);
}

describe('compareScreenshots', () => {
  it('finds nothing between identical images', () => {
    const result = compareScreenshots(page({ x: 20, y: 20 }), page({ x: 20, y: 20 }));
    expect(result).toMatchObject({ kind: 'pixels', differing: 0, worstWindow: 0, within: true });
  });

  it('lets a few scattered pixels through', () => {
    const specks: [number, number][] = [
      [150, 10],
      [60, 100],
      [190, 70],
    ];
    const result = compareScreenshots(page({ x: 20, y: 20 }), page({ x: 20, y: 20 }, specks));
    expect(result).toMatchObject({ kind: 'pixels', differing: 3, worstWindow: 1, within: true });
  });

  it('fails a control moved by four pixels, and says by how much', () => {
    const result = compareScreenshots(page({ x: 20, y: 20 }), page({ x: 20, y: 24 }));
    expect(result.kind).toBe('pixels');
    if (result.kind !== 'pixels') return;
    expect(result.differing).toBe(96);
    expect(result.worstWindow).toBeGreaterThan(48);
    expect(result.within).toBe(false);
    expect(describeComparison('access-375', result)).toMatch(/^access-375: 96 px differ \(0\.400% of 200×120; at most 0\.20%\), \d+ in the worst 24×24 window/);
  });

  it('fails on a different size without comparing pixels', () => {
    const taller = new PNG({ width: WIDTH, height: HEIGHT + 1 });
    const result = compareScreenshots(page({ x: 20, y: 20 }), PNG.sync.write(taller));
    expect(result).toEqual({ kind: 'size', baseline: { width: WIDTH, height: HEIGHT }, actual: { width: WIDTH, height: HEIGHT + 1 } });
  });
});
