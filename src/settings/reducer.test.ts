import { describe, expect, it } from 'vitest';
import { fineTuneRate } from './derive';
import { initialSettingsState, settingsReducer, type SettingsAction, type SettingsState } from './reducer';
import { defaultSettings } from './settings';

/** The state after `actions`, from a fresh page. */
function after(...actions: SettingsAction[]): SettingsState {
  return actions.reduce(settingsReducer, initialSettingsState());
}

describe('settingsReducer', () => {
  it('starts from the seed replica’s defaults with seed 1 and no invalid draft', () => {
    expect(initialSettingsState()).toEqual({ settings: defaultSettings('seed-replica', 1), drafts: [] });
  });

  describe('setCompression', () => {
    it('starts a newly chosen quantization at its own width, keeps a typed one, and survives a data set change', () => {
      const linear = after({ type: 'setCompression', patch: { quantization: 'linear' } }).settings.compression;
      expect(linear.bits).toBe(8);
      const shared = after(
        { type: 'setCompression', patch: { quantization: 'linear' } },
        { type: 'setCompression', patch: { quantization: 'kmeans' } },
      ).settings.compression;
      expect(shared.bits).toBe(5);
      const typed = after(
        { type: 'setCompression', patch: { quantization: 'kmeans' } },
        { type: 'setCompression', patch: { bits: 3 } },
        { type: 'setCompression', patch: { distill: true } },
        { type: 'chooseDataset', dataset: 'mnist' },
      ).settings.compression;
      expect(typed).toEqual({ quantization: 'kmeans', bits: 3, distill: true, temperature: 4, alpha: 0.5 });
    });
  });

  describe('chooseDataset', () => {
    it('resets to that data set’s defaults but keeps the seed', () => {
      const { settings } = after(
        { type: 'setDraw', patch: { seed: 42 } },
        { type: 'setTraining', patch: { epochs: 99, learningRate: 0.2 } },
        { type: 'setModel', model: { architecture: 'mlp', hidden: [3], activation: 'tanh' } },
        { type: 'setIterative', patch: { rounds: 9 } },
        { type: 'setSchedule', patch: { finalPercent: 50 }, totalSteps: 100 },
        { type: 'setFineTuning', patch: { learningRate: 0.5 } },
        { type: 'chooseDataset', dataset: 'spiral' },
      );
      expect(settings).toEqual(defaultSettings('spiral', 42));
    });

    it('keeps the rule’s knobs (Prune by, Scope, Method, Output layer) and resets its values', () => {
      const { settings } = after(
        {
          type: 'setRule',
          patch: {
            by: 'target',
            scope: 'global',
            method: 'structured',
            outputRate: 'half',
            threshold: 0.3,
            targetPercent: 50,
            quality: 2,
          },
        },
        { type: 'chooseDataset', dataset: 'moons' },
      );
      expect(settings.rule).toEqual({
        ...defaultSettings('moons').rule,
        by: 'target',
        scope: 'global',
        method: 'structured',
        outputRate: 'half',
      });
    });

    it('draws the new set with its own noise and a third for testing', () => {
      const { settings } = after(
        { type: 'setDraw', patch: { noise: 0.4, testFraction: 0.5 } },
        { type: 'chooseDataset', dataset: 'gaussian' },
      );
      expect(settings.draw).toEqual({ seed: 1, noise: 0.3, testFraction: 1 / 3 });
    });
  });

  describe('the fine-tuning rate', () => {
    it('follows the training rate at a tenth until the person sets it', () => {
      let state = after({ type: 'chooseDataset', dataset: 'spiral' });
      expect(fineTuneRate(state.settings)).toBe(0.005);
      state = settingsReducer(state, { type: 'setTraining', patch: { learningRate: 0.02 } });
      expect(state.settings.fineTuning.learningRate).toBeNull();
      expect(fineTuneRate(state.settings)).toBe(0.002);
      state = settingsReducer(state, { type: 'setFineTuning', patch: { learningRate: 0.0007 } });
      state = settingsReducer(state, { type: 'setTraining', patch: { learningRate: 0.04 } });
      expect(fineTuneRate(state.settings)).toBe(0.0007);
    });

    it('keeps following when set to exactly the followed tenth (Enter in the untouched field)', () => {
      const state = after(
        { type: 'setFineTuning', patch: { learningRate: 0.001 / 10 } },
        { type: 'setTraining', patch: { learningRate: 0.01 } },
      );
      expect(fineTuneRate(state.settings)).toBe(0.001);
    });

    it('follows again once the training rate makes the set rate its tenth, as the page always has', () => {
      const state = after(
        { type: 'setFineTuning', patch: { learningRate: 0.003 } },
        { type: 'setTraining', patch: { learningRate: 0.03 } },
        { type: 'setTraining', patch: { learningRate: 0.05 } },
      );
      expect(fineTuneRate(state.settings)).toBe(0.005);
    });

    it('follows MNIST’s training rate at the whole rate, and keeps following when set to it', () => {
      let state = after({ type: 'chooseDataset', dataset: 'mnist' });
      expect(fineTuneRate(state.settings)).toBe(0.001);
      state = settingsReducer(state, { type: 'setTraining', patch: { learningRate: 0.002 } });
      expect(fineTuneRate(state.settings)).toBe(0.002);
      state = settingsReducer(state, { type: 'setFineTuning', patch: { learningRate: 0.002 } });
      expect(state.settings.fineTuning.learningRate).toBeNull();
    });

    it('follows again when set to null', () => {
      const state = after(
        { type: 'setFineTuning', patch: { learningRate: 0.5 } },
        { type: 'setFineTuning', patch: { learningRate: null } },
      );
      expect(state.settings.fineTuning.learningRate).toBeNull();
    });

    it('keeps the rate when only the fine-tuning epochs change', () => {
      const state = after(
        { type: 'setFineTuning', patch: { learningRate: 0.5 } },
        { type: 'setFineTuning', patch: { epochs: 7 } },
      );
      expect(state.settings.fineTuning).toEqual({ epochs: 7, learningRate: 0.5 });
    });
  });

  describe('the schedule', () => {
    it('follows the run length until edited; the first edit keeps the other fields as shown', () => {
      expect(after().settings.schedule).toBeNull();
      const { settings } = after({ type: 'setSchedule', patch: { finalPercent: 80 }, totalSteps: 100 });
      expect(settings.schedule).toEqual({
        initialPercent: 0,
        finalPercent: 80,
        beginStep: 0,
        endStep: 70,
        frequency: 7,
      });
    });

    it('changes only the edited field after that, whatever the run length', () => {
      const { settings } = after(
        { type: 'setSchedule', patch: { finalPercent: 80 }, totalSteps: 100 },
        { type: 'setSchedule', patch: { beginStep: 10 }, totalSteps: 1000 },
      );
      expect(settings.schedule).toEqual({
        initialPercent: 0,
        finalPercent: 80,
        beginStep: 10,
        endStep: 70,
        frequency: 7,
      });
    });
  });

  it('sets the draw, model, training, rule and iterative fields it is given', () => {
    const { settings } = after(
      { type: 'setDraw', patch: { noise: 0.2 } },
      { type: 'setModel', model: { architecture: 'mlp', hidden: [4, 4], activation: 'tanh' } },
      { type: 'setTraining', patch: { epochs: 3 } },
      { type: 'setFineTuning', patch: { epochs: 4 } },
      { type: 'setRule', patch: { threshold: 0.25 } },
      { type: 'setIterative', patch: { percentPerRound: 50 } },
    );
    const fresh = defaultSettings();
    expect(settings).toEqual({
      ...fresh,
      draw: { ...fresh.draw, noise: 0.2 },
      model: { architecture: 'mlp', hidden: [4, 4], activation: 'tanh' },
      training: { ...fresh.training, epochs: 3 },
      fineTuning: { ...fresh.fineTuning, epochs: 4 },
      rule: { ...fresh.rule, threshold: 0.25 },
      iterative: { ...fresh.iterative, percentPerRound: 50 },
    });
  });

  it('keeps the state, and every unchanged slice, when nothing changes', () => {
    const state = initialSettingsState();
    expect(settingsReducer(state, { type: 'setRule', patch: { threshold: state.settings.rule.threshold } })).toBe(
      state,
    );
    expect(
      settingsReducer(state, {
        type: 'setModel',
        model: { ...state.settings.model, hidden: [...state.settings.model.hidden] },
      }),
    ).toBe(state);
    const next = settingsReducer(state, { type: 'setRule', patch: { threshold: 0.3 } });
    expect(next.settings.rule).not.toBe(state.settings.rule);
    expect(next.settings.training).toBe(state.settings.training);
    expect(next.settings.model).toBe(state.settings.model);
  });

  it('does not keep a reference to the model it was given', () => {
    const hidden = [8, 8];
    const { settings } = after({ type: 'setModel', model: { architecture: 'mlp', hidden, activation: 'relu' } });
    hidden.push(8);
    expect(settings.model.hidden).toEqual([8, 8]);
  });

  describe('drafts', () => {
    it('lists each field whose typed text is invalid once, and forgets it when valid again', () => {
      let state = after(
        { type: 'setDraftValid', key: 'epochs', valid: false },
        { type: 'setDraftValid', key: 'seed', valid: false },
      );
      state = settingsReducer(state, { type: 'setDraftValid', key: 'epochs', valid: false });
      expect(state.drafts).toEqual(['epochs', 'seed']);
      state = settingsReducer(state, { type: 'setDraftValid', key: 'epochs', valid: true });
      expect(state.drafts).toEqual(['seed']);
    });

    it('keeps the state when a field that was valid says so again (a field going away)', () => {
      const state = initialSettingsState();
      expect(settingsReducer(state, { type: 'setDraftValid', key: 'rounds', valid: true })).toBe(state);
    });

    it('leaves the settings alone, and a data set change leaves the drafts to their fields', () => {
      const state = after({ type: 'setDraftValid', key: 'learningRate', valid: false });
      expect(state.settings).toEqual(defaultSettings());
      expect(settingsReducer(state, { type: 'chooseDataset', dataset: 'spiral' }).drafts).toEqual(['learningRate']);
    });
  });

  it('replaces the settings with parsed ones', () => {
    const spiral = defaultSettings('spiral', 5);
    expect(after({ type: 'replace', settings: spiral }).settings).toEqual(spiral);
  });
});
