// The coldchain page — still the honest placeholder until its work lands.

import { Placeholder } from '../../app/Placeholder';

export function ColdChain() {
  return <Placeholder page="coldchain" />;
}
