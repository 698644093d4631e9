/**
 * Scenario files: YAML read with the `yaml` package and checked with a zod
 * schema, then resolved into the unit-free `Scenario` the simulation runs.
 * Every error names the line, column and field path, so a message such as
 * `orders.yaml:14:17: services[0].serviceTime.exponential.mean: "3kg" is not
 * a time` points at the fix. The format is documented in docs/scenarios.md.
 */
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import {
  type ArrivalProcess,
  DEFAULT_ALERTS,
  DEFAULT_HEATMAP_BOUNDS_MS,
  DEFAULT_RETRY,
  type Distribution,
  type EmitSpec,
  type FieldSpec,
  type Scenario,
  type ServiceSpec,
} from "../engine/sim/scenario.ts";

/** Largest scenario text accepted, in characters. Real scenarios are a few kilobytes. */
export const MAX_SCENARIO_CHARS = 1_048_576;

/** Largest key count with a Zipf distribution, whose sampling table takes 8 bytes per key. */
const MAX_ZIPF_KEYS = 1_000_000;
/**
 * Highest producer rate a scenario may set, events per second, the same
 * limit as the rate control in the simulation bar. Without it a typo such as
 * 1e12/s runs for years of wall time with no output.
 * NOTE: near this limit a 15-minute run still takes hours, because the engine
 * handles an estimated few hundred thousand events per wall second.
 */
export const MAX_RATE_PER_SECOND = 10_000_000;

export interface ScenarioIssue {
  /** 1-based line and column in the source, or 0 when the issue is about the whole file. */
  line: number;
  column: number;
  /** Field path such as `services[2].retry.maxAttempts`; empty for the whole file. */
  path: string;
  message: string;
}

export type ScenarioParseResult =
  | { ok: true; scenario: Scenario }
  | { ok: false; issues: ScenarioIssue[] };

/** Error thrown by `loadScenario`; `issues` contains every problem found. */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];

  constructor(sourceName: string, issues: ScenarioIssue[]) {
    super(issues.map((issue) => formatScenarioIssue(sourceName, issue)).join("\n"));
    this.name = "ScenarioError";
    this.issues = issues;
  }
}

/** Formats an issue as `SOURCE:LINE:COLUMN: PATH: MESSAGE`. */
export function formatScenarioIssue(sourceName: string, issue: ScenarioIssue): string {
  const place =
    issue.line > 0 ? `${sourceName}:${issue.line}:${issue.column}` : sourceName;
  return issue.path
    ? `${place}: ${issue.path}: ${issue.message}`
    : `${place}: ${issue.message}`;
}

/** Parses scenario YAML and returns the scenario or every issue found, without throwing. */
export function parseScenario(text: string): ScenarioParseResult {
  if (text.length > MAX_SCENARIO_CHARS) {
    const message = `scenario is ${text.length} characters, over the limit of ${MAX_SCENARIO_CHARS}; split it or remove generated content`;
    return { ok: false, issues: [{ line: 0, column: 0, path: "", message }] };
  }

  // Step 1: YAML syntax.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        line: position.line,
        column: position.col,
        path: "",
        message: error.message,
      };
    });
    return { ok: false, issues };
  }

  // Step 2: shape, types and units.
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // The yaml package throws when aliases expand beyond maxAliasCount.
    const message = `${error instanceof Error ? error.message : String(error)}; use fewer YAML aliases`;
    return { ok: false, issues: [{ line: 0, column: 0, path: "", message }] };
  }
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    const issues = flattenIssues(parsed.error.issues).map((issue) =>
      locate(doc.contents, lineCounter, issue.path, issue.message),
    );
    return { ok: false, issues };
  }

  // Step 3: references between producers, topics and services, and emit cycles.
  const referenceIssues = checkReferences(parsed.data).map((issue) =>
    locate(doc.contents, lineCounter, issue.path, issue.message),
  );
  if (referenceIssues.length > 0) return { ok: false, issues: referenceIssues };
  return { ok: true, scenario: toScenario(mergeSubscribers(parsed.data)) };
}

