import { QUANTIZATIONS, type Quantization } from '../../core/compression/quantize';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { BOUNDS, bitsBounds, type CompressionSettings } from '../../settings/settings';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import './fieldset.css';

export interface CompressFieldsetProps {
  compression: CompressionSettings;
  busy: boolean;
  dispatch: SettingsDispatch;
}

/**
 * "4. Compress": Quantization and Bits, applied on top of the mask at once; and distillation, which
 * the next Fine-tune uses.
 */
export function CompressFieldset({ compression, busy, dispatch }: CompressFieldsetProps) {
  const { quantization, bits, distill, temperature, alpha } = compression;
  const set = (patch: Partial<CompressionSettings>) => dispatch({ type: 'setCompression', patch });
  return (
    <fieldset>
      <legend>4. Compress</legend>
      <SelectField
        label="Quantization"
        value={quantization}
        disabled={busy}
        options={Object.entries(QUANTIZATIONS) as Array<[Quantization, string]>}
        onChange={(value) => set({ quantization: value })}
      />
      <NumberField
        key={quantization}
        label="Bits"
        value={bits}
        rule={bitsBounds(quantization)}
        step={1}
        disabled={busy || quantization === 'none'}
        onCommit={(value) => set({ bits: value })}
        onValidity={(valid) => dispatch(draftValidity('bits', valid))}
      />
      <p className="hint">
        {quantization === 'kmeans'
          ? `Each layer’s kept weights share ${2 ** bits} values, found by k-means from a linear start over their range (Deep Compression). Fine-tune trains the shared values; the mask stays.`
          : quantization === 'none'
            ? 'The weights stay float32. Quantization is applied on top of the mask and evaluated at once; the float weights are kept, so None gives them back exactly.'
            : `Kept weights become ${bits}-bit integers times a scale per ${quantization === 'channel' ? 'output neuron' : 'layer'}, symmetric around 0 (TensorFlow Lite’s int8 when Bits is 8). Fine-tune trains the float weights; they are quantized again afterwards.`}
      </p>
      <label className="check">
        <input type="checkbox" checked={distill} disabled={busy} onChange={(e) => set({ distill: e.target.checked })} />
        Distill from the dense network
      </label>
      {distill && (
        <>
          <NumberField
            label="Temperature (T)"
            value={temperature}
            rule={BOUNDS.temperature}
            disabled={busy}
            onCommit={(value) => set({ temperature: value })}
            onValidity={(valid) => dispatch(draftValidity('temperature', valid))}
          />
          <NumberField
            label="Soft-target weight (α)"
            value={alpha}
            rule={BOUNDS.alpha}
            step={0.05}
            disabled={busy}
            onCommit={(value) => set({ alpha: value })}
            onValidity={(valid) => dispatch(draftValidity('alpha', valid))}
          />
          <p className="hint">
            Fine-tune learns from the trained baseline’s outputs softened at T as well as from the labels (Hinton et al.
            2015): loss = (1 − α)·cross-entropy + α·T²·KL(teacher ‖ student), both at T. Its point goes on Accuracy vs
            sparsity as its own run, beside plain fine-tuning.
          </p>
        </>
      )}
    </fieldset>
  );
}
