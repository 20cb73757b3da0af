import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';

export function registerLedgerRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