/** Parses scenario YAML or throws a `ScenarioError` whose message lists every issue. */
export function loadScenario(text: string, sourceName = "scenario"): Scenario {
  const result = parseScenario(text);
  if (!result.ok) throw new ScenarioError(sourceName, result.issues);
  return result.scenario;
}

/** Parses a run duration such as `15m` or `90s` into ms, at most 24h; returns an error message for anything else. */
export function parseDuration(
  text: string,
): { ok: true; ms: number } | { ok: false; message: string } {
  const result = runDurationMs.safeParse(text);
  if (result.success) return { ok: true, ms: result.data };
  return {
    ok: false,
    message: result.error.issues[0]?.message ?? `"${text}" is not a time`,
  };
}

// ---------------------------------------------------------------- units

const TIME_UNITS_MS: Record<string, number> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const RATE_UNITS_PER_SECOND: Record<string, number> = { s: 1, m: 1 / 60, h: 1 / 3600 };

/** A duration such as `3ms`, `1.5s`, `15m` or `250us`, resolved to milliseconds. */
const timeMs = z
  .union([z.string(), z.number()], { error: "expected a time such as 3ms or 1.5s" })
  .transform((value, ctx) => {
    if (typeof value === "number") {
      ctx.addIssue({
        code: "custom",
        message: `${value} has no unit; write a time such as ${value}ms or ${value}s`,
      });
      return z.NEVER;
    }
    const match = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([a-zµ]+)$/i.exec(value.trim());
    if (!match) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" is not a time; write a number and a unit, such as 3ms, 1.5s or 15m`,
      });
      return z.NEVER;
    }
    const scale = TIME_UNITS_MS[match[2]];
    if (scale === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `unit "${match[2]}" in "${value}" is not a time; use us, ms, s, m or h`,
      });
      return z.NEVER;
    }
    const ms = Number(match[1]) * scale;
    if (!(ms >= 0)) {
      ctx.addIssue({ code: "custom", message: `time "${value}" must not be negative` });
      return z.NEVER;
    }
    return ms;
  });

const positiveTimeMs = timeMs.refine((ms) => ms > 0, {
  message: "time must be greater than 0",
});

/**
 * Longest run, in virtual time. The default scenario simulates about 20,000
 * deliveries per virtual second, so a day is about 1.7 billion deliveries and
 * some 15 minutes of wall time on one core; longer runs look like a hang.
 */
export const MAX_RUN_DURATION_MS = 24 * 3_600_000;

/** A run's duration: positive and at most MAX_RUN_DURATION_MS. */
const runDurationMs = positiveTimeMs.refine((ms) => ms <= MAX_RUN_DURATION_MS, {
  error: (issue) =>
    `duration ${Number(issue.input) / 3_600_000}h is over the limit of 24h of virtual time; simulate at most 24h per run`,
});

/** Events per second from `2000/s`, `90/m`, `5/h` or a plain number per second. */
const ratePerSecond = z
  .union([z.string(), z.number()], { error: "expected a rate such as 2000/s" })
  .transform((value, ctx) => {
    let perSecond: number;
    if (typeof value === "number") {
      perSecond = value;
    } else {
      const match = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*\/\s*([a-z]+)$/i.exec(
        value.trim(),
      );
      const scale = match ? RATE_UNITS_PER_SECOND[match[2]] : undefined;
      if (!match || scale === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `"${value}" is not a rate; write events per time unit, such as 2000/s, 90/m or 5/h`,
        });
        return z.NEVER;
      }
      perSecond = Number(match[1]) * scale;
    }
    if (!(perSecond >= 0) || !Number.isFinite(perSecond)) {
      ctx.addIssue({
        code: "custom",
        message: `rate ${value} must be 0 or more events per second`,
      });
      return z.NEVER;
    }
    if (perSecond > MAX_RATE_PER_SECOND) {
      ctx.addIssue({
        code: "custom",
        message: `rate ${value} is over the maximum of ${MAX_RATE_PER_SECOND} events per second; lower it or split the load across producers`,
      });
      return z.NEVER;
    }
    return perSecond;
  });

