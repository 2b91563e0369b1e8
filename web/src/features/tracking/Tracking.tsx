// The tracking page — still the honest placeholder until its work lands.

import { Placeholder } from '../../app/Placeholder';

export function Tracking() {
  return <Placeholder page="tracking" />;
}
