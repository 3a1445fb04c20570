/**
 * Compares a screenshot with its committed baseline, pixel by pixel (pixelmatch on PNGs
 * read with pngjs). Two limits make the tolerance: the share of all pixels that differ
 * (rendering noise is thin and scattered) and the most that differ within any one square
 * window (a real regression, such as a control moved by a few pixels, is dense and local).
 * Anti-aliased pixels are not counted; masked regions are painted one colour in both images
 * by the screenshot itself, so they match.
 */
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export interface VisualTolerance {
  /** Per-pixel colour distance under which two pixels are equal (pixelmatch `threshold`, 0–1). */
  colour: number;
  /** The most of all pixels that may differ, as a fraction. */
  share: number;
  /** Side of the square window, in pixels. */
  window: number;
  /** The most pixels that may differ within any one window. */
  perWindow: number;
}

export const DEFAULT_TOLERANCE: VisualTolerance = { colour: 0.1, share: 0.002, window: 24, perWindow: 48 };

export type VisualComparison =
  | { kind: 'size'; baseline: { width: number; height: number }; actual: { width: number; height: number } }
  | { kind: 'pixels'; width: number; height: number; differing: number; share: number; worstWindow: number; within: boolean; diff: Buffer };

export function compareScreenshots(baselinePng: Buffer, actualPng: Buffer, tolerance: VisualTolerance = DEFAULT_TOLERANCE): VisualComparison {
  const baseline = PNG.sync.read(baselinePng);
  const actual = PNG.sync.read(actualPng);
  if (baseline.width !== actual.width || baseline.height !== actual.height)
    return { kind: 'size', baseline: { width: baseline.width, height: baseline.height }, actual: { width: actual.width, height: actual.height } };
  const { width, height } = actual;
  const diff = new PNG({ width, height });
  const options = { threshold: tolerance.colour };
  const differing = pixelmatch(baseline.data, actual.data, diff.data, width, height, options);
  const worstWindow = differing === 0 ? 0 : pixelmatch(baseline.data, actual.data, null, width, height, { ...options, windowSize: tolerance.window });
  const share = differing / (width * height);
  return {
    kind: 'pixels',
    width,
    height,
    differing,
    share,
    worstWindow,
    within: share <= tolerance.share && worstWindow <= tolerance.perWindow,
    diff: PNG.sync.write(diff),
  };
}

/** One line for a test failure or a log: what differed and by how much. */
export function describeComparison(name: string, result: VisualComparison, tolerance: VisualTolerance = DEFAULT_TOLERANCE): string {
  if (result.kind === 'size')
    return `${name}: ${result.actual.width}×${result.actual.height} px, the baseline is ${result.baseline.width}×${result.baseline.height} px`;
  const percent = (result.share * 100).toFixed(3);
  return (
    `${name}: ${result.differing} px differ (${percent}% of ${result.width}×${result.height}; at most ${(tolerance.share * 100).toFixed(2)}%), ` +
    `${result.worstWindow} in the worst ${tolerance.window}×${tolerance.window} window (at most ${tolerance.perWindow})`
  );
}