/** A probability written as 0.0005 or "0.05%". */
const probability = z
  .union([z.string(), z.number()], {
    error: "expected a probability such as 0.001 or 0.1%",
  })
  .transform((value, ctx) => {
    let fraction = typeof value === "number" ? value : Number.NaN;
    if (typeof value === "string") {
      const match = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*%$/i.exec(value.trim());
      fraction = match ? Number(match[1]) / 100 : Number(value);
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(value)} is not a probability; write a number from 0 to 1 or a percentage such as 0.1%`,
      });
      return z.NEVER;
    }
    return fraction;
  });

/** Multiplier written as `60x` or a plain number; `max` means as fast as possible. */
const speed = z
  .union([z.string(), z.number()], { error: "expected a speed: 1x, 60x or max" })
  .transform((value, ctx) => {
    if (value === "max") return Number.POSITIVE_INFINITY;
    const text = typeof value === "number" ? String(value) : value.trim();
    const match = /^(\d+(?:\.\d+)?)x?$/.exec(text);
    const multiplier = match ? Number(match[1]) : Number.NaN;
    if (!(multiplier > 0)) {
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(value)} is not a speed; write 1x, 60x or max`,
      });
      return z.NEVER;
    }
    return multiplier;
  });

const name = z
  .string({ error: "expected a name (text)" })
  .regex(/^[A-Za-z0-9_.:-]+$/, "use only letters, digits and . _ : - in names")
  .max(100, "names are at most 100 characters");

const positiveInt = (fieldName: string) =>
  z
    .number({ error: `expected ${fieldName} (a whole number)` })
    .int(`${fieldName} must be a whole number`)
    .min(1, `${fieldName} must be at least 1`);

// ---------------------------------------------------------------- distributions

/**
 * Builds the schema of a one-key mapping that names a distribution, such as
 * `{ exponential: { mean: 3ms } }`.
 * `value` parses each parameter: times for service times, plain numbers for fields.
 */
function distributionSchema(value: z.ZodType<number, unknown>) {
  const positive = value.refine((v) => v > 0, { message: "must be greater than 0" });
  const sigma = z
    .number({ error: "expected sigma (a number)" })
    .min(0, "sigma must be 0 or more");
  return z
    .strictObject({
      constant: value.optional(),
      exponential: z.strictObject({ mean: positive }).optional(),
      lognormal: z.strictObject({ median: positive, sigma }).optional(),
      normal: z
        .strictObject({
          mean: value,
          stddev: z.number().min(0, "stddev must be 0 or more"),
        })
        .optional(),
      uniform: z.strictObject({ min: value, max: value }).optional(),
      empirical: z
        .array(
          z.strictObject({
            upTo: positive,
            weight: z.number().min(0, "weight must be 0 or more"),
          }),
        )
        .min(1, "list at least one bucket")
        .optional(),
    })
    .superRefine((spec, ctx) => {
      const kinds = Object.keys(spec).filter(
        (key) => spec[key as keyof typeof spec] !== undefined,
      );
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: "custom",
          message: `name exactly one distribution (constant, exponential, lognormal, normal, uniform or empirical), found ${kinds.length === 0 ? "none" : kinds.join(", ")}`,
        });
      }
      if (spec.uniform && spec.uniform.max < spec.uniform.min) {
        ctx.addIssue({
          code: "custom",
          path: ["uniform", "max"],
          message: "max must be at least min",
        });
      }
      const buckets = spec.empirical ?? [];
      for (let i = 1; i < buckets.length; i++) {
        if (buckets[i].upTo <= buckets[i - 1].upTo) {
          ctx.addIssue({
            code: "custom",
            path: ["empirical", i, "upTo"],
            message: "bucket bounds must increase",
          });
        }
      }
      if (buckets.length > 0 && buckets.every((bucket) => bucket.weight === 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["empirical"],
          message: "at least one weight must be above 0",
        });
      }
    });
}

