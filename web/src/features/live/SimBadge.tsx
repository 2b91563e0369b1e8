// The "simulated data / 模拟数据" badge: shown while the digital twin feeds the platform, so nobody
// mistakes the twin's trains for real ones. The server says so in GET /api/v1/twin ({simulated}).

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { api } from '../../shared/api';

/** Whether a health answer says the twin is running (the simulator's flag). */
export function simulatedFlag(health: unknown): boolean {
  if (!health || typeof health !== 'object') return false;
  const h = health as { simulated?: unknown; simulator?: unknown; twin?: unknown };
  if (h.simulated === true || h.twin === true) return true;
  const s = h.simulator;
  if (s === true) return true;
  return (
    !!s &&
    typeof s === 'object' &&
    ((s as { running?: unknown }).running === true || (s as { enabled?: unknown }).enabled === true)
  );
}

export function SimBadge() {
  const { t } = useI18n();
  const [on, setOn] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    const check = () =>
      api.json<unknown>('/api/v1/twin', { signal: ctrl.signal }).then(
        (h) => setOn(simulatedFlag(h)),
        () => undefined,
      );
    check();
    // the twin starts a moment after the server: look again every 10 s
    const id = window.setInterval(check, 10_000);
    return () => {
      ctrl.abort();
      window.clearInterval(id);
    };
  }, []);
  if (!on) return null;
  return (
    <span className="sim-badge" data-testid="sim-badge" title={t('live.simulatedHint')}>
      {t('live.simulated')}
    </span>
  );
}
