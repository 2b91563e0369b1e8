// How a route's transit time reads: hours under two days ("30 h"), else days ("8 d", "14.5 d"),
// marked as approximate when the API says the figure is an estimate. Pure.

import type { Formatters } from '../../i18n/format';
import type { MessageKey, Params } from '../../i18n/messages';

type T = (key: MessageKey, params?: Params) => string;

export function transitText(days: number, estimated: boolean | undefined, t: T, fmt: Formatters): string {
  const text =
    days < 2
      ? t('list.hoursValue', { hours: fmt.integer(Math.round(days * 24)) })
      : t('list.daysValue', { days: fmt.decimal(days) });
  return estimated ? t('list.approx', { value: text }) : text;
}
