// Sends a request's spans to the OTLP/HTTP endpoint, after the response, in
// ctx.waitUntil. An export that fails is logged once and never retried: the
// response is gone and the Worker's leftover time is short.

import type { Config } from "./config";
import type { Logger } from "./log";
import { encodeTraces, type Scope } from "./otlp";
import type { SpanData } from "./trace";

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** The instrumentation scope of every span the Worker makes. */
export const scope: Scope = { name: "github.com/groundwork-iac/groundwork/workloads/edge" };

/**
 * exportSpans POSTs spans as application/x-protobuf to cfg.tracesURL with the
 * OTLP headers, within cfg.exportTimeoutMs. It never throws. Neither the
 * headers nor the endpoint appear in the warning it logs.
 */
export async function exportSpans(
  cfg: Config,
  spans: readonly SpanData[],
  fetch: Fetch,
  log: Logger,
): Promise<void> {
  if (!cfg.tracesURL || spans.length === 0) return;
  try {
    const body = encodeTraces(cfg.resource, scope, spans);
    const res = await fetch(cfg.tracesURL, {
      method: "POST",
      headers: { ...cfg.otlpHeaders, "content-type": "application/x-protobuf" },
      body,
      signal: AbortSignal.timeout(cfg.exportTimeoutMs),
    });
    await res.body?.cancel(); // the answer is not read; free the connection
    if (!res.ok) {
      log.warn("span export failed", { status: res.status, spans: spans.length });
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const reason = e.name === "TimeoutError" ? `timed out after ${cfg.exportTimeoutMs}ms` : `${e.name}: ${e.message}`;
    log.warn("span export failed", { error: reason, spans: spans.length });
  }
}
