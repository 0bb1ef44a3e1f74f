// The page's row layout and highlighting (www/layout.js), on small hand-made reports.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cutAtRanges, isProblem, layoutRows } from '../../www/layout.js';

/** A report with the given paragraph statuses and pairs (pair indices are filled in). */
function report(sourceStatuses, targetStatuses, pairs) {
  const side = (statuses, key) => ({
    paragraphs: statuses.map((status, index) => {
      const pair = pairs.findIndex((p) => p[key].includes(index));
      return { text: `${key} ${index}`, status, pair: pair < 0 ? null : pair };
    }),
  });
  return {
    source: side(sourceStatuses, 'source'),
    target: side(targetStatuses, 'target'),
    pairs: pairs.map((p) => ({ moved: false, flags: [], ...p })),
  };
}

const shape = (rows) => rows.map((row) => `${row.kind}:${row.source.join('+')}|${row.target.join('+')}`);

describe('layoutRows', () => {
  test('pairs face each other, dropped and added paragraphs face nothing', () => {
    const r = report(['matched', 'dropped', 'matched'], ['matched', 'added', 'matched'], [
      { source: [0], target: [0] },
      { source: [2], target: [2] },
    ]);
    assert.deepEqual(shape(layoutRows(r)), ['matched:0|0', 'dropped:1|', 'added:|1', 'matched:2|2']);
  });

  test('a pair may hold several paragraphs on either side, shown once', () => {
    const r = report(['matched', 'matched', 'matched'], ['matched', 'matched'], [
      { source: [0, 1], target: [0] },
      { source: [2], target: [1] },
    ]);
    assert.deepEqual(shape(layoutRows(r)), ['matched:0+1|0', 'matched:2|1']);
  });

  test('moved pairs stand in source order and do not pull added paragraphs forward', () => {
    const r = report(['moved', 'matched'], ['added', 'matched', 'moved'], [
      { source: [0], target: [2], moved: true },
      { source: [1], target: [1] },
    ]);
    assert.deepEqual(shape(layoutRows(r)), ['moved:0|2', 'added:|0', 'matched:1|1']);
  });

  test('trailing target paragraphs and noise come last, in order', () => {
    const r = report(['matched', 'noise'], ['matched', 'added', 'outside'], [{ source: [0], target: [0] }]);
    assert.deepEqual(shape(layoutRows(r)), ['matched:0|0', 'noise:1|', 'added:|1', 'outside:|2']);
  });

  test('an empty report has no rows', () => {
    assert.deepEqual(layoutRows(report([], [], [])), []);
  });
});

describe('cutAtRanges', () => {
  test('cuts at UTF-16 offsets and lists the covering ranges', () => {
    const a = { start: 4, end: 9 };
    const b = { start: 6, end: 12 };
    const pieces = cutAtRanges('The 2,000 men', [a, b]);
    assert.deepEqual(pieces.map((p) => p.text), ['The ', '2,', '000', ' me', 'n']);
    assert.deepEqual(pieces.map((p) => p.ranges.length), [0, 1, 2, 1, 0]);
  });

  test('offsets count UTF-16 units, so astral characters take two', () => {
    const pieces = cutAtRanges('a😀b', [{ start: 1, end: 3 }]);
    assert.deepEqual(pieces.map((p) => p.text), ['a', '😀', 'b']);
  });

  test('clamps ranges to the text and drops empty ones', () => {
    const pieces = cutAtRanges('abc', [{ start: 2, end: 99 }, { start: 1, end: 1 }]);
    assert.deepEqual(pieces.map((p) => [p.text, p.ranges.length]), [['ab', 0], ['c', 1]]);
  });
});

describe('isProblem', () => {
  test('dropped, added, moved and flagged rows are problems; clean pairs and furniture are not', () => {
    const flag = { kind: 'number_mismatch', message: 'x', source: [], target: [] };
    const row = (kind, flags = []) => ({ kind, pair: kind === 'matched' || kind === 'moved' ? { flags } : null });
    assert.deepEqual(
      ['dropped', 'added', 'moved', 'matched', 'noise', 'outside'].map((kind) => isProblem(row(kind))),
      [true, true, true, false, false, false]);
    assert.equal(isProblem(row('matched', [flag])), true);
  });
});
