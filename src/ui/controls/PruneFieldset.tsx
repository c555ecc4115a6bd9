import { useEffect, useId, useRef } from 'react';
import { METHODS, PRUNE_BY, SCOPES, type PruneBy, type PruneRule } from '../../core/prune';
import { describeRule, type CollapseWarning } from '../../engine/session';
import { NumberField } from './CommitField';

/** The output layer's rate choices: the lottery-ticket papers prune it at half the hidden rate. */
const OUTPUT_RATES = [
  { rate: 1, text: 'Same rate as hidden layers' },
  { rate: 0.5, text: 'Half the hidden layers’ rate' },
] as const;

/** The values the criterion controls show; the session applies them as a PruneRule. */
export interface CriterionValues {
  threshold: number;
  /** Percent, 0–99. */
  targetPercent: number;
  quality: number;
}

export const QUALITY_MAX = 3;
export const TARGET_MAX = 99;

export interface PruneControlsProps {
  knobs: Pick<PruneRule, 'by' | 'scope' | 'method' | 'outputRate'>;
  values: CriterionValues;
  thresholdMax: number;
  /** The rule the figures on screen were made with. */
  applied: PruneRule | null;
  collapse: readonly CollapseWarning[];
  trained: boolean;
  /** Whether earlier rounds (fine-tuning, compaction) already pruned the network the rule cuts. */
  earlierRounds: boolean;
  /** What to do to make the first cut, shown in place of the applied rule until it is made. */
  firstCutHint: string | null;
  disabled: boolean;
  onKnobs(patch: Partial<PruneRule>): void;
  /** A criterion value changed; `commit` when a drag ended or a value was typed. */
  onValue(patch: Partial<CriterionValues>, commit: boolean): void;
}

/** Prune by, Scope, Method, the output layer's rate, and the control of the chosen criterion. */
export function PruneControls(props: PruneControlsProps) {
  const { knobs, values, thresholdMax, applied, collapse, trained, earlierRounds, firstCutHint, disabled, onKnobs, onValue } = props;
  const structured = knobs.method === 'structured';
  return (
    <>
      <Select label="Prune by" value={knobs.by} disabled={disabled} options={entries(PRUNE_BY)} onChange={(by) => onKnobs({ by: by as PruneBy })} />
      <Select label="Scope" value={knobs.scope} disabled={disabled} options={entries(SCOPES)} onChange={(scope) => onKnobs({ scope: scope as PruneRule['scope'] })} />
      <Select label="Method" value={knobs.method} disabled={disabled} options={entries(METHODS)} onChange={(method) => onKnobs({ method: method as PruneRule['method'] })} />
      <Select label="Output layer" value={String(knobs.outputRate)} disabled={disabled || structured}
        options={OUTPUT_RATES.map(({ rate, text }) => [String(rate), text])} onChange={(rate) => onKnobs({ outputRate: Number(rate) })} />

      {knobs.by === 'magnitude' && (
        <>
          <RangeSlider label="Pruning threshold" value={values.threshold} max={thresholdMax} step={0.001} disabled={disabled}
            onInput={(threshold) => onValue({ threshold }, false)} onCommit={() => onValue({}, true)} />
          <NumberField label="Threshold value" value={values.threshold} step={0.001} live disabled={disabled}
            rule={{ subject: 'threshold', min: 0, max: thresholdMax }} onCommit={(threshold) => onValue({ threshold }, true)} />
        </>
      )}
      {knobs.by === 'target' && (
        <>
          <RangeSlider label="Target sparsity" value={values.targetPercent} max={TARGET_MAX} step={0.5} unit="%" disabled={disabled}
            onInput={(targetPercent) => onValue({ targetPercent }, false)} onCommit={() => onValue({}, true)} />
          <NumberField label="Target sparsity (%)" value={values.targetPercent} step={0.5} live disabled={disabled}
            rule={{ subject: 'target sparsity', min: 0, max: TARGET_MAX }} onCommit={(targetPercent) => onValue({ targetPercent }, true)} />
        </>
      )}
      {knobs.by === 'std' && (
        <>
          <RangeSlider label="Quality parameter" value={values.quality} max={QUALITY_MAX} step={0.01} unit="σ" disabled={disabled}
            onInput={(quality) => onValue({ quality }, false)} onCommit={() => onValue({}, true)} />
          <NumberField label="Quality parameter (q)" value={values.quality} step={0.01} live disabled={disabled}
            rule={{ subject: 'quality parameter', min: 0, max: QUALITY_MAX }} onCommit={(quality) => onValue({ quality }, true)} />
        </>
      )}

      {trained && applied && (
        <p className="applied live">
          {firstCutHint && <strong className="first-cut">{firstCutHint} </strong>}
          Figures shown for{' '}
          {applied.by === 'magnitude' ? (
            <>
              threshold <output aria-label="Applied threshold">{applied.threshold}</output>
              {describeRule(applied).replace(`threshold ${applied.threshold}`, '')}
            </>
          ) : (
            <output aria-label="Applied rule">{!isUnpruned(applied) ? describeRule(applied) : earlierRounds ? 'no cut beyond earlier rounds' : 'the unpruned network'}</output>
          )}
        </p>
      )}
      <CollapseWarnings collapse={collapse} by={knobs.by} range={knobs.by === 'magnitude' ? thresholdMax : knobs.by === 'target' ? TARGET_MAX / 100 : QUALITY_MAX} />
      <p className="hint">{explain(knobs, trained)}</p>
    </>
  );
}

