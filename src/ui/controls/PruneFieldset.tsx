import { METHODS, PRUNE_BY, SCOPES, type PruneRule } from '../../core/pruning/prune';
import type { DatasetId } from '../../data/datasets';
import { describeRule } from '../../engine/describe';
import type { CollapseWarning } from '../../engine/snapshot';
import { BOUNDS, OUTPUT_RATES, thresholdBounds, type RuleSettings } from '../../settings/settings';
import { CollapseWarnings } from './CollapseWarnings';
import { NumberField } from './NumberField';
import { RangeSlider } from './RangeSlider';
import { SelectField } from './SelectField';
import './fieldset.css';
import './PruneFieldset.css';

export interface PruneFieldsetProps {
  /** The rule as the controls show it. */
  rule: RuleSettings;
  /** The data set, whose threshold range the slider spans. */
  dataset: DatasetId;
  /** The rule the figures on screen were made with. */
  applied: PruneRule | null;
  collapse: readonly CollapseWarning[];
  trained: boolean;
  /** Whether earlier rounds (fine-tuning, compaction) already pruned the network the rule cuts. */
  earlierRounds: boolean;
  /** Trained, and the first cut is still to be made: say how to make it. */
  firstCut: boolean;
  /** The network has convolutions: a structured cut removes whole filters there. */
  conv: boolean;
  disabled: boolean;
  /**
   * The rule changed by `patch` (empty: unchanged) should be applied; `commit` when a drag ended, a
   * value was typed or a knob was chosen, so that the cut is recorded on the timeline.
   */
  onRule: (patch: Partial<RuleSettings>, commit: boolean) => void;
}

/** "2. Prune": Prune by, Scope, Method, the output layer's rate, and the control of the chosen criterion. */
export function PruneFieldset(props: PruneFieldsetProps) {
  const { rule, dataset, applied, collapse, trained, earlierRounds, firstCut, conv, disabled, onRule } = props;
  const thresholdRule = thresholdBounds(dataset);
  const thresholdMax = thresholdRule.max;
  const structured = rule.method === 'structured';
  const pattern = rule.method === 'nm';
  const firstCutHint = firstCut ? pruneHint(rule) : null;
  return (
    <fieldset>
      <legend>2. Prune</legend>
      <SelectField
        label="Prune by"
        value={rule.by}
        disabled={disabled}
        options={entries(PRUNE_BY)}
        onChange={(by) => onRule({ by }, true)}
      />
      <SelectField
        label="Scope"
        value={rule.scope}
        disabled={disabled}
        options={entries(SCOPES)}
        onChange={(scope) => onRule({ scope }, true)}
      />
      <SelectField
        label="Method"
        value={rule.method}
        disabled={disabled}
        options={entries(conv ? { ...METHODS, structured: 'Structured (filters)' } : METHODS)}
        onChange={(method) => onRule({ method }, true)}
      />
      <SelectField
        label="Output layer"
        value={rule.outputRate}
        disabled={disabled || structured || pattern}
        options={entries(OUTPUT_RATE_TEXT)}
        onChange={(outputRate) => onRule({ outputRate }, true)}
      />

      {rule.by === 'magnitude' && (
        <>
          <RangeSlider
            label="Pruning threshold"
            value={rule.threshold}
            max={thresholdMax}
            step={0.001}
            disabled={disabled}
            onInput={(threshold) => onRule({ threshold }, false)}
            onCommit={() => onRule({}, true)}
          />
          <NumberField
            label="Threshold value"
            value={rule.threshold}
            step={0.001}
            live
            disabled={disabled}
            rule={thresholdRule}
            onCommit={(threshold) => onRule({ threshold }, true)}
          />
        </>
      )}
      {rule.by === 'target' && (
        <>
          <RangeSlider
            label="Target sparsity"
            value={rule.targetPercent}
            max={BOUNDS.targetPercent.max}
            step={0.5}
            unit="%"
            disabled={disabled}
            onInput={(targetPercent) => onRule({ targetPercent }, false)}
            onCommit={() => onRule({}, true)}
          />
          <NumberField
            label="Target sparsity (%)"
            value={rule.targetPercent}
            step={0.5}
            live
            disabled={disabled}
            rule={BOUNDS.targetPercent}
            onCommit={(targetPercent) => onRule({ targetPercent }, true)}
          />
        </>
      )}
      {rule.by === 'std' && (
        <>
          <RangeSlider
            label="Quality parameter"
            value={rule.quality}
            max={BOUNDS.quality.max}
            step={0.01}
            unit="σ"
            disabled={disabled}
            onInput={(quality) => onRule({ quality }, false)}
            onCommit={() => onRule({}, true)}
          />
          <NumberField
            label="Quality parameter (q)"
            value={rule.quality}
            step={0.01}
            live
            disabled={disabled}
            rule={BOUNDS.quality}
            onCommit={(quality) => onRule({ quality }, true)}
          />
        </>
      )}

      {trained && applied && (
        <p className="applied live">
          {firstCutHint && <strong className="first-cut">{firstCutHint} </strong>}
          Figures shown for{' '}
          {applied.by === 'magnitude' && applied.method !== 'nm' ? (
            <>
              threshold <output aria-label="Applied threshold">{applied.threshold}</output>
              {describeRule(applied).replace(`threshold ${applied.threshold}`, '')}
            </>
          ) : (
            <output aria-label="Applied rule">
              {!isUnpruned(applied)
                ? describeRule(applied)
                : earlierRounds
                  ? 'no cut beyond earlier rounds'
                  : 'the unpruned network'}
            </output>
          )}
        </p>
      )}
      <CollapseWarnings
        collapse={collapse}
        by={rule.by}
        range={
          rule.by === 'magnitude'
            ? thresholdMax
            : rule.by === 'target'
              ? BOUNDS.targetPercent.max / 100
              : BOUNDS.quality.max
        }
      />
      <p className="hint">{explain(rule, trained, conv)}</p>
    </fieldset>
  );
}

