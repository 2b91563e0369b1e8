// The Assembly center page: bookings (filters, paging, import, export), the consolidation plan
// (departures with fill bars, unassigned bookings) and a departure's load plan as a wagon diagram.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { useAuth } from '../auth/auth';
import { RequireRole } from '../auth/SignIn';
import { BookingsPanel } from './BookingsPanel';
import { LiveSchematic } from './LiveSchematic';
import { LoadPlanView } from './LoadPlanView';
import { PlanPanel } from './PlanPanel';
import './assembly.css';

export const BOOKING_ROLES = [
  'admin',
  'planner',
  'dispatcher',
  'management',
  'forwarder',
  'shipper',
] as const;
export const PLAN_ROLES = ['admin', 'planner', 'dispatcher'] as const;
const VIEW_PLAN_ROLES = ['admin', 'planner', 'dispatcher', 'management'] as const;

export function Assembly() {
  const { t } = useI18n();
  const auth = useAuth();
  const [version, setVersion] = useState(0);
  const [openDeparture, setOpenDeparture] = useState<string | null>(null);
  const bump = () => setVersion((v) => v + 1);
  return (
    <div className="asm" data-testid="assembly">
      <div className="asm-head">
        <div>
          <h1>{t('asm.title')}</h1>
          <p>{t('asm.subtitle')}</p>
        </div>
      </div>
      <LiveSchematic />
      <RequireRole roles={BOOKING_ROLES}>
        {openDeparture ? (
          <LoadPlanView
            departureId={openDeparture}
            canRun={auth.hasRole(...PLAN_ROLES)}
            onClose={() => setOpenDeparture(null)}
          />
        ) : (
          <div className="asm-grid">
            <BookingsPanel version={version} onImported={bump} />
            {auth.hasRole(...VIEW_PLAN_ROLES) && (
              <PlanPanel canRun={auth.hasRole(...PLAN_ROLES)} onPlanned={bump} onOpen={setOpenDeparture} />
            )}
          </div>
        )}
      </RequireRole>
    </div>
  );
}
