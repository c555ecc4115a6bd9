import { PruneFieldset } from '../controls/PruneFieldset';
import type { Page } from './usePage';

/** "2. Prune", wired to the page: the same fieldset on the full page and in presenter view. */
export function PruneControls({ page }: { page: Page }) {
  const { snapshot, trained, idle, round } = page;
  return (
    <PruneFieldset
      rule={page.settings.rule}
      dataset={page.settings.dataset}
      applied={snapshot?.rule ?? null}
      collapse={snapshot?.collapse ?? []}
      trained={trained}
      earlierRounds={round > 1 || Boolean(snapshot?.compaction)}
      conv={
        snapshot?.picture
          ? Boolean(snapshot.picture.spec.conv)
          : page.own.model
            ? Boolean(page.own.model.spec.conv)
            : page.settings.model.architecture !== 'mlp' && !page.own.data
      }
      firstCut={trained && snapshot?.round === 1 && !snapshot.results['After pruning']}
      disabled={!idle || !trained}
      onRule={page.changeRule}
    />
  );
}
