// The two port clocks: Urumqi (UTC+6, local solar time of the port) and Beijing (UTC+8, the railway's).

import { useEffect, useState } from 'react';
import { BEIJING_TZ, URUMQI_TZ, utcOffsetLabel, utcOffsetMinutes } from '../i18n/format';
import { useI18n } from '../i18n/locale';

export function Clock() {
  const { t, fmt } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const zones = [
    { tz: URUMQI_TZ, label: t('clock.urumqi') },
    { tz: BEIJING_TZ, label: t('clock.beijing') },
  ];
  return (
    <div className="clocks">
      {zones.map((z) => (
        <div key={z.tz} className="clock" data-testid={`clock-${z.tz}`}>
          <div className="clock-label">
            {z.label} <span className="clock-offset">{utcOffsetLabel(utcOffsetMinutes(now, z.tz))}</span>
          </div>
          <time className="clock-time" dateTime={now.toISOString()}>
            {fmt.clock(now, z.tz)}
          </time>
          <div className="clock-date">{fmt.clockDate(now, z.tz)}</div>
        </div>
      ))}
    </div>
  );
}
