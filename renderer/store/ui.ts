// What the window shows around the data: the bottom tab, the notice line, log export.
import type { StateCreator } from 'zustand';
import { bridge, describeError } from '../api';
import type { AppState, UiSlice } from './types';

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  bottomTab: 'log',
  setBottomTab(bottomTab) {
    set({ bottomTab });
  },
  notify(kind, text) {
    set({ notice: { id: Date.now(), kind, text } });
  },
  notifyError(error) {
    const e = describeError(error);
    get().notify('error', `${e.message}${e.hint ? ` ${e.hint}` : ''}`);
  },
  dismissNotice() {
    set({ notice: undefined });
  },
  async exportLog(format) {
    try {
      const result = await bridge()['log/export']({ format });
      if (result.path) get().notify('info', `Saved ${result.count} requests to ${result.path}.`);
    } catch (error) {
      get().notifyError(error);
    }
  },
});