type RawDistribution = z.output<ReturnType<typeof distributionSchema>>;

const serviceTimeSchema = z.union([timeMs, distributionSchema(timeMs)], {
  error:
    "expected a time such as 3ms or a distribution such as { exponential: { mean: 3ms } }",
});
const plainNumber = z.number({ error: "expected a number" });
const fieldSchema = z.union(
  [
    distributionSchema(plainNumber),
    z.strictObject({
      choice: z.union([
        z.array(z.string()).min(1, "list at least one value"),
        z.strictObject({
          values: z.array(z.string()).min(1, "list at least one value"),
          weights: z.array(z.number().min(0)).optional(),
        }),
      ]),
    }),
  ],
  {
    error:
      "expected a distribution such as { lognormal: { median: 80, sigma: 1.2 } } or { choice: [a, b] }",
  },
);

// ---------------------------------------------------------------- sections

const arrivalSchema = z.union(
  [
    z.enum(["poisson", "constant"], {
      error: "expected poisson, constant, { bursts } or { daily }",
    }),
    z.strictObject({
      bursts: z.strictObject({
        every: positiveTimeMs,
        duration: positiveTimeMs,
        factor: z.number().min(0, "factor must be 0 or more"),
      }),
    }),
    z.strictObject({
      daily: z.strictObject({
        period: positiveTimeMs.default(86_400_000),
        peakAt: timeMs.default(50_400_000),
        trough: z
          .number()
          .min(0)
          .max(1, "trough is a fraction of the peak rate, 0 to 1")
          .default(0.3),
      }),
    }),
  ],
  { error: "expected poisson, constant, { bursts: {...} } or { daily: {...} }" },
);

const producerSchema = z.strictObject({
  name,
  emits: name,
  rate: ratePerSecond,
  arrival: arrivalSchema.default("poisson"),
  keys: z
    .strictObject({
      field: name.default("key"),
      count: positiveInt("keys.count").max(1_000_000_000, "keys.count is at most 1e9"),
      distribution: z.enum(["uniform", "zipf"]).default("uniform"),
      exponent: z.number().positive("exponent must be above 0").default(1),
    })
    .default({ field: "key", count: 1000, distribution: "uniform", exponent: 1 }),
  fields: z.record(z.string(), fieldSchema).default({}),
});

const topicSchema = z.strictObject({
  name,
  carries: z.union([name, z.array(name).min(1, "list at least one event type")], {
    error: "expected an event type or a list of them",
  }),
  partitions: positiveInt("partitions").max(100_000).default(1),
  /** Services that consume this topic, in addition to each service's `consumes`. */
  subscribers: z.array(name).optional(),
});

const emitSchema = z.union(
  [
    name,
    z.strictObject({
      event: name,
      probability: probability.default(1),
      maxHops: positiveInt("maxHops").max(1000).optional(),
    }),
  ],
  { error: "expected an event type or { event, probability, maxHops }" },
);

const serviceSchema = z.strictObject({
  name,
  consumes: z
    .union([name, z.array(name)], { error: "expected a topic name or a list of them" })
    .default([]),
  concurrency: positiveInt("concurrency").max(100_000).default(1),
  serviceTime: serviceTimeSchema,
  failure: probability.default(0),
  timeout: positiveTimeMs.optional(),
  retry: z
    .strictObject({
      maxAttempts: positiveInt("maxAttempts").max(100),
      backoff: z
        .strictObject({
          initial: timeMs.default(DEFAULT_RETRY.initialBackoffMs),
          multiplier: z.number().min(1, "multiplier must be at least 1").default(2),
          jitter: z.number().min(0).max(1, "jitter is a fraction from 0 to 1").default(0),
          max: positiveTimeMs.default(DEFAULT_RETRY.maxBackoffMs),
        })
        .default({
          initial: DEFAULT_RETRY.initialBackoffMs,
          multiplier: 2,
          jitter: 0,
          max: DEFAULT_RETRY.maxBackoffMs,
        }),
    })
    .optional(),
  deadLetter: name.optional(),
  emits: z
    .union([emitSchema, z.array(emitSchema)], {
      error: "expected an event type or a list of emits",
    })
    .optional(),
  maxQueue: positiveInt("maxQueue").optional(),
  ordered: z.boolean({ error: "expected ordered: true or false" }).default(false),
});