/**
 * Warns about each layer the control could empty within its range, and alerts once one is empty.
 * The box keeps one height whatever the control's value: a change of layout under a dragged range
 * input ends the drag in Chromium. The collapse points do not move with the control, and the alert
 * shares its cell with an invisible copy of itself.
 */
function CollapseWarnings({ collapse, by, range }: { collapse: readonly CollapseWarning[]; by: PruneBy; range: number }) {
  const shown = collapse.filter((c) => c.reached || c.above < range);
  if (shown.length === 0) return null;
  const value = (above: number) => (by === 'target' ? `${(above * 100).toFixed(2)}%` : by === 'std' ? `${above.toFixed(2)} σ` : above.toFixed(3));
  const reached = shown.filter((c) => c.reached).map((c) => c.layer);
  const alert = (layers: string[]) =>
    `Layer collapse: ${layers.join(', ')} ${layers.length > 1 ? 'have' : 'has'} no weight left. What follows sees only ` +
    'biases: the same answer for every input, the accuracy of always guessing one class.';
  return (
    <div className="collapse">
      <ul className="collapse-ahead" aria-label="Layer collapse ahead">
        {shown.map((c) => (
          <li key={c.layer}>
            {c.layer} loses its last weight above {value(c.above)}
            {c.reached ? ': it has.' : '.'}
          </li>
        ))}
      </ul>
      <div className="collapse-slot">
        {/* As tall as the longest alert, so the slot keeps its height; it says what collapse would do. */}
        <p className={reached.length > 0 ? 'collapse-note placeholder' : 'collapse-note'} aria-hidden={reached.length > 0}>
          No layer is empty. One that is would leave what follows it seeing only biases: the same answer for
          every input.
        </p>
        <p className="collapse-note placeholder" aria-hidden="true">
          {alert(shown.map((c) => c.layer))}
        </p>
        <div role="alert">{reached.length > 0 && <p className="collapse-alert">{alert(reached)}</p>}</div>
      </div>
    </div>
  );
}

function explain(knobs: PruneControlsProps['knobs'], trained: boolean): string {
  if (!trained) return 'Train first: the rule prunes the trained weights.';
  const unit = knobs.method === 'structured' ? 'Whole hidden neurons are ranked by the norm of their incoming weights' : 'Weights are ranked by |w|';
  const scope = knobs.scope === 'global' ? 'one ranking over all layers (a layer can empty)' : 'each layer ranked on its own';
  const control = knobs.method === 'random' ? ' The random control removes as many weights per layer, chosen at random.' : '';
  return `${unit}, ${scope}. Biases are not pruned; the trained weights are kept, so going back restores them.${control}`;
}

function isUnpruned(rule: PruneRule): boolean {
  return rule.by === 'magnitude' ? rule.threshold === 0 : rule.by === 'target' ? rule.targetFraction === 0 : rule.quality === 0;
}

function entries(table: Record<string, string>): Array<[string, string]> {
  return Object.entries(table);
}

function Select(props: { label: string; value: string; options: ReadonlyArray<readonly [string, string]>; disabled: boolean; onChange(value: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A range input. `input` events prune live; the native `change` event (end of a drag, or a key
 * press) records the step on the timeline. React's onChange is the input event, hence the listener.
 */
export function RangeSlider(props: {
  label: string;
  value: number;
  max: number;
  step: number;
  unit?: string;
  disabled: boolean;
  onInput(v: number): void;
  onCommit(): void;
}) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const commit = useRef(props.onCommit);
  commit.current = props.onCommit;
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const onChange = () => commit.current();
    input.addEventListener('change', onChange);
    return () => input.removeEventListener('change', onChange);
  }, []);
  return (
    <div className="field slider live">
      <label htmlFor={id}>{props.label}</label>
      <input ref={ref} id={id} type="range" min={0} max={props.max} step={props.step} value={Math.min(props.value, props.max)}
        disabled={props.disabled} onChange={(e) => props.onInput(Number(e.target.value))} />
      <div className="slider-scale" aria-hidden="true">
        <span>0{props.unit}</span>
        <span>
          {props.max}
          {props.unit}
        </span>
      </div>
    </div>
  );
}
