// Helpers for the printed tables: quantiles, number formatting, Markdown-style tables.
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

export function printTable(header, table) {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  table.forEach((row) => console.log(line(row)));
}