const scenarioSchema = z.strictObject({
  name: z.string().max(200).default("scenario"),
  seed: z
    .number({ error: "expected seed (a whole number)" })
    .refine((seed) => Number.isInteger(seed) && seed >= 0 && seed <= 4_294_967_295, {
      error: (issue) =>
        `seed ${issue.input} is not a whole number from 0 to 4294967295; pick one in that range`,
    })
    .default(1),
  duration: runDurationMs.default(900_000),
  speed: speed.default(1),
  producers: z
    .array(producerSchema, { error: "expected a list of producers" })
    .min(1, "list at least one producer"),
  topics: z
    .array(topicSchema, { error: "expected a list of topics" })
    .min(1, "list at least one topic"),
  services: z.array(serviceSchema, { error: "expected a list of services" }).default([]),
  alerts: z
    .strictObject({
      threshold: probability.default(DEFAULT_ALERTS.threshold),
      recovery: probability.default(DEFAULT_ALERTS.recovery),
      minVolume: z.number().int().min(0).default(DEFAULT_ALERTS.minVolume),
      window: z.enum(["1m", "5m", "15m"]).default(DEFAULT_ALERTS.window),
      evaluateEvery: positiveTimeMs.default(DEFAULT_ALERTS.evaluateEveryMs),
    })
    .refine((alerts) => alerts.recovery <= alerts.threshold, {
      message: "recovery must be at or below threshold, or the alert would flap",
      path: ["recovery"],
    })
    .optional(),
  tracing: z
    .strictObject({
      sampleRate: probability.default(1),
      capacity: z.number().int().min(0).max(1_000_000).default(20_000),
    })
    .optional(),
  metrics: z
    .strictObject({
      significantDigits: z.union([z.literal(2), z.literal(3)]).default(2),
      heatmapBounds: z.array(positiveTimeMs).min(1).max(64).optional(),
    })
    .optional(),
  deadLetterCapacity: z.number().int().min(0).max(10_000_000).default(100_000),
});

type RawScenario = z.output<typeof scenarioSchema>;
type RawService = RawScenario["services"][number];

// ---------------------------------------------------------------- references

interface PathIssue {
  path: PropertyKey[];
  message: string;
}

