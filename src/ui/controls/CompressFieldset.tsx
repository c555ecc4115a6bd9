import { QUANTIZATIONS, type Quantization } from '../../core/compression/quantize';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { bitsBounds, type CompressionSettings } from '../../settings/settings';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';
import './fieldset.css';

export interface CompressFieldsetProps {
  compression: CompressionSettings;
  busy: boolean;
  dispatch: SettingsDispatch;
}

/** "4. Compress": Quantization and Bits, applied on top of the mask at once. */
export function CompressFieldset({ compression, busy, dispatch }: CompressFieldsetProps) {
  const { quantization, bits } = compression;
  return (
    <fieldset>
      <legend>4. Compress</legend>
      <SelectField
        label="Quantization"
        value={quantization}
        disabled={busy}
        options={Object.entries(QUANTIZATIONS) as Array<[Quantization, string]>}
        onChange={(value) => dispatch({ type: 'setCompression', patch: { quantization: value } })}
      />
      <NumberField
        key={quantization}
        label="Bits"
        value={bits}
        rule={bitsBounds(quantization)}
        step={1}
        disabled={busy || quantization === 'none'}
        onCommit={(value) => dispatch({ type: 'setCompression', patch: { bits: value } })}
        onValidity={(valid) => dispatch(draftValidity('bits', valid))}
      />
      <p className="hint">
        {quantization === 'kmeans'
          ? `Each layer’s kept weights share ${2 ** bits} values, found by k-means from a linear start over their range (Deep Compression). Fine-tune trains the shared values; the mask stays.`
          : quantization === 'none'
            ? 'The weights stay float32. Quantization is applied on top of the mask and evaluated at once; the float weights are kept, so None gives them back exactly.'
            : `Kept weights become ${bits}-bit integers times a scale per ${quantization === 'channel' ? 'output neuron' : 'layer'}, symmetric around 0 (TensorFlow Lite’s int8 when Bits is 8).`}
      </p>
    </fieldset>
  );
}
