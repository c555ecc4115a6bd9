import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { curvesCsv, csvCell, resultsCsv, resultsFiles, timelineCsv } from './resultsCsv';
import { crc32, zipFiles } from './zip';

const figures = {
  trainLoss: 0.5,
  trainAccuracy: 0.75,
  testLoss: 0.625,
  testAccuracy: 0.8,
  sparsity: 0.38690476190476186,
  exact: true,
};

describe('Export results: CSV', () => {
  it('quotes only the cells that need it', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Target 90%, per layer')).toBe('"Target 90%, per layer"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
  });

  it('writes the Results table a line per stage, full precision, empty cells for a stage not yet reached', () => {
    const text = resultsCsv({ 'Before pruning': figures, 'After pruning': null, 'After fine-tuning': null });
    expect(text).toBe(
      'Stage,Train loss,Train accuracy,Test loss,Test accuracy,Sparsity,Exact\n' +
        'Before pruning,0.5,0.75,0.625,0.8,0.38690476190476186,true\nAfter pruning\nAfter fine-tuning\n',
    );
  });

  it('writes the timeline and every curve so that a CSV reader gets the numbers back', () => {
    const timeline = timelineCsv([
      { step: 0, phase: 'Train', label: 'epoch 1', accuracy: 0.5, trainAccuracy: 0.6, loss: 0.7, sparsity: 0 },
      {
        step: 1,
        phase: 'Prune',
        label: 'threshold 0.1, per layer',
        accuracy: 0.4,
        trainAccuracy: 0.5,
        loss: 0.8,
        sparsity: 0.3,
      },
    ]);
    const parsed = Papa.parse<string[]>(timeline, { skipEmptyLines: true }).data;
    expect(parsed[2]).toEqual(['1', 'Prune', 'threshold 0.1, per layer', '0.4', '0.5', '0.8', '0.3']);
    const curves = curvesCsv([
      {
        id: 1,
        kind: 'one-shot',
        label: 'One-shot · Per layer',
        points: [{ sparsity: 0.1, accuracy: 0.9, label: 'target 10%' }],
      },
      {
        id: 2,
        kind: 'iterative',
        label: 'Iterative, "3 rounds"',
        points: [
          { sparsity: 0.5, accuracy: 0.8, label: 'round 1' },
          { sparsity: 0.75, accuracy: 0.7, label: 'round 2' },
        ],
      },
    ]);
    const rows = Papa.parse<string[]>(curves, { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(4);
    expect(rows[3]).toEqual(['2', 'iterative', 'Iterative, "3 rounds"', 'round 2', '0.75', '0.7']);
  });
});

describe('Export results: the zip', () => {
  it('has the CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('holds every file whole, as the central directory says, and unzip reads it', () => {
    const files = resultsFiles({
      results: { 'Before pruning': figures, 'After pruning': figures, 'After fine-tuning': null },
      timeline: [],
      curves: [],
      sensitivity: [],
      link: '?v=1&data=spiral',
      settings: { version: 1, dataset: 'spiral' },
      about: 'Spiral; cpu',
    });
    const zip = zipFiles(files, new Date(2026, 11, 2, 5, 30, 0));
    const view = new DataView(zip.buffer);
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(files.length);
    let at = view.getUint32(end + 16, true);
    const decoder = new TextDecoder();
    for (const file of files) {
      expect(view.getUint32(at, true)).toBe(0x02014b50);
      const nameLength = view.getUint16(at + 28, true);
      expect(decoder.decode(zip.subarray(at + 46, at + 46 + nameLength))).toBe(file.name);
      const local = view.getUint32(at + 42, true);
      const size = view.getUint32(local + 18, true);
      const start = local + 30 + view.getUint16(local + 26, true);
      const data = zip.subarray(start, start + size);
      expect(decoder.decode(data)).toBe(file.content);
      expect(view.getUint32(at + 16, true)).toBe(crc32(data));
      at += 46 + nameLength;
    }
    let unzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      unzip = false;
    }
    if (unzip) {
      const path = join(mkdtempSync(join(tmpdir(), 'zip-')), 'results.zip');
      writeFileSync(path, zip);
      expect(execFileSync('unzip', ['-t', path]).toString()).toContain('No errors detected');
      expect(execFileSync('unzip', ['-p', path, 'results.csv']).toString()).toBe(files[0].content);
    }
  });
});
