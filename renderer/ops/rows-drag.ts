/** What a drag of rows within the window carries (the selection itself stays in the store). */
export const ROWS_TYPE = 'application/x-bucket-explorer-rows';
