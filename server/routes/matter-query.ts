/** The matter query's guard: its filters (contract/matter-query.ts) serve the list, the search, the statistics and the ledger. */
import type { FastifyRequest } from 'fastify';
import { invalidInput } from '../../services/errors';

/** A misspelt filter would silently widen the query: refuse parameters the route does not know, by name. */
export function refuseUnknown(known: object) {
  return async (request: FastifyRequest) => {
    const unknown = Object.keys(request.query as object).filter((name) => !(name in known));
    if (unknown.length > 0) throw invalidInput(`unknown query parameter: ${unknown.join(', ')}`, unknown.map((name) => ({ path: name, message: 'not a parameter of this query' })));
  };
}
