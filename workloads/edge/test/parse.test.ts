import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { parseDuration, parseOTLPHeaders, parseResourceAttributes } from "../src/parse";
import type { Env } from "../src/contract";
import { testEnv } from "./harness";

describe("parseDuration", () => {
  it.each([
    ["5s", 5_000],
    ["10s", 10_000],
    ["250ms", 250],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["1h2m3s4ms", 3_723_004],
    ["500us", 0.5],
    ["500µs", 0.5],
    ["1000000ns", 1],
    [".5s", 500],
    ["0", 0],
    ["-2s", -2_000],
  ])("%s is %d ms", (s, ms) => {
    expect(parseDuration(s)).toBeCloseTo(ms, 9);
  });

  it.each([[""], ["5"], ["s"], ["5 s"], ["5sec"], ["1d"], ["ten seconds"], ["5s "]])("rejects %j", (s) => {
    expect(() => parseDuration(s)).toThrow(/not a duration/);
  });
});

describe("parseOTLPHeaders", () => {
  it("decodes percent-encoded values and trims", () => {
    expect(parseOTLPHeaders(" authorization = Basic%20dXNlcjpwYXNz ,x-a=b%2Cc=d,, ")).toEqual({
      authorization: "Basic dXNlcjpwYXNz",
      "x-a": "b,c=d",
    });
  });

  it("is empty for an empty value", () => {
    expect(parseOTLPHeaders("")).toEqual({});
  });

  it("names bad entries by position, never by content", () => {
    expect(() => parseOTLPHeaders("a=1,secret-without-equals,b=%zz")).toThrow(
      "OTLP headers entry 2 is not key=value; OTLP headers entry 3 has a badly URL-encoded value",
    );
    try {
      parseOTLPHeaders("secret-without-equals");
    } catch (err) {
      expect((err as Error).message).not.toContain("secret");
    }
  });
});

describe("parseResourceAttributes", () => {
  it("decodes values, keeps undecodable ones and skips entries without a key", () => {
    expect(parseResourceAttributes("cloud.provider=cloudflare,deployment.environment=prod%20eu,bad=%zz,novalue,=x")).toEqual({
      "cloud.provider": "cloudflare",
      "deployment.environment": "prod eu",
      bad: "%zz",
    });
  });
});

describe("loadConfig", () => {
  it("falls back to the contract's defaults", () => {
    const { config, problems } = loadConfig({ HYPERDRIVE: testEnv().HYPERDRIVE });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      serviceName: "unknown_service",
      logLevel: "info",
      sampleRatio: 1,
      tracesURL: undefined,
      otlpHeaders: {},
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 10_000,
      handlerTimeoutMs: 30_000,
      exportTimeoutMs: 5_000,
    });
  });

  it("reads every binding", () => {
    const { config, problems } = loadConfig(
      testEnv({
        OTEL_SERVICE_NAME: "edge",
        OTEL_RESOURCE_ATTRIBUTES: "service.name=ignored,service.version=abc",
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
        LOG_LEVEL: "WARNING",
        DB_CONNECT_TIMEOUT: "2s",
        DB_STATEMENT_TIMEOUT: "1500ms",
        HANDLER_TIMEOUT: "8s",
        OTLP_EXPORT_TIMEOUT: "3s",
      }),
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      serviceName: "edge",
      resource: { "service.name": "edge", "service.version": "abc" },
      tracesURL: "https://otlp.example.com/v1/traces",
      sampleRatio: 0.25,
      logLevel: "warn",
      connectTimeoutMs: 2_000,
      statementTimeoutMs: 1_500,
      handlerTimeoutMs: 8_000,
      exportTimeoutMs: 3_000,
    });
  });

  it("reads local vars that are JSON numbers as text", () => {
    const env = { ...testEnv(), OTEL_TRACES_SAMPLER_ARG: 0.5, DB_CONNECT_TIMEOUT: 5 } as unknown as Env;
    const { config, problems } = loadConfig(env);
    expect(config.sampleRatio).toBe(0.5);
    expect(problems.map((p) => p.msg)).toEqual(["ignoring DB_CONNECT_TIMEOUT"]);
  });

  it("reports unusable values and keeps the defaults", () => {
    const { config, problems } = loadConfig(
      testEnv({
        LOG_LEVEL: "verbose",
        OTEL_TRACES_SAMPLER_ARG: "2",
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_EXPORTER_OTLP_HEADERS: "nonsense",
        DB_CONNECT_TIMEOUT: "0s",
        HANDLER_TIMEOUT: "soon",
      }),
    );
    expect(problems.map((p) => `${p.level}: ${p.msg}`)).toEqual([
      "warn: ignoring LOG_LEVEL",
      "warn: ignoring OTEL_TRACES_SAMPLER_ARG",
      "error: OTLP headers unavailable; exporting spans without them",
      "warn: OTEL_EXPORTER_OTLP_ENDPOINT is not set; spans are not exported",
      "warn: ignoring DB_CONNECT_TIMEOUT",
      "warn: ignoring HANDLER_TIMEOUT",
    ]);
    expect(config).toMatchObject({ logLevel: "info", sampleRatio: 1, connectTimeoutMs: 5_000, handlerTimeoutMs: 30_000 });
    expect(JSON.stringify(problems)).not.toContain("nonsense");
  });
});
