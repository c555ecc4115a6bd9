/** The names and limits the page shows before any file is read (the format code loads when used). */

/** The largest file Open data reads: 5 MB (about 100,000 rows of ten numbers). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** The file name of an exported model. */
export const MODEL_FILE = 'pruning-lab-model.json';
/** The file name its weights go to; `model.json`'s manifest names it. */
export const WEIGHTS_FILE = 'pruning-lab-model.weights.bin';
/** The file name of the masks and rule that go beside an exported model. */
export const MASKS_FILE = 'pruning-lab-masks.json';
/** The file name of the results archive. */
export const RESULTS_FILE = 'pruning-lab-results.zip';