/** The Output layer options' text, by OUTPUT_RATES token. */
const OUTPUT_RATE_TEXT = Object.fromEntries(
  Object.entries(OUTPUT_RATES).map(([token, { text }]) => [token, text]),
) as Record<keyof typeof OUTPUT_RATES, string>;

/** What to do to make the first cut, in the words of the chosen criterion's controls. */
function pruneHint(rule: RuleSettings): string {
  if (rule.by === 'target')
    return `Move the slider, or press Enter in Target sparsity (%), to prune to ${rule.targetPercent}%.`;
  if (rule.by === 'std')
    return `Move the slider, or press Enter in Quality parameter (q), to prune at ${rule.quality} σ.`;
  return `Move the slider, or press Enter in Threshold value, to prune at ${rule.threshold}.`;
}

/** What the 2:4 method does, where it does not fit, and what it changes (nothing in speed here). */
export const NM_EXPLANATION =
  '2:4 keeps the 2 largest |w| of every 4 consecutive inputs of each neuron, so a layer whose input count is a multiple of 4 loses exactly 50%; the criterion and its value do not apply. A layer with fewer inputs left over (the 2-D sets’ 2-input first layer) is treated as padded with zeros, as the hardware pads it: its short groups keep their 2 largest, so a 2-input layer stays dense. NVIDIA’s Ampere (and later) sparse tensor cores run this pattern about twice as fast; here every matrix product is dense, so it changes nothing in speed, only which weights are zero.';

function explain(rule: RuleSettings, trained: boolean, conv: boolean): string {
  if (!trained) return 'Train first: the rule prunes the trained weights.';
  if (rule.method === 'nm') return NM_EXPLANATION;
  const unit =
    rule.method !== 'structured'
      ? 'Weights are ranked by |w|'
      : conv
        ? 'Whole filters of the convolutions and whole hidden neurons of the dense layers are ranked by the L1 norm of their weights, per weight (Li et al. 2017); Compact then removes them with the channels they fed'
        : 'Whole hidden neurons are ranked by the norm of their incoming weights';
  const scope =
    rule.scope === 'global' ? 'one ranking over all layers (a layer can empty)' : 'each layer ranked on its own';
  const control =
    rule.method === 'random' ? ' The random control removes as many weights per layer, chosen at random.' : '';
  return `${unit}, ${scope}. Biases are not pruned; the trained weights are kept, so going back restores them.${control}`;
}

function isUnpruned(rule: PruneRule): boolean {
  if (rule.method === 'nm') return false;
  return rule.by === 'magnitude'
    ? rule.threshold === 0
    : rule.by === 'target'
      ? rule.targetFraction === 0
      : rule.quality === 0;
}

/** A table's tokens and texts, as SelectField options. */
function entries<T extends string>(table: Record<T, string>): Array<[T, string]> {
  return Object.entries(table) as Array<[T, string]>;
}
