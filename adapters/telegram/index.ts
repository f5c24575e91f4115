/** The telegram adapter is not built yet (see its issue). */
import type { StartAdapter } from '../types.ts';

export const start: StartAdapter = async () => {
  throw new Error('the telegram adapter is not built yet');
};
