import { describe, expect, it } from 'vitest';
import { toDataset } from './csvData';
import { guessLabel, parseCsv, type CsvTable } from './csvParse';
import { MAX_CSV_BYTES } from './names';

/** The problem of a refused result, or '' when it was not refused. */
function problemOf(result: object): string {
  return 'problem' in result ? String(result.problem) : '';
}

function table(text: string, name = 'test.csv'): CsvTable {
  const result = parseCsv(name, text.length, text);
  if ('problem' in result) throw new Error(result.problem);
  return result.table;
}

/** `n` rows of two features and a class, as CSV lines. */
function rows(n: number, label = (i: number) => String(i % 2)): string {
  return Array.from({ length: n }, (_, i) => `${i / 10},${(n - i) / 10},${label(i)}`).join('\n');
}

describe('Open data: reading awkward CSV files', () => {
  it('reads quoted fields with commas and quotes inside, and a header', () => {
    const t = table('"width, cm","the ""height""",label\n"1.5","2",a\n3,"4",b\n');
    expect(t.header).toBe(true);
    expect(t.columns).toEqual(['width, cm', 'the "height"', 'label']);
    expect(t.rows).toEqual([
      ['1.5', '2', 'a'],
      ['3', '4', 'b'],
    ]);
  });

  it('ignores a BOM and trailing newlines; a file of numbers only has no header', () => {
    const t = table('\uFEFF1,2,0\n3,4,1\r\n\r\n\n');
    expect(t.header).toBe(false);
    expect(t.columns).toEqual(['column 1', 'column 2', 'column 3']);
    expect(t.rows).toHaveLength(2);
    expect(table('\uFEFFa,b\n1,2\n').columns).toEqual(['a', 'b']);
  });

  it('refuses an empty file, a single column, ragged lines and a file over the size limit, saying what it expected', () => {
    expect(parseCsv('e.csv', 0, '')).toEqual({
      problem: 'Expected rows of comma-separated values, but e.csv is empty.',
    });
    expect(problemOf(parseCsv('e.csv', 3, '\n\n\n'))).toContain('is empty');
    expect(problemOf(parseCsv('one.csv', 9, 'x\n1\n2\n'))).toContain('at least two columns');
    expect(parseCsv('r.csv', 14, 'a,b,c\n1,2,3\n4,5\n')).toEqual({
      problem: 'Expected 3 cells on every line, as on the first, but line 3 has 2.',
    });
    expect(problemOf(parseCsv('h.csv', 6, 'a,b,c\n'))).toContain('has none');
    // The size is checked before a byte is parsed.
    expect(parseCsv('big.csv', MAX_CSV_BYTES + 1, 'a,b\n1,2\n')).toEqual({
      problem: 'Expected a CSV file of at most 5 MB, but big.csv is 5.0 MB.',
    });
    expect(parseCsv('ok.csv', MAX_CSV_BYTES, 'a,b\n1,2\n')).toHaveProperty('table');
  });
});

describe('Open data: a table becomes a data set', () => {
  it('leaves out a text column and counts rows with missing or non-numeric values instead of dropping them silently', () => {
    const text = `name,x,z,label\n${Array.from({ length: 30 }, (_, i) => `p${i},${i},${i % 3 === 0 ? 'n/a' : 2 * i},${i % 2 ? 'yes' : 'no'}`).join('\n')}\nlast,,1,no\n`;
    const t = table(text);
    const result = toDataset(t, guessLabel(t), 1, 0.25);
    if ('problem' in result) throw new Error(result.problem);
    const { data } = result;
    expect(data.features).toEqual(['x', 'z']);
    expect(data.textColumns).toEqual(['name']);
    expect(data.classes).toEqual(['no', 'yes']);
    // Rows 0, 3, …, 27 have "n/a" (10 of them) and the last has an empty x.
    expect(data.skippedRows).toBe(11);
    expect(data.firstSkipped).toBe(2);
    expect(data.dataset.train.rows + data.dataset.test.rows).toBe(20);
    expect(data.dataset.test.rows).toBe(5);
    expect(data.dataset.features).toBe(2);
    expect(data.dataset.classes).toBe(2);
  });

  it('puts every row in exactly one split, with its own values, in a seeded order', () => {
    const t = table(`a,b,label\n${rows(40)}`);
    const one = toDataset(t, 2, 7, 0.25);
    const same = toDataset(t, 2, 7, 0.25);
    const other = toDataset(t, 2, 8, 0.25);
    if ('problem' in one || 'problem' in same || 'problem' in other) throw new Error('expected data');
    expect(same.data.dataset).toEqual(one.data.dataset);
    expect(other.data.dataset.train.x).not.toEqual(one.data.dataset.train.x);
    const { train, test } = one.data.dataset;
    const seen = [...train.x.filter((_, i) => i % 2 === 0), ...test.x.filter((_, i) => i % 2 === 0)].map((v) =>
      Math.round(v * 10),
    );
    expect(seen.sort((p, q) => p - q)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // Row i is (i/10, (40-i)/10) with class i % 2: the label travels with its row.
    for (let r = 0; r < train.rows; r++) expect(train.y[r]).toBe(Math.round(train.x[2 * r] * 10) % 2);
  });

  it('guesses the label column by its name, passing over one with too many values, else the last', () => {
    const middle = rows(30).replace(/^([^,]*),([^,]*),([^,]*)$/gm, '$1,$3,$2');
    expect(guessLabel(table(`a,Class,b\n${middle}`))).toBe(1);
    // "y" is often a coordinate: with 30 values it is not the label, the last column is.
    expect(guessLabel(table(`x,y,kind\n${rows(30)}`))).toBe(2);
    expect(guessLabel(table(`p,q,r\n${rows(30)}`))).toBe(2);
  });

  it('orders numeric classes as numbers, and refuses one class, too many, or too few rows', () => {
    const t = table(`a,b,label\n${rows(30, (i) => String([10, 2, 1][i % 3]))}`);
    const result = toDataset(t, 2, 1, 0.2);
    expect('data' in result && result.data.classes).toEqual(['1', '2', '10']);
    expect(toDataset(table(`a,b,c\n${rows(30, () => '1')}`), 2, 1, 0.2)).toEqual({
      problem: 'Expected at least two classes in the label column "c", but found 1.',
    });
    expect(problemOf(toDataset(table(`a,b,c\n${rows(30, (i) => `c${i}`)}`), 2, 1, 0.2))).toContain(
      'at most 20 classes',
    );
    expect(toDataset(table(`a,b,c\n${rows(10)}`), 2, 1, 0.2)).toEqual({
      problem: 'Expected at least 20 rows with every value filled in, but found 10.',
    });
    expect(
      problemOf(toDataset(table(`name,label\n${rows(30).replace(/^[^,]*,[^,]*,/gm, 'x,')}`), 1, 1, 0.2)),
    ).toContain('numeric column besides the label');
  });
});
