// The enterprises page — still the honest placeholder until its work lands.

import { Placeholder } from '../../app/Placeholder';

export function Enterprises() {
  return <Placeholder page="enterprises" />;
}
