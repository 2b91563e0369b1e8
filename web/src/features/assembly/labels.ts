// Words of the Assembly page that come from the server as codes: a planner's solve status.

import type { MessageKey, Params } from '../../i18n/messages';

/** 'optimal' / 'feasible' in the chosen language; another status shows as sent. */
export function solveStatus(t: (key: MessageKey, params?: Params) => string, status: string): string {
  return status === 'optimal' || status === 'feasible' ? t(`asm.solve.${status}`) : status;
}
