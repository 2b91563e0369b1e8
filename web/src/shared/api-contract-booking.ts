// Type-level contract, never imported: the server's booking and import-report shapes fit what the
// Assembly page reads, so `tsc -p web/tsconfig.json` fails when the booking module changes a field the
// dashboard uses (checked by adding a field to `Booking` in api.ts: tsc names it here).

import type * as Server from '../../../src/modules/booking/service';
import type { Booking, ImportReport } from './api';

type Fits<A, B extends A> = B;
export type BookingContractChecks = [Fits<Booking, Server.Booking>, Fits<ImportReport, Server.ImportReport>];
