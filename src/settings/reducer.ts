import type { DatasetId } from '../data/datasets';
import type { DrawOptions } from '../data/types';
import { scheduleFieldsOf } from './derive';
import { DEFAULT_BITS } from '../core/compression/quantize';
import {
  defaultSettings,
  followedRate,
  type CompressionSettings,
  type DraftKey,
  type IterativeSettings,
  type ModelSettings,
  type RuleSettings,
  type ScheduleSettings,
  type Settings,
  type TrainingSettings,
} from './settings';

/** What the settings reducer owns: the settings in force, and the typed fields whose text is not valid. */
export interface SettingsState {
  settings: Settings;
  /**
   * Fields whose typed text is currently invalid (the value in force is the last valid one).
   * Train and every run wait while any is listed. No duplicates; order of arrival.
   */
  drafts: readonly DraftKey[];
}

export type SettingsAction =
  /** Another data set: its defaults for the draw, model, training, criteria values and runs, keeping the seed and the rule's knobs. */
  | { type: 'chooseDataset'; dataset: DatasetId }
  | { type: 'setDraw'; patch: Partial<DrawOptions> }
  | { type: 'setModel'; model: ModelSettings }
  /** Training epochs or rate; a fine-tuning rate that follows it moves with it. */
  | { type: 'setTraining'; patch: Partial<TrainingSettings> }
  /** Fine-tuning epochs or rate; a rate of null, or exactly the followed tenth, follows the training rate. */
  | { type: 'setFineTuning'; patch: { epochs?: number; learningRate?: number | null } }
  | { type: 'setRule'; patch: Partial<RuleSettings> }
  | { type: 'setIterative'; patch: Partial<IterativeSettings> }
  /** Quantization, bits and distillation; a new quantization without bits starts at its own default width. */
  | { type: 'setCompression'; patch: Partial<CompressionSettings> }
  /**
   * Schedule fields. The first edit fixes the fields: the ones not in `patch` keep the values shown,
   * which follow a fine-tuning run of `totalSteps` until then.
   */
  | { type: 'setSchedule'; patch: Partial<ScheduleSettings>; totalSteps: number }
  /** A field's typed text turned valid or invalid (or the field went away: valid). */
  | { type: 'setDraftValid'; key: DraftKey; valid: boolean }
  /** Settings from elsewhere (a link), already parsed. */
  | { type: 'replace'; settings: Settings };

/** Whatever takes settings actions: React's dispatch, or a wrapper that also tells the session. */
export type SettingsDispatch = (action: SettingsAction) => void;

/** The action that says whether the typed text of field `key` is valid. */
export function draftValidity(key: DraftKey, valid: boolean): SettingsAction {
  return { type: 'setDraftValid', key, valid };
}

/** The state of a fresh page: the start data set's defaults and no invalid drafts. */
export function initialSettingsState(settings: Settings = defaultSettings()): SettingsState {
  return { settings, drafts: [] };
}

/**
 * The next settings state after `action`. Pure; returns `state` itself when nothing changes, and
 * keeps every unchanged slice of the settings (components memoised on a slice do not re-render).
 */
export function settingsReducer(state: SettingsState, action: SettingsAction): SettingsState {
  const s = state.settings;
  switch (action.type) {
    case 'chooseDataset': {
      const fresh = defaultSettings(action.dataset, s.draw.seed);
      const { by, scope, method, outputRate } = s.rule;
      return withSettings(state, {
        ...fresh,
        rule: { ...fresh.rule, by, scope, method, outputRate },
        compression: s.compression,
      });
    }
    case 'setDraw':
      return withSettings(state, { ...s, draw: { ...s.draw, ...action.patch } });
    case 'setModel':
      return withSettings(state, {
        ...s,
        model: {
          architecture: action.model.architecture,
          hidden: [...action.model.hidden],
          activation: action.model.activation,
        },
      });
    case 'setTraining': {
      // A following fine-tuning rate is null, so it follows without being touched here.
      const training = { ...s.training, ...action.patch };
      return withSettings(state, {
        ...s,
        training,
        fineTuning: followingWhereEqual(s.fineTuning, followedRate(s.dataset, training.learningRate)),
      });
    }
    case 'setFineTuning': {
      const { epochs = s.fineTuning.epochs } = action.patch;
      const learningRate =
        'learningRate' in action.patch ? (action.patch.learningRate ?? null) : s.fineTuning.learningRate;
      return withSettings(state, {
        ...s,
        fineTuning: followingWhereEqual({ epochs, learningRate }, followedRate(s.dataset, s.training.learningRate)),
      });
    }
    case 'setRule':
      return withSettings(state, { ...s, rule: { ...s.rule, ...action.patch } });
    case 'setCompression': {
      const { patch } = action;
      const kind = patch.quantization;
      const newKind = kind !== undefined && kind !== s.compression.quantization && kind !== 'none';
      const bits = patch.bits ?? (newKind ? DEFAULT_BITS[kind] : s.compression.bits);
      return withSettings(state, { ...s, compression: { ...s.compression, ...patch, bits } });
    }
    case 'setIterative':
      return withSettings(state, { ...s, iterative: { ...s.iterative, ...action.patch } });
    case 'setSchedule':
      return withSettings(state, { ...s, schedule: { ...scheduleFieldsOf(s, action.totalSteps), ...action.patch } });
    case 'setDraftValid': {
      const listed = state.drafts.includes(action.key);
      if (listed !== action.valid) return state;
      return {
        ...state,
        drafts: action.valid ? state.drafts.filter((k) => k !== action.key) : [...state.drafts, action.key],
      };
    }
    case 'replace':
      return withSettings(state, action.settings);
  }
}

/**
 * `fineTuning` with a rate of exactly the `followed` one (the data set's share of the training
 * rate) made to follow it (null): the page has always treated a fine-tuning rate that equals the
 * followed rate as following, so Enter in the untouched field, or a training rate that meets the
 * set one, changes nothing the person sees.
 */
function followingWhereEqual(fineTuning: Settings['fineTuning'], followed: number): Settings['fineTuning'] {
  return fineTuning.learningRate === followed ? { ...fineTuning, learningRate: null } : fineTuning;
}

/** `state` with `next`, or `state` itself when no slice of the settings changed. */
function withSettings(state: SettingsState, next: Settings): SettingsState {
  const s = state.settings;
  const keys = Object.keys(next) as (keyof Settings)[];
  const changed = keys.some((key) => !sameValue(s[key], next[key]));
  if (!changed) return state;
  // Keep the identity of every slice whose content did not change.
  const merged = Object.fromEntries(
    keys.map((key) => [key, sameValue(s[key], next[key]) ? s[key] : next[key]]),
  ) as unknown as Settings;
  return { ...state, settings: merged };
}

/** Whether two slices of settings hold the same plain values (numbers, tokens, arrays, objects of them). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