function checkReferences(raw: RawScenario): PathIssue[] {
  const issues: PathIssue[] = [];
  checkUniqueNames(raw, issues);

  const topicsByEvent = new Map<string, string[]>();
  for (const topic of raw.topics) {
    for (const event of toList(topic.carries)) {
      topicsByEvent.set(event, [...(topicsByEvent.get(event) ?? []), topic.name]);
    }
  }
  const topicNames = new Set(raw.topics.map((topic) => topic.name));
  const known = [...topicsByEvent.keys()].join(", ");

  raw.producers.forEach((producer, i) => {
    if (!topicsByEvent.has(producer.emits)) {
      issues.push({
        path: ["producers", i, "emits"],
        message: `no topic carries event "${producer.emits}"; add it to a topic's carries (carried now: ${known})`,
      });
    }
    const arrival = producer.arrival;
    if (
      typeof arrival === "object" &&
      "bursts" in arrival &&
      producer.rate * arrival.bursts.factor > MAX_RATE_PER_SECOND
    ) {
      issues.push({
        path: ["producers", i, "arrival", "bursts", "factor"],
        message: `a burst of ${producer.rate}/s times ${arrival.bursts.factor} is over the maximum of ${MAX_RATE_PER_SECOND} events per second; lower the factor or the rate`,
      });
    }
    if (producer.keys.distribution === "zipf" && producer.keys.count > MAX_ZIPF_KEYS) {
      issues.push({
        path: ["producers", i, "keys", "count"],
        message: `a zipf key distribution supports at most ${MAX_ZIPF_KEYS} keys`,
      });
    }
  });

  const serviceNames = new Set(raw.services.map((service) => service.name));
  raw.topics.forEach((topic, i) => {
    (topic.subscribers ?? []).forEach((subscriber, j) => {
      if (!serviceNames.has(subscriber)) {
        issues.push({
          path: ["topics", i, "subscribers", j],
          message: `service "${subscriber}" does not exist; define it under services (defined: ${[...serviceNames].join(", ") || "none"})`,
        });
      }
    });
  });

  const subscribed = new Set(raw.topics.flatMap((topic) => topic.subscribers ?? []));
  raw.services.forEach((service, i) => {
    if (toList(service.consumes).length === 0 && !subscribed.has(service.name)) {
      issues.push({
        path: ["services", i],
        message: `service "${service.name}" consumes no topic; set consumes, or list it in a topic's subscribers`,
      });
    }
    toList(service.consumes).forEach((topic, j) => {
      if (!topicNames.has(topic)) {
        const path = Array.isArray(service.consumes)
          ? ["services", i, "consumes", j]
          : ["services", i, "consumes"];
        issues.push({
          path,
          message: `topic "${topic}" does not exist; define it under topics (defined: ${[...topicNames].join(", ")})`,
        });
      }
    });
    // A service may emit an event that no topic carries yet, as an event-driven
    // system grows: the emit is counted and reaches no subscriber. Producers are
    // checked above, because a producer whose events reach nothing is a mistake.
    if (service.deadLetter && topicNames.has(service.deadLetter)) {
      issues.push({
        path: ["services", i, "deadLetter"],
        message: `"${service.deadLetter}" is a topic; name a separate dead-letter queue`,
      });
    }
  });

  if (issues.length === 0) issues.push(...findUnboundedCycles(raw, topicsByEvent));
  return issues;
}

function checkUniqueNames(raw: RawScenario, issues: PathIssue[]): void {
  for (const section of ["producers", "topics", "services"] as const) {
    const seen = new Set<string>();
    raw[section].forEach((entry, i) => {
      if (seen.has(entry.name)) {
        issues.push({
          path: [section, i, "name"],
          message: `duplicate name "${entry.name}" in ${section}`,
        });
      }
      seen.add(entry.name);
    });
  }
}

/**
 * Finds an emit cycle (service -> event -> topic -> subscribing service ...)
 * in which no emit has `maxHops`. Such a cycle would emit forever.
 */
function findUnboundedCycles(
  raw: RawScenario,
  topicsByEvent: Map<string, string[]>,
): PathIssue[] {
  const subscribers = new Map<string, number[]>();
  mergeSubscribers(raw).services.forEach((service, i) => {
    for (const topic of toList(service.consumes))
      subscribers.set(topic, [...(subscribers.get(topic) ?? []), i]);
  });
  const next = raw.services.map((service) => {
    const targets: { service: number; emit: number }[] = [];
    normalizeEmits(service).forEach((emit, j) => {
      if (emit.maxHops !== undefined || emit.probability === 0) return;
      for (const topic of topicsByEvent.get(emit.event) ?? []) {
        for (const target of subscribers.get(topic) ?? [])
          targets.push({ service: target, emit: j });
      }
    });
    return targets;
  });

  // Depth-first search with colors: 1 on the stack, 2 done.
  const color = new Uint8Array(raw.services.length);
  const stack: number[] = [];
  const visit = (index: number): PathIssue | undefined => {
    color[index] = 1;
    stack.push(index);
    for (const edge of next[index]) {
      if (color[edge.service] === 1) {
        const cycle = [...stack.slice(stack.indexOf(edge.service)), edge.service].map(
          (i) => raw.services[i].name,
        );
        const service = raw.services[index];
        const path = Array.isArray(service.emits)
          ? ["services", index, "emits", edge.emit]
          : ["services", index, "emits"];
        return {
          path,
          message: `emit cycle without a bound: ${cycle.join(" -> ")}; set maxHops on one of its emits`,
        };
      }
      if (color[edge.service] === 0) {
        const found = visit(edge.service);
        if (found) return found;
      }
    }
    stack.pop();
    color[index] = 2;
    return undefined;
  };
  for (let i = 0; i < raw.services.length; i++) {
    if (color[i] === 0) {
      const found = visit(i);
      if (found) return [found];
    }
  }
  return [];
}

