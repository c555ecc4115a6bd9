import { METHODS, PRUNE_BY, SCOPES, type PruneRule } from './prune';

/**
 * Why `rule` cannot be applied, in the words of the project's messages (what was expected, what
 * came), or null when it can. A session refuses such a rule whole and keeps the one it had.
 */
export function validateRule(rule: PruneRule): string | null {
  if (!(rule.by in PRUNE_BY)) return `Expected a criterion (${Object.keys(PRUNE_BY).join(', ')}), but got "${rule.by}"`;
  if (!(rule.scope in SCOPES)) return `Expected a scope (${Object.keys(SCOPES).join(', ')}), but got "${rule.scope}"`;
  if (!(rule.method in METHODS))
    return `Expected a method (${Object.keys(METHODS).join(', ')}), but got "${rule.method}"`;
  if (!(Number.isFinite(rule.threshold) && rule.threshold >= 0))
    return `Expected a threshold >= 0, but got ${rule.threshold}`;
  if (!(Number.isFinite(rule.targetFraction) && rule.targetFraction >= 0 && rule.targetFraction < 1)) {
    return `Expected a target sparsity from 0 up to (not including) 1, but got ${rule.targetFraction}`;
  }
  if (!(Number.isFinite(rule.quality) && rule.quality >= 0))
    return `Expected a quality parameter >= 0, but got ${rule.quality}`;
  if (!(Number.isFinite(rule.outputRate) && rule.outputRate > 0 && rule.outputRate <= 1)) {
    return `Expected an output-layer rate > 0 and <= 1, but got ${rule.outputRate}`;
  }
  return null;
}

/** Pruning by magnitude at `threshold`, per layer, weights, output layer at the same rate: the seed's rule. */
export function magnitudeRule(threshold: number): PruneRule {
  return {
    by: 'magnitude',
    scope: 'layer',
    method: 'unstructured',
    threshold,
    targetFraction: 0,
    quality: 0,
    outputRate: 1,
  };
}
