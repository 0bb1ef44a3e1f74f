// Pure functions that turn a report into what the page lays out; no DOM here, so Node tests them.

/** Whether a paragraph belongs to no pair. */
const unpaired = (paragraph) => paragraph.pair === null || paragraph.pair === undefined;

/**
 * Lays the report out as rows in reading order: each pair where its first source paragraph
 * stands, unpaired source paragraphs in place, and unpaired target paragraphs just before the
 * first in-order pair that follows them (or at the end).
 * Each row is {kind, pair, source: [indices], target: [indices]}; `kind` is `matched` or
 * `moved` for pairs, else the paragraph's status (`dropped`, `added`, `noise`, `outside`).
 */
export function layoutRows(report) {
  const rows = [];
  const shownPairs = new Set();
  const targetParagraphs = report.target.paragraphs;
  let nextTarget = 0;
  const flushTargetsBefore = (end) => {
    for (; nextTarget < end; nextTarget++) {
      const paragraph = targetParagraphs[nextTarget];
      if (unpaired(paragraph)) rows.push({ kind: paragraph.status, pair: null, source: [], target: [nextTarget] });
    }
  };
  const showPair = (index) => {
    const pair = report.pairs[index];
    shownPairs.add(index);
    if (!pair.moved && pair.target.length) flushTargetsBefore(Math.min(...pair.target));
    rows.push({ kind: pair.moved ? 'moved' : 'matched', pair, source: pair.source, target: pair.target });
  };
  report.source.paragraphs.forEach((paragraph, index) => {
    if (unpaired(paragraph)) {
      rows.push({ kind: paragraph.status, pair: null, source: [index], target: [] });
    } else if (!shownPairs.has(paragraph.pair)) {
      showPair(paragraph.pair);
    }
  });
  report.pairs.forEach((_, index) => shownPairs.has(index) || showPair(index));
  flushTargetsBefore(targetParagraphs.length);
  return rows;
}

/** Rows a reviewer should look at: dropped, added and moved paragraphs, and pairs with flags. */
export function isProblem(row) {
  return ['dropped', 'added', 'moved'].includes(row.kind) || (row.pair?.flags.length ?? 0) > 0;
}

/**
 * Cuts `text` at the ranges' UTF-16 boundaries (JS string indices, clamped to the text) into
 * consecutive pieces {text, ranges}, where `ranges` lists the ranges covering that piece.
 * Ranges are objects with `start` and `end`; empty ones are ignored.
 */
export function cutAtRanges(text, ranges) {
  const clamp = (offset) => Math.max(0, Math.min(text.length, offset));
  const kept = ranges
    .map((range) => ({ range, start: clamp(range.start), end: clamp(range.end) }))
    .filter(({ start, end }) => start < end);
  const cuts = [...new Set([0, text.length, ...kept.flatMap(({ start, end }) => [start, end])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const covering = kept.filter((k) => k.start <= start && k.end >= end).map((k) => k.range);
    pieces.push({ text: text.slice(start, end), ranges: covering });
  }
  return pieces;
}
