/**
 * Huffman coding (Huffman 1952), the last stage of Deep Compression: the cluster indices and the
 * sparse gaps are far from uniform, so a prefix code gives the frequent symbols short codes.
 * Codes are canonical (DEFLATE's order: by length, then by symbol), so a code table is the code
 * length of each symbol and nothing else.
 */

/**
 * The Huffman code length of each symbol of `frequencies` (0 for a symbol that never occurs). The
 * two lightest subtrees merge first; of equal weights the one made first (a leaf before any
 * internal node, lower symbols first) goes first, so the lengths are the same on every run. One
 * occurring symbol gets length 1 (a code needs at least one bit).
 */
export function huffmanLengths(frequencies: readonly number[]): number[] {
  interface Node {
    weight: number;
    order: number;
    symbols: number[];
  }
  const lengths = frequencies.map(() => 0);
  let nodes: Node[] = [];
  frequencies.forEach((f, symbol) => {
    if (!(Number.isInteger(f) && f >= 0)) throw new Error(`Expected whole frequencies >= 0, but got ${f}`);
    if (f > 0) nodes.push({ weight: f, order: nodes.length, symbols: [symbol] });
  });
  if (nodes.length === 1) lengths[nodes[0].symbols[0]] = 1;
  let order = nodes.length;
  const lighter = (a: Node, b: Node) => a.weight - b.weight || a.order - b.order;
  while (nodes.length > 1) {
    nodes.sort(lighter);
    const [a, b] = nodes;
    for (const s of [...a.symbols, ...b.symbols]) lengths[s]++;
    nodes = [{ weight: a.weight + b.weight, order: order++, symbols: [...a.symbols, ...b.symbols] }, ...nodes.slice(2)];
  }
  return lengths;
}

/** The canonical code of each symbol from its length: shorter codes first, then by symbol. 0 = no code. */
export function canonicalCodes(lengths: readonly number[]): number[] {
  const codes = lengths.map(() => 0);
  const bySize = lengths
    .map((length, symbol) => ({ length, symbol }))
    .filter((s) => s.length > 0)
    .sort((a, b) => a.length - b.length || a.symbol - b.symbol);
  let code = 0;
  let previous = bySize.length > 0 ? bySize[0].length : 0;
  bySize.forEach(({ length, symbol }, i) => {
    if (i > 0) code = (code + 1) << (length - previous);
    previous = length;
    codes[symbol] = code;
  });
  return codes;
}

/** How often each symbol 0..alphabet−1 occurs in `symbols`. */
export function frequencies(symbols: ArrayLike<number>, alphabet: number): number[] {
  const counts = new Array<number>(alphabet).fill(0);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (!(s >= 0 && s < alphabet)) throw new Error(`Expected symbols 0 to ${alphabet - 1}, but got ${s}`);
    counts[s]++;
  }
  return counts;
}

/** Bits of `frequencies` coded with `lengths`: Σ f·len. */
export function codedBits(frequencies: readonly number[], lengths: readonly number[]): number {
  return frequencies.reduce((sum, f, s) => sum + f * lengths[s], 0);
}

/** `symbols` as a Huffman bit stream: the canonical code of each, most significant bit first. */
export function huffmanEncode(
  symbols: ArrayLike<number>,
  lengths: readonly number[],
): { bytes: Uint8Array; bits: number } {
  const codes = canonicalCodes(lengths);
  let bits = 0;
  for (let i = 0; i < symbols.length; i++) bits += lengths[symbols[i]];
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  let at = 0;
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    const length = lengths[s];
    if (length === 0) throw new Error(`Expected a code for symbol ${s}, but it has none`);
    for (let b = length - 1; b >= 0; b--, at++) if ((codes[s] >> b) & 1) bytes[at >> 3] |= 0x80 >> (at & 7);
  }
  return { bytes, bits };
}

/** Reads `count` symbols back from a stream made by `huffmanEncode` with the same lengths. */
export function huffmanDecode(bytes: Uint8Array, count: number, lengths: readonly number[]): number[] {
  const codes = canonicalCodes(lengths);
  const table = new Map<string, number>();
  lengths.forEach((length, s) => {
    if (length > 0) table.set(`${length}:${codes[s]}`, s);
  });
  const out: number[] = [];
  let at = 0;
  while (out.length < count) {
    let code = 0;
    let length = 0;
    for (;;) {
      if (at >= bytes.length * 8)
        throw new Error(`Expected ${count} symbols, but the stream ended after ${out.length}`);
      code = (code << 1) | ((bytes[at >> 3] >> (7 - (at & 7))) & 1);
      at++;
      length++;
      const symbol = table.get(`${length}:${code}`);
      if (symbol !== undefined) {
        out.push(symbol);
        break;
      }
    }
  }
  return out;
}
