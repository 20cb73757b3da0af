import type { AppContext } from './context';

/**
 * Where a feature's service objects come from. A service is built once per running app (per AppContext) the
 * first time anything asks for it, and every route file and service that needs it gets that one object: no
 * service constructs its collaborators, and tests that build their own app get their own set.
 */
const registry = new WeakMap<AppContext, Map<unknown, unknown>>();

export function serviceOf<T>(ctx: AppContext, Service: new (ctx: AppContext) => T): T {
  let services = registry.get(ctx);
  if (!services) {
    services = new Map();
    registry.set(ctx, services);
  }
  let service = services.get(Service) as T | undefined;
  if (!service) {
    service = new Service(ctx);
    services.set(Service, service);
  }
  return service;
}
