// Client spans around the database layer: one per statement, named after
// it, carrying the SQL text as written (with $n placeholders: parameter
// values are never recorded) and the server's error code on failure.

import { type Env, HyperdriveBinding } from "./contract";
import { type Queryer, secretsOf, toDatabaseError } from "./db";
import { type Attributes, SpanKind, StatusCode, type Trace } from "./trace";

/**
 * traced wraps q so that each statement runs in a client span, child of the
 * span parentSpanId, and every failure leaves as a DatabaseError.
 */
export function traced(q: Queryer, env: Env, trace: Trace, parentSpanId: string): Queryer {
  return {
    async query(st, params) {
      const span = trace.startSpan(st.name, SpanKind.Client, parentSpanId, {
        ...target(env),
        "db.operation.name": st.name.split(" ")[0] ?? "",
        "db.statement": st.text,
      });
      try {
        return await q.query(st, params);
      } catch (err) {
        const e = toDatabaseError(err, secretsOf(env));
        if (e.code !== "") span.setAttributes({ "error.type": e.code });
        span.recordError(e.code || e.name, e.message);
        span.setStatus(StatusCode.Error, e.message);
        throw e;
      } finally {
        span.end();
      }
    },
    close: () => q.close(),
  };
}

/** target names the database without the connection string: host and name only. */
function target(env: Env): Attributes {
  const h = env[HyperdriveBinding] as Partial<Hyperdrive> | undefined;
  const attrs: Attributes = { "db.system": "postgresql" };
  if (h?.database) attrs["db.namespace"] = h.database;
  if (h?.host) attrs["server.address"] = h.host;
  if (h?.port) attrs["server.port"] = h.port;
  return attrs;
}
