import { describe, expect, it } from 'vitest';
import { canonicalCodes, codedBits, frequencies, huffmanDecode, huffmanEncode, huffmanLengths } from './huffman';

describe('huffmanLengths', () => {
  it('matches a tree built by hand', () => {
    // Frequencies a 45, b 13, c 12, d 16, e 9, f 5 (CLRS's example). Merges: f+e = 14; c+b = 25;
    // 14+d = 30; 25+30 = 55; a+55 = 100. Depths: a 1, b 3, c 3, d 3, e 4, f 4.
    expect(huffmanLengths([45, 13, 12, 16, 9, 5])).toEqual([1, 3, 3, 3, 4, 4]);
    // 45·1 + (13 + 12 + 16)·3 + (9 + 5)·4 = 224 bits against 300 at a fixed 3 bits.
    expect(codedBits([45, 13, 12, 16, 9, 5], [1, 3, 3, 3, 4, 4])).toBe(224);
  });

  it('gives unused symbols no code and a lone symbol one bit', () => {
    expect(huffmanLengths([0, 7, 0])).toEqual([0, 1, 0]);
    expect(huffmanLengths([3, 0, 1])).toEqual([1, 0, 1]);
    expect(huffmanLengths([0, 0])).toEqual([0, 0]);
  });

  it('gives equal frequencies equal lengths (a full tree of 4)', () => {
    expect(huffmanLengths([5, 5, 5, 5])).toEqual([2, 2, 2, 2]);
  });
});

describe('canonicalCodes', () => {
  it('numbers codes by length, then symbol (DEFLATE)', () => {
    // Lengths a 1, b 3, c 3, d 3, e 4, f 4: a 0, b 100, c 101, d 110, e 1110, f 1111.
    expect(canonicalCodes([1, 3, 3, 3, 4, 4])).toEqual([0b0, 0b100, 0b101, 0b110, 0b1110, 0b1111]);
  });
});

describe('huffmanEncode / huffmanDecode', () => {
  it('packs codes most significant bit first and reads them back', () => {
    const lengths = [1, 3, 3, 3, 4, 4];
    // a f b = 0 1111 100 → 01111100 = 0x7c, 8 bits.
    const { bytes, bits } = huffmanEncode([0, 5, 1], lengths);
    expect(bits).toBe(8);
    expect(Array.from(bytes)).toEqual([0x7c]);
    expect(huffmanDecode(bytes, 3, lengths)).toEqual([0, 5, 1]);
  });

  it('round-trips a skewed stream and spends what codedBits says', () => {
    const symbols = Array.from({ length: 500 }, (_, i) => (i % 10 === 0 ? 3 : i % 3 === 0 ? 1 : 0));
    const freq = frequencies(symbols, 5);
    const lengths = huffmanLengths(freq);
    const { bytes, bits } = huffmanEncode(symbols, lengths);
    expect(bits).toBe(codedBits(freq, lengths));
    expect(huffmanDecode(bytes, symbols.length, lengths)).toEqual(symbols);
  });

  it('says so when a stream is too short', () => {
    expect(() => huffmanDecode(new Uint8Array(0), 1, [1, 1])).toThrow(
      'Expected 1 symbols, but the stream ended after 0',
    );
    expect(() => frequencies([2], 2)).toThrow('Expected symbols 0 to 1, but got 2');
  });
});
