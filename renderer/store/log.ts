// The request log: records by id, newest first, capped; filters and the selected record.
import type { StateCreator } from 'zustand';
import { LOG_CAPACITY, type AppState, type LogSlice } from './types';

export const createLogSlice: StateCreator<AppState, [], [], LogSlice> = (set) => ({
  logIds: [],
  logById: {},
  logDropped: 0,
  logFilter: 'all',
  logBucket: '',
  logSearch: '',
  logClearedThrough: 0,
  setLogBucket(logBucket) {
    set({ logBucket });
  },
  setLogSearch(logSearch) {
    set({ logSearch });
  },
  clearLog() {
    set((s) => ({
      logClearedThrough: Math.max(s.logClearedThrough, ...s.logIds),
      logIds: [],
      logById: {},
      logDropped: 0,
      selectedRequestId: undefined,
    }));
  },
  appendRecords(records) {
    set((s) => {
      const byId = { ...s.logById };
      const fresh: number[] = [];
      for (const record of records) {
        if (record.id <= s.logClearedThrough) continue;
        if (!byId[record.id]) fresh.push(record.id);
        byId[record.id] = record;
      }
      let ids = fresh.length ? [...fresh.sort((a, b) => b - a), ...s.logIds] : s.logIds;
      let dropped = s.logDropped;
      if (ids.length > LOG_CAPACITY) {
        for (const id of ids.slice(LOG_CAPACITY)) delete byId[id];
        dropped += ids.length - LOG_CAPACITY;
        ids = ids.slice(0, LOG_CAPACITY);
      }
      return { logById: byId, logIds: ids, logDropped: dropped };
    });
  },
  setLogFilter(logFilter) {
    set({ logFilter });
  },
  selectRequest(id) {
    set({ selectedRequestId: id });
  },
});
