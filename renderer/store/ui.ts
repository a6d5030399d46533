// What the window shows around the data: the bottom tab, the notice line, log export.
import type { StateCreator } from 'zustand';
import { bridge, errorText } from '../api';
import { prefs } from './prefs';
import type { AppState, UiSlice } from './types';

export const MIN_BOTTOM = 120;
/**
 * What the table above the panel keeps at least: its toolbars (two rows in a narrow window), a
 * search banner, its header, status bar and a few rows. With 250 px the smallest window (900 × 560)
 * showed a search's results as a count with no row on screen. App.tsx caps the panel the same way.
 */
export const MAIN_MIN = 330;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  keyboardHelp: false,
  setKeyboardHelp(keyboardHelp) {
    set({ keyboardHelp });
  },
  bottomTab: 'log',
  setBottomTab(bottomTab) {
    set({ bottomTab, bottomCollapsed: false });
  },
  bottomHeight: prefs.panel().height,
  bottomCollapsed: prefs.panel().collapsed,
  setBottomHeight(height) {
    // The table above keeps room for a few rows; the panel keeps room for its tabs and a row.
    const max = Math.max(MIN_BOTTOM, window.innerHeight - MAIN_MIN);
    const bottomHeight = Math.round(Math.min(max, Math.max(MIN_BOTTOM, height)));
    set({ bottomHeight, bottomCollapsed: false });
    prefs.setPanel({ height: bottomHeight, collapsed: false });
  },
  toggleBottom() {
    const bottomCollapsed = !get().bottomCollapsed;
    set({ bottomCollapsed });
    prefs.setPanel({ height: get().bottomHeight, collapsed: bottomCollapsed });
  },
  notify(kind, text) {
    set({ notice: { id: Date.now(), kind, text } });
  },
  notifyError(error) {
    get().notify('error', errorText(error));
  },
  dismissNotice() {
    set({ notice: undefined });
  },
  async exportLog(format, ids) {
    try {
      const result = await bridge()['log/export']({ format, ids });
      if (result.path) get().notify('info', `Saved ${result.count} requests to ${result.path}.`);
    } catch (error) {
      get().notifyError(error);
    }
  },
});
