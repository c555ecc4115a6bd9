import { useCallback, useReducer, useRef } from 'react';
import type { PruneRule } from '../../core/pruning/prune';
import { ruleOf } from '../../settings/derive';
import { initialSettingsState, settingsReducer, type SettingsAction, type SettingsState } from '../../settings/reducer';
import type { Settings } from '../../settings/settings';

export interface SettingsStore {
  /** The settings and drafts this render shows. */
  state: SettingsState;
  /**
   * Applies `action` (React's dispatch) and returns the state it leads to at once, so that an
   * event handler can tell the session about a change without waiting for a render: a slider step
   * goes to the session in the same event. Stable.
   */
  apply: (action: SettingsAction) => SettingsState;
  /** The pruning rule of the newest settings, for a session being built now. Stable. */
  currentRule: () => PruneRule;
  /** The newest settings, ahead of the render (two key presses in one frame both count). Stable. */
  currentSettings: () => Settings;
}

/**
 * The page's settings: `useReducer(settingsReducer)`, plus the newest state for the code that meets
 * the session (src/settings holds the value and its rules; this is where React and the session read it).
 */
export function useSettings(initial?: Settings): SettingsStore {
  const [state, dispatch] = useReducer(settingsReducer, initial, initialSettingsState);
  // Every action goes through `apply`, which reduces it here too: `latest` is always the newest state.
  const latest = useRef(state);
  const apply = useCallback((action: SettingsAction) => {
    latest.current = settingsReducer(latest.current, action);
    dispatch(action);
    return latest.current;
  }, []);
  const currentRule = useCallback(() => ruleOf(latest.current.settings), []);
  const currentSettings = useCallback(() => latest.current.settings, []);
  return { state, apply, currentRule, currentSettings };
}
