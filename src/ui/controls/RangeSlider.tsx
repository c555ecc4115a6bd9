import { useEffect, useId, useRef } from 'react';
import './field.css';
import './RangeSlider.css';

export interface RangeSliderProps {
  label: string;
  value: number;
  max: number;
  step: number;
  unit?: string;
  disabled: boolean;
  onInput: (v: number) => void;
  onCommit: () => void;
}

/**
 * A range input. `input` events prune live; the native `change` event (end of a drag, or a key
 * press) records the step on the timeline. React's onChange is the input event, hence the listener.
 */
export function RangeSlider(props: RangeSliderProps) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const commit = useRef(props.onCommit);
  useEffect(() => {
    commit.current = props.onCommit;
  });
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
      <input
        ref={ref}
        id={id}
        type="range"
        min={0}
        max={props.max}
        step={props.step}
        value={Math.min(props.value, props.max)}
        disabled={props.disabled}
        onChange={(e) => props.onInput(Number(e.target.value))}
      />
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
