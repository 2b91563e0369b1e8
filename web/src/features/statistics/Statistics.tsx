// The statistics page — still the honest placeholder until its work lands.

import { Placeholder } from '../../app/Placeholder';

export function Statistics() {
  return <Placeholder page="statistics" />;
}
