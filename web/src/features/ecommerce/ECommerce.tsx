// The ecommerce page — still the honest placeholder until its work lands.

import { Placeholder } from '../../app/Placeholder';

export function ECommerce() {
  return <Placeholder page="ecommerce" />;
}
