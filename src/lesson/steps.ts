/**
 * The guided lesson: the seed's story in short steps. Pure data, no React and no tf. Each step's
 * `id` is its token in the address; `pointsAt` names controls and figures exactly as the page's
 * accessible names (the UI contract), so the page can check that each one exists.
 */

/**
 * Every accessible name the steps point at (each is used): controls, readouts, tables and figures.
 * Target sparsity shows while Prune by is Target sparsity; Decision boundary on 2-D data sets.
 */
export const LESSON_TARGETS = [
  'Dataset',
  'Train',
  'Prune by',
  'Target sparsity',
  'Method',
  'Fine-tune',
  'Sweep sparsity',
  'Accuracy',
  'Sparsity',
  'Parameters',
  'Model size',
  'Results',
  'Training timeline',
  'Decision boundary',
  'Accuracy vs sparsity',
] as const;
export type LessonTarget = (typeof LESSON_TARGETS)[number];

/** The data set the lesson runs on, as the address names it. */
export const LESSON_DATASET = 'spiral';

/**
 * What "Do it" asks the page to do. Percentages are 0–100 shares of the prunable weights, cut by
 * magnitude per layer (Prune by: Target sparsity; Method: Unstructured) unless the kind says otherwise.
 * - `train`: choose the data set, then train the baseline from a fresh seeded initialisation.
 * - `prune-to`: prune the trained baseline to `percent` sparsity, without retraining.
 * - `fine-tune-at`: prune to `percent`, then fine-tune with the mask kept.
 * - `compare-random`: sweep sparsity with Method Unstructured, then again with Method Random (control).
 * - `show-size`: prune to `percent` and bring the Model size panel into view.
 */
export type StepAction =
  | { readonly kind: 'train'; readonly dataset: typeof LESSON_DATASET }
  | { readonly kind: 'prune-to'; readonly percent: number }
  | { readonly kind: 'fine-tune-at'; readonly percent: number }
  | { readonly kind: 'compare-random' }
  | { readonly kind: 'show-size'; readonly percent: number };
export type StepActionKind = StepAction['kind'];

/** What a prediction step asks, and what Reveal measures after performing the step's action. */
export interface LessonPrediction {
  /** The question above the Your prediction (%) field. */
  readonly question: string;
  /** What was measured, as the summary table's row names it. */
  readonly measure: string;
  /** The figure Reveal reads once the action is done: the Accuracy readout, in percent. */
  readonly figure: 'test-accuracy';
}

export interface LessonStep {
  readonly id: string;
  readonly title: string;
  /** One or two sentences of teaching prose. */
  readonly text: string;
  readonly pointsAt: readonly LessonTarget[];
  /** What Do it performs; null where there is nothing to do. */
  readonly action: StepAction | null;
  readonly prediction: LessonPrediction | null;
}

/** The steps, in order. Figures quoted are the README's measurements on the spiral (seed 1). */
export const LESSON_STEPS = [
  {
    id: 'train',
    title: 'Train a network worth pruning',
    text:
      'The seed script’s labels are coin flips, so on rows it never saw no network can beat chance (about 50%); ' +
      'this lesson uses the Spiral, where there is a real pattern to learn. Choose Spiral as the Dataset and ' +
      'press Train: the Accuracy readout is test accuracy on held-out points, and should end well above 90%.',
    pointsAt: ['Dataset', 'Train', 'Accuracy', 'Training timeline'],
    action: { kind: 'train', dataset: LESSON_DATASET },
    prediction: null,
  },
  {
    id: 'predict-half',
    title: 'Predict: half the weights gone',
    text:
      'With Prune by set to Target sparsity, a 50% target sets the half of the weights with the smallest |w| ' +
      'to exactly zero, with no retraining. Guess the test accuracy that is left, then press Reveal to prune to 50% and measure it.',
    pointsAt: ['Prune by', 'Target sparsity', 'Accuracy', 'Sparsity'],
    action: { kind: 'prune-to', percent: 50 },
    prediction: {
      question: 'What test accuracy is left with 50% of the weights pruned by magnitude?',
      measure: 'Test accuracy at 50% sparsity, no retraining',
      figure: 'test-accuracy',
    },
  },
  {
    id: 'break',
    title: 'Prune until it breaks',
    text:
      'Raise Target sparsity a step at a time and watch Accuracy and the Decision boundary: the network ' +
      'keeps most of its skill for a while, then falls to chance (about 50%) once too few weights are left. ' +
      'Do it jumps to 95%, where only about one weight in twenty survives.',
    pointsAt: ['Target sparsity', 'Accuracy', 'Sparsity', 'Decision boundary'],
    action: { kind: 'prune-to', percent: 95 },
    prediction: null,
  },
  {
    id: 'fine-tune',
    title: 'Fine-tune with the mask kept',
    text:
      'Fine-tune retrains the surviving weights while the pruned ones stay exactly zero, so Sparsity does ' +
      'not move. Guess the test accuracy after fine-tuning at 90% sparsity, where one-shot pruning alone ' +
      'leaves chance, then press Reveal.',
    pointsAt: ['Target sparsity', 'Fine-tune', 'Accuracy', 'Sparsity', 'Training timeline', 'Results'],
    action: { kind: 'fine-tune-at', percent: 90 },
    prediction: {
      question: 'What test accuracy does fine-tuning win back at 90% sparsity?',
      measure: 'Test accuracy at 90% sparsity after fine-tuning',
      figure: 'test-accuracy',
    },
  },
  {
    id: 'random',
    title: 'The random control',
    text:
      'To see whether small weights really are the ones to spare, sweep sparsity with Method set to ' +
      'Unstructured and again with Random (control), which removes as many weights per layer but picks them ' +
      'by chance. In Accuracy vs sparsity the random line falls to chance far sooner: at 50% it is ' +
      'already there while magnitude still holds above 80%.',
    pointsAt: ['Method', 'Sweep sparsity', 'Accuracy vs sparsity'],
    action: { kind: 'compare-random' },
    prediction: null,
  },
  {
    id: 'file-size',
    title: 'Zeros alone do not shrink the file',
    text:
      'At 90% sparsity the Model size readout does not change, because a dense float32 file stores a zero ' +
      'in 4 bytes like any other weight. Only a sparse encoding or compression turns zeros into fewer bytes, ' +
      'and only structured pruning, which removes whole neurons, makes an ordinary processor faster.',
    pointsAt: ['Model size', 'Parameters', 'Sparsity'],
    action: { kind: 'show-size', percent: 90 },
    prediction: null,
  },
  {
    id: 'summary',
    title: 'Your predictions against what happened',
    text:
      'Each row sets your guess beside the test accuracy that was measured, and the difference in ' +
      'percentage points. A large gap is worth the most: it marks where pruning behaves differently ' +
      'from what intuition expects.',
    pointsAt: ['Results', 'Accuracy vs sparsity'],
    action: null,
    prediction: null,
  },
] as const satisfies readonly LessonStep[];

export type LessonStepId = (typeof LESSON_STEPS)[number]['id'];

/** The ids of the steps that ask for a prediction. */
export type PredictionStepId = Extract<(typeof LESSON_STEPS)[number], { prediction: LessonPrediction }>['id'];

/** The number of steps. */
export const LESSON_LENGTH = LESSON_STEPS.length;