// ---------------------------------------------------------------- conversion

/** Adds each topic's `subscribers` to the services' `consumes`, once each. */
function mergeSubscribers(raw: RawScenario): RawScenario {
  const services = raw.services.map((service) => ({
    ...service,
    consumes: [...toList(service.consumes)],
  }));
  for (const topic of raw.topics) {
    for (const subscriber of topic.subscribers ?? []) {
      const service = services.find((candidate) => candidate.name === subscriber);
      if (service && !service.consumes.includes(topic.name))
        service.consumes.push(topic.name);
    }
  }
  return { ...raw, services };
}

function toScenario(raw: RawScenario): Scenario {
  const alerts = raw.alerts ?? {
    threshold: DEFAULT_ALERTS.threshold,
    recovery: DEFAULT_ALERTS.recovery,
    minVolume: DEFAULT_ALERTS.minVolume,
    window: DEFAULT_ALERTS.window,
    evaluateEvery: DEFAULT_ALERTS.evaluateEveryMs,
  };
  return {
    name: raw.name,
    seed: raw.seed,
    durationMs: raw.duration,
    speed: raw.speed,
    producers: raw.producers.map((producer) => ({
      name: producer.name,
      emits: producer.emits,
      ratePerSecond: producer.rate,
      arrival: toArrival(producer.arrival),
      keys: {
        field: producer.keys.field,
        count: producer.keys.count,
        distribution: producer.keys.distribution,
        zipfExponent: producer.keys.exponent,
      },
      fields: Object.fromEntries(
        Object.entries(producer.fields).map(([field, spec]) => [field, toField(spec)]),
      ),
    })),
    topics: raw.topics.map((topic) => ({
      name: topic.name,
      carries: toList(topic.carries),
      partitions: topic.partitions,
    })),
    services: raw.services.map(toService),
    alerts: {
      threshold: alerts.threshold,
      recovery: alerts.recovery,
      minVolume: alerts.minVolume,
      window: alerts.window,
      evaluateEveryMs: alerts.evaluateEvery,
    },
    tracing: {
      sampleRate: raw.tracing?.sampleRate ?? 1,
      capacity: raw.tracing?.capacity ?? 20_000,
    },
    metrics: {
      significantDigits: raw.metrics?.significantDigits ?? 2,
      heatmapBoundsMs: raw.metrics?.heatmapBounds
        ? [...new Set(raw.metrics.heatmapBounds)].sort((a, b) => a - b)
        : DEFAULT_HEATMAP_BOUNDS_MS,
    },
    deadLetterCapacity: raw.deadLetterCapacity,
  };
}

function toService(raw: RawService): ServiceSpec {
  const backoff = raw.retry?.backoff;
  return {
    name: raw.name,
    consumes: toList(raw.consumes),
    concurrency: raw.concurrency,
    serviceTime:
      typeof raw.serviceTime === "number"
        ? { kind: "constant", value: raw.serviceTime }
        : toDistribution(raw.serviceTime),
    failure: raw.failure,
    timeoutMs: raw.timeout,
    retry: raw.retry
      ? {
          maxAttempts: raw.retry.maxAttempts,
          initialBackoffMs: backoff?.initial ?? DEFAULT_RETRY.initialBackoffMs,
          multiplier: backoff?.multiplier ?? DEFAULT_RETRY.multiplier,
          jitter: backoff?.jitter ?? DEFAULT_RETRY.jitter,
          maxBackoffMs: backoff?.max ?? DEFAULT_RETRY.maxBackoffMs,
        }
      : { ...DEFAULT_RETRY },
    deadLetter: raw.deadLetter ?? `${raw.name}.dlq`,
    emits: normalizeEmits(raw),
    maxQueue: raw.maxQueue,
    ordered: raw.ordered,
  };
}

