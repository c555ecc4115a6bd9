// Checks the source layout; `npm run lint` runs it. No dependencies: `node scripts/check-layout.mjs`.
//
// Two rules, each naming every offender and exiting 1 when one is broken:
// - No folder under src/ (src/ itself included) holds more than 20 source files side by side: the .ts and
//   .tsx files directly in that folder are counted, tests (*.test.ts) and declarations included, files in
//   its subfolders are not.
// - No source file (.ts, .tsx, .mts, .cts, .js, .mjs, .cjs) under src/, e2e/ or scripts/ has more than 400
//   lines. Every line counts, blank and comment lines too, as ESLint's max-lines counts them: a final line
//   break does not start another line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_FILES_PER_FOLDER = 20;
const MAX_LINES = 400;
const FOLDER_COUNTED = /\.tsx?$/;
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const ROOTS = ['src', 'e2e', 'scripts'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);

const root = fileURLToPath(new URL('..', import.meta.url));

/** The folders at and below `dir`, each with the names of the files directly in it. */
function* folders(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  yield { dir, files: entries.filter((e) => e.isFile()).map((e) => e.name) };
  for (const entry of entries) {
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) yield* folders(join(dir, entry.name));
  }
}

/** Lines as ESLint's max-lines counts them. */
function lineCount(text) {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.length;
}

const problems = [];
for (const top of ROOTS) {
  for (const { dir, files } of folders(join(root, top))) {
    const where = relative(root, dir);
    if (top === 'src') {
      const counted = files.filter((name) => FOLDER_COUNTED.test(name));
      if (counted.length > MAX_FILES_PER_FOLDER) {
        problems.push(
          `${where}/ holds ${counted.length} .ts/.tsx files (tests included); at most ${MAX_FILES_PER_FOLDER}` +
            ' may sit side by side: move some into a subfolder.',
        );
      }
    }
    for (const name of files.filter((n) => SOURCE.test(n))) {
      const lines = lineCount(readFileSync(join(dir, name), 'utf8'));
      if (lines > MAX_LINES) {
        problems.push(`${join(where, name)} has ${lines} lines; at most ${MAX_LINES} are allowed: split it.`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`check-layout: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  `check-layout: ok (no src/ folder over ${MAX_FILES_PER_FOLDER} .ts/.tsx files, no source file over ${MAX_LINES} lines)`,
);
