// The bonded page — still the honest placeholder until its work lands.

import { Placeholder } from '../../app/Placeholder';

export function Bonded() {
  return <Placeholder page="bonded" />;
}
