/** `--routing` as typed by a person, refused by name when it is not a routing mode. */
import { ROUTING_MODES, type RoutingMode } from '../shared/types';
import { UsageError } from './usage-error';

export class RoutingModeError extends UsageError {
  override readonly name = 'RoutingModeError';
}

export function parseRouting(raw: string): RoutingMode {
  const mode = ROUTING_MODES.find((m) => m === raw);
  if (!mode) throw new RoutingModeError(`--routing must be one of ${ROUTING_MODES.join(', ')} (got "${raw}")`);
  return mode;
}
