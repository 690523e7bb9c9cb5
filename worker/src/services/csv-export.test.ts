import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv-export';

/** How a spreadsheet in a `;` locale splits a line: on `;` outside quotes. */
function cellsAt(line: string, separator: ',' | ';'): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index]!;
    if (character === '"') {
      if (quoted && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else quoted = !quoted;
    } else if (character === separator && !quoted) {
      cells.push(current);
      current = '';
    } else current += character;
  }
  return [...cells, current];
}

describe('CSV cells (OWASP CSV injection)', () => {
  it('quotes every field, numbers and empty cells included', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(-1)).toBe('"-1"');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it.each(['=1+2', '+1', '-1+1', '@SUM(A1)', '\tx', '\rx'])('prefixes a quote to text starting with a formula character: %j', (text) => {
    expect(csvCell(text)).toBe(`"'${text.replace(/"/g, '""')}"`);
  });

  it('keeps `fine;=2+3;` one inert cell whether the reader splits on , or ;', () => {
    const line = toCsv(['a', 'b'], [['fine;=2+3;', 'x,=1+1']]).split('\r\n')[1]!;
    for (const separator of [',', ';'] as const) {
      const cells = cellsAt(line, separator);
      expect(cells.some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
    }
    expect(cellsAt(line, ',')).toEqual(['fine;=2+3;', 'x,=1+1']);
  });
});