function normalizeEmits(service: RawService): EmitSpec[] {
  if (service.emits === undefined) return [];
  return toList(service.emits).map((emit) =>
    typeof emit === "string" ? { event: emit, probability: 1 } : { ...emit },
  );
}

function toArrival(raw: RawScenario["producers"][number]["arrival"]): ArrivalProcess {
  if (raw === "poisson" || raw === "constant") return { kind: raw };
  if ("bursts" in raw) {
    return {
      kind: "bursts",
      everyMs: raw.bursts.every,
      durationMs: raw.bursts.duration,
      factor: raw.bursts.factor,
    };
  }
  return {
    kind: "daily",
    periodMs: raw.daily.period,
    peakAtMs: raw.daily.peakAt,
    trough: raw.daily.trough,
  };
}

function toDistribution(raw: RawDistribution): Distribution {
  if (raw.constant !== undefined) return { kind: "constant", value: raw.constant };
  if (raw.exponential) return { kind: "exponential", mean: raw.exponential.mean };
  if (raw.lognormal) return { kind: "lognormal", ...raw.lognormal };
  if (raw.normal) return { kind: "normal", ...raw.normal };
  if (raw.uniform) return { kind: "uniform", ...raw.uniform };
  return { kind: "empirical", buckets: raw.empirical ?? [] };
}

function toField(raw: z.output<typeof fieldSchema>): FieldSpec {
  if ("choice" in raw) {
    const values = Array.isArray(raw.choice) ? raw.choice : raw.choice.values;
    const weights = Array.isArray(raw.choice) ? undefined : raw.choice.weights;
    return { kind: "choice", values, weights: weights ?? values.map(() => 1) };
  }
  return { kind: "number", distribution: toDistribution(raw) };
}

function toList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------- locations

/**
 * Replaces each failed union by the issues of the branch that got furthest
 * into the value, so `{ exponential: { mean: 3kg } }` reports the bad unit
 * instead of "invalid input". When every branch failed on the value's type,
 * the union's own message (which lists the accepted forms) stays.
 */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): PathIssue[] {
  const result: PathIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code !== "invalid_union" || issue.errors.length === 0) {
      result.push({ path, message: issue.message });
      continue;
    }
    const depth = (branch: readonly z.core.$ZodIssue[]) =>
      Math.max(
        ...branch.map((inner) => inner.path.length + (isTypeMismatch(inner) ? 0 : 1)),
      );
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
    if (depth(best) === 0) result.push({ path, message: issue.message });
    else result.push(...flattenIssues(best, path));
  }
  return result;
}

/** True for an issue saying the value at the branch's root has the wrong type. */
function isTypeMismatch(issue: z.core.$ZodIssue): boolean {
  if (issue.path.length > 0) return false;
  return (
    issue.code === "invalid_type" ||
    issue.code === "invalid_union" ||
    issue.code === "invalid_value"
  );
}

/** Finds the line of the deepest node on `path` that exists, and formats the path. */
function locate(
  root: unknown,
  lineCounter: LineCounter,
  path: PropertyKey[],
  message: string,
): ScenarioIssue {
  let node = root;
  let offset = (root as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    let child: unknown;
    if (isMap(node)) child = node.get(key, true);
    else if (isSeq(node) && typeof key === "number") child = node.get(key, true);
    if (child === undefined || child === null) break;
    node = child;
    offset = (child as Node).range?.[0] ?? offset;
  }
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col, path: formatPath(path), message };
}

function formatPath(path: PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}
