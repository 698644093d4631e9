/**
 * The discrete-event simulation of an event-driven system: producers publish
 * to topics, each subscribing service receives a delivery, waits first in,
 * first out for one of its workers, and succeeds, fails and retries after a
 * backoff, or is dead-lettered. Successful deliveries emit further events,
 * so chains form.
 *
 * Everything runs on a virtual clock from a future-event list. Every random
 * draw comes from seeded streams, one per producer and per service. So a
 * scenario and seed give the same outcomes whatever the wall-clock speed or
 * the way a caller slices the run with `step`. Outcomes leave
 * through an `OutcomeSink`.
 *
 * Not thread-safe: one thread (a worker, or the command line) owns an
 * instance and calls every method.
 */
import type { FaultKind, FaultState } from "../metrics/snapshot.ts";
import { type DeadLetterFilter, DeadLetterStore } from "./dead-letters.ts";
import { DeliveryPool, HandleQueue } from "./deliveries.ts";
import { EventQueue } from "./event-queue.ts";
import {
  ERROR_CRASHED,
  ERROR_FAILED,
  ERROR_NAMES,
  ERROR_QUEUE_FULL,
  ERROR_TIMEOUT,
  OUTCOME_ATTEMPT_FAILED,
  OUTCOME_DEAD_LETTERED,
  OUTCOME_DELIVERED,
  OUTCOME_FLOW,
  type OutcomeLayout,
  type OutcomeSink,
} from "./outcome.ts";
import { deriveSeed, hashUnit, Random } from "./random.ts";
import {
  ArrivalSampler,
  DistributionSampler,
  KeySampler,
  sampleField,
} from "./samplers.ts";
import {
  type ProducerSpec,
  routeId,
  type Scenario,
  type ServiceSpec,
} from "./scenario.ts";
import {
  HOP_ATTEMPT,
  HOP_BACKOFF,
  HOP_DEAD_LETTER,
  HOP_QUEUE,
  HOP_REDRIVE,
  TraceStore,
} from "./traces.ts";

// Module-level copies: imported bindings cost a property read per use when
// the module is loaded through a CommonJS wrapper (tsx, Vitest).
const DELIVERED = OUTCOME_DELIVERED;
const ATTEMPT_FAILED = OUTCOME_ATTEMPT_FAILED;
const DEAD_LETTERED = OUTCOME_DEAD_LETTERED;
const FLOW = OUTCOME_FLOW;
const FAILED = ERROR_FAILED;
const TIMEOUT = ERROR_TIMEOUT;

const DISCARD_SINK: OutcomeSink = { write() {}, advanceTo() {} };

const EVENT_ARRIVAL = 1;
const EVENT_ATTEMPT_END = 2;
const EVENT_RETRY = 3;
const EVENT_FAULT_END = 4;

/** Random-stream salts, so producer and service streams never coincide. */
const SALT_PRODUCER = 1;
const SALT_SERVICE = 2;
const SALT_PAYLOAD = 3;
const SALT_SAMPLING = 4;

export interface ProducerRuntime {
  readonly spec: ProducerSpec;
  ratePerSecond: number;
  /** Increases when the rate changes, so the arrival scheduled at the old rate is ignored. */
  epoch: number;
  readonly random: Random;
  readonly arrival: ArrivalSampler;
  readonly keys: KeySampler;
  readonly eventType: number;
  readonly topics: number[];
  readonly flows: number[];
}

export interface ServiceRuntime {
  readonly spec: ServiceSpec;
  readonly index: number;
  readonly random: Random;
  readonly serviceTime: DistributionSampler;
  readonly queue: HandleQueue;
  /** Deliveries being handled, unordered; `DeliveryPool.inFlightSlot` points back here. */
  inFlight: Int32Array;
  inFlightCount: number;
  /** Deliveries for this service not yet completed: queued, in flight or waiting to retry. */
  lag: number;
  /** Integral of lag over virtual time, in delivery-ms; divided by elapsed time it is the mean lag. */
  lagAreaMs: number;
  /** Virtual time lag last changed. */
  lagChangedMs: number;
  attemptsStarted: number;
  /** Sum of every attempt's wait in the queue, ms. */
  queueWaitSumMs: number;
  /** Ordered services: deliveries waiting behind their partition, not yet in `queue`. */
  waitingForPartition: number;
  faults: (FaultState & { id: number })[];
  isPaused: boolean;
  isCrashed: boolean;
  slowFactor: number;
  /** Failure probability set by an error fault, or NaN. */
  failureOverride: number;
  /** Per emit: its event type, topics and flows. */
  readonly emits: {
    type: number;
    probability: number;
    maxHops: number;
    topics: number[];
    flows: number[];
  }[];
}

interface TopicRuntime {
  name: string;
  partitions: number;
  routes: number[];
}

export interface FaultRequest {
  kind: FaultKind;
  /** Service-time multiplier for "slow" (above 0), failure probability for "errors" (0..1). */
  value?: number;
  /** Virtual ms until the fault clears itself; "crash" and the others last until cleared when omitted. */
  durationMs?: number;
}

/** Dead letters to redrive: by entry id, or every entry matching an optional filter. */
export type RedriveSelection =
  | { ids: number[] }
  | { all: true; filter?: DeadLetterFilter };

export class SimulationCore {
  nowMs = 0;
  readonly layout: OutcomeLayout;
  readonly producers: ProducerRuntime[];
  readonly services: ServiceRuntime[];
  readonly topics: TopicRuntime[];
  readonly routeService: Int32Array;
  readonly routeTopic: Int32Array;
  readonly eventTypes: string[];
  readonly deadLetters: DeadLetterStore;
  readonly traces: TraceStore;
  /** Events processed since the run began. */
  processedEvents = 0;

  private readonly events = new EventQueue(4096);
  private readonly deliveries = new DeliveryPool(4096);
  private readonly sampleThreshold: number;
  /** Ordered services, per route: 1 for each partition a delivery holds. */
  private readonly partitionClaimed: Uint8Array[] = [];
  /** Ordered services, per route and partition: deliveries waiting in publish order. */
  private readonly partitionWaiting: HandleQueue[][] = [];
  private nextEventId = 1;
  private nextFaultId = 1;
  private nextAttemptToken = 0;

  private sink: OutcomeSink = DISCARD_SINK;

  /** Builds the model and schedules each producer's first event; nothing runs until `step`. */
  constructor(readonly scenario: Scenario) {
    this.eventTypes = collectEventTypes(scenario);
    this.topics = scenario.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions,
      routes: [],
    }));
    const topicIndex = new Map(scenario.topics.map((topic, i) => [topic.name, i]));
    const typeIndex = new Map(this.eventTypes.map((type, i) => [type, i]));
    const topicsOfType = (type: string) =>
      scenario.topics.flatMap((topic, i) => (topic.carries.includes(type) ? [i] : []));

    // Routes: one per topic->service subscription, in service order.
    const routes: OutcomeLayout["routes"] = [];
    const serviceRoutes: number[][] = scenario.services.map(() => []);
    const routeService: number[] = [];
    const routeTopic: number[] = [];
    scenario.services.forEach((service, s) => {
      for (const topic of service.consumes) {
        const t = topicIndex.get(topic);
        if (t === undefined)
          throw new Error(`service "${service.name}" consumes unknown topic "${topic}"`);
        const r = routes.length;
        routes.push({ id: routeId(topic, service.name), topic, service: service.name });
        serviceRoutes[s].push(r);
        routeService.push(s);
        routeTopic.push(t);
        this.topics[t].routes.push(r);
      }
    });
    this.routeService = Int32Array.from(routeService);
    this.routeTopic = Int32Array.from(routeTopic);

    // Flows: producer -> topic and service -> topic edges, counted per event.
    const flows: OutcomeLayout["flows"] = [];
    const addFlows = (from: "producer" | "service", source: string, topics: number[]) =>
      topics.map((t) => {
        flows.push({ from, source, topic: this.topics[t].name });
        return flows.length - 1;
      });

    this.producers = scenario.producers.map((spec, p) => {
      const topics = topicsOfType(spec.emits);
      return {
        spec,
        ratePerSecond: spec.ratePerSecond,
        epoch: 0,
        random: new Random(deriveSeed(scenario.seed, p, SALT_PRODUCER)),
        arrival: new ArrivalSampler(spec.arrival),
        keys: new KeySampler(spec.keys),
        eventType: typeIndex.get(spec.emits) ?? 0,
        topics,
        flows: addFlows("producer", spec.name, topics),
      };
    });

    this.services = scenario.services.map((spec, s) => ({
      spec,
      index: s,
      random: new Random(deriveSeed(scenario.seed, s, SALT_SERVICE)),
      serviceTime: new DistributionSampler(spec.serviceTime),
      queue: new HandleQueue(),
      inFlight: new Int32Array(Math.min(spec.concurrency, 1 << 16)),
      inFlightCount: 0,
      lag: 0,
      lagAreaMs: 0,
      lagChangedMs: 0,
      attemptsStarted: 0,
      queueWaitSumMs: 0,
      waitingForPartition: 0,
      faults: [],
      isPaused: false,
      isCrashed: false,
      slowFactor: 1,
      failureOverride: Number.NaN,
      emits: spec.emits.map((emit) => {
        const topics = topicsOfType(emit.event);
        return {
          type: typeIndex.get(emit.event) ?? 0,
          probability: emit.probability,
          maxHops: emit.maxHops ?? Number.POSITIVE_INFINITY,
          topics,
          flows: addFlows("service", spec.name, topics),
        };
      }),
    }));

    this.layout = {
      routes,
      services: scenario.services.map((service, s) => ({
        name: service.name,
        routes: serviceRoutes[s],
      })),
      flows,
    };
    const queueNames = [
      ...new Set(scenario.services.map((service) => service.deadLetter)),
    ];
    this.deadLetters = new DeadLetterStore(scenario.deadLetterCapacity, queueNames);
    this.traces = new TraceStore(scenario.tracing.capacity, {
      routeIds: routes.map((route) => route.id),
      routeDeadLetters: routeService.map(
        (service) => scenario.services[service].deadLetter,
      ),
      errorNames: ERROR_NAMES,
      keyOf: (origin, keyIndex) => this.keyOf(origin, keyIndex),
      payloadOf: (origin, eventId) => this.payloadOf(origin, eventId),
    });
    this.sampleThreshold = scenario.tracing.sampleRate;

    for (let p = 0; p < this.producers.length; p++) this.scheduleArrival(p);
  }

  /** Sets where outcomes go; call before the first `step`. */
  attachSink(sink: OutcomeSink): void {
    this.sink = sink;
  }

  /**
   * Processes events before `untilMs`, at most `maxEvents` of them, then
   * moves the clock to `untilMs` when every earlier event ran. Returns the
   * number of events processed. Without `maxEvents` one call may run for a
   * long time, so a worker passes a budget and calls it in slices.
   */
  step(untilMs: number, maxEvents = Number.POSITIVE_INFINITY): number {
    const events = this.events;
    let processed = 0;
    while (processed < maxEvents && events.peekTime() < untilMs) {
      this.nowMs = events.pop();
      processed++;
      const ref = events.poppedRef;
      switch (events.poppedKind) {
        case EVENT_ARRIVAL:
          this.handleArrival(ref, events.poppedTag);
          break;
        case EVENT_ATTEMPT_END:
          this.handleAttemptEnd(ref, events.poppedTag);
          break;
        case EVENT_RETRY:
          this.requeue(ref);
          break;
        case EVENT_FAULT_END:
          this.endFault(ref);
          break;
      }
    }
    // An infinite target (as fast as possible, no end) moves the clock only by events.
    if (
      events.peekTime() >= untilMs &&
      untilMs > this.nowMs &&
      Number.isFinite(untilMs)
    ) {
      this.nowMs = untilMs;
    }
    this.processedEvents += processed;
    this.sink.advanceTo(this.nowMs);
    return processed;
  }

  /** Pending entries in the future-event list. */
  get pendingEvents(): number {
    return this.events.size;
  }

  // ------------------------------------------------------------ controls

  /** Sets a producer's rate from now on; 0 stops it. Throws for an unknown producer or a negative rate. */
  setProducerRate(name: string, ratePerSecond: number): void {
    const index = this.producers.findIndex((producer) => producer.spec.name === name);
    if (index < 0)
      throw new Error(
        `producer "${name}" not found; known: ${this.producers.map((p) => p.spec.name).join(", ")}`,
      );
    if (!(ratePerSecond >= 0) || !Number.isFinite(ratePerSecond)) {
      throw new Error(
        `rate ${ratePerSecond} for producer "${name}" is invalid; use 0 or more events per second`,
      );
    }
    const producer = this.producers[index];
    producer.ratePerSecond = ratePerSecond;
    producer.epoch++;
    this.scheduleArrival(index);
  }

  /** Starts a fault on a service now and returns it. Throws for an unknown service or a bad value. */
  injectFault(serviceName: string, request: FaultRequest): FaultState {
    const service = this.serviceNamed(serviceName);
    checkFaultRequest(serviceName, request);
    const fault: FaultState & { id: number } = {
      id: this.nextFaultId++,
      service: serviceName,
      kind: request.kind,
      startedAtMs: this.nowMs,
    };
    if (
      request.value !== undefined &&
      (request.kind === "slow" || request.kind === "errors")
    )
      fault.value = request.value;
    if (request.durationMs !== undefined) {
      fault.endsAtMs = this.nowMs + request.durationMs;
      this.events.push(fault.endsAtMs, EVENT_FAULT_END, fault.id, 0);
    }
    service.faults.push(fault);
    const wasCrashed = service.isCrashed;
    this.applyFaults(service);
    if (service.isCrashed && !wasCrashed) this.crash(service);
    const { id: _, ...state } = fault;
    return state;
  }

  /** Clears the faults of one service, or of every service when no name is given. */
  clearFaults(serviceName?: string): void {
    const targets =
      serviceName === undefined ? this.services : [this.serviceNamed(serviceName)];
    for (const service of targets) {
      service.faults = [];
      this.applyFaults(service);
      this.dispatch(service);
    }
  }

  /**
   * Sends dead-lettered events back to the route they failed on, as new
   * deliveries with a fresh attempt count. Returns how many were redriven.
   */
  redrive(selection: RedriveSelection): number {
    const entries =
      "ids" in selection
        ? this.deadLetters.takeByIds(selection.ids)
        : this.deadLetters.takeMatching(selection.filter ?? {});
    for (const entry of entries) {
      const d = this.deliveries.allocate();
      const pool = this.deliveries;
      pool.eventId[d] = entry.eventId;
      pool.route[d] = entry.routeIndex;
      pool.publishMs[d] = this.nowMs;
      pool.rootMs[d] = this.nowMs;
      pool.keyIndex[d] = entry.keyIndex;
      pool.origin[d] = entry.origin;
      pool.eventType[d] = entry.eventTypeIndex;
      pool.hops[d] = 0;
      pool.attempts[d] = 0;
      pool.traced[d] = this.traces.has(entry.eventId) ? 1 : 0;
      if (pool.traced[d]) {
        this.traces.addHop(
          entry.eventId,
          HOP_REDRIVE,
          this.nowMs,
          this.nowMs,
          entry.routeIndex,
          0,
          0,
        );
      }
      this.changeLag(this.services[this.routeService[entry.routeIndex]], 1);
      this.enqueue(d);
    }
    return entries.length;
  }

  /** Returns the payload fields of a producer's event, drawn from its own hash-seeded stream. */
  payloadOf(producer: number, eventId: number): Record<string, number | string> {
    const spec = this.producers[producer].spec;
    const random = new Random(deriveSeed(this.scenario.seed, eventId, SALT_PAYLOAD));
    const fields: Record<string, number | string> = {};
    for (const [name, field] of Object.entries(spec.fields)) {
      const sampler =
        field.kind === "number" ? new DistributionSampler(field.distribution) : undefined;
      fields[name] = sampleField(field, sampler, random);
    }
    return fields;
  }

  /** Returns the key of a delivery's chain as `field:index`, for example `deviceId:4821`. */
  keyOf(origin: number, keyIndex: number): string {
    return `${this.producers[origin].spec.keys.field}:${keyIndex}`;
  }

  // ------------------------------------------------------------ events

  private scheduleArrival(p: number): void {
    const producer = this.producers[p];
    const at = producer.arrival.next(this.nowMs, producer.ratePerSecond, producer.random);
    if (Number.isFinite(at)) this.events.push(at, EVENT_ARRIVAL, p, producer.epoch);
  }

  private handleArrival(p: number, epoch: number): void {
    const producer = this.producers[p];
    if (epoch !== producer.epoch) return;
    const keyIndex = producer.keys.sample(producer.random);
    const id = this.nextEventId;
    const isTraced =
      this.sampleThreshold >= 1 ||
      hashUnit(this.scenario.seed ^ SALT_SAMPLING, id) < this.sampleThreshold;
    this.publish(
      producer.eventType,
      producer.topics,
      producer.flows,
      keyIndex,
      p,
      0,
      this.nowMs,
      0,
      isTraced,
      producer.spec.name,
    );
    this.scheduleArrival(p);
  }

  /** Publishes one event to its topics and creates a delivery per subscribing route. */
  private publish(
    type: number,
    topics: number[],
    flows: number[],
    keyIndex: number,
    origin: number,
    hops: number,
    rootMs: number,
    parentId: number,
    isTraced: boolean,
    source: string,
  ): void {
    const id = this.nextEventId++;
    const now = this.nowMs;
    if (isTraced) {
      const topicNames = topics.map((t) => this.partitionName(t, keyIndex)).join(", ");
      this.traces.open(
        id,
        this.eventTypes[type],
        source,
        topicNames,
        origin,
        keyIndex,
        parentId,
        now,
      );
    }
    for (let i = 0; i < topics.length; i++) {
      this.sink.write(FLOW, now, flows[i], 1, 0);
      const routes = this.topics[topics[i]].routes;
      for (let j = 0; j < routes.length; j++) {
        const d = this.deliveries.allocate();
        const pool = this.deliveries;
        pool.eventId[d] = id;
        pool.route[d] = routes[j];
        pool.publishMs[d] = now;
        pool.rootMs[d] = rootMs;
        pool.keyIndex[d] = keyIndex;
        pool.origin[d] = origin;
        pool.eventType[d] = type;
        pool.hops[d] = hops;
        pool.attempts[d] = 0;
        pool.traced[d] = isTraced ? 1 : 0;
        this.changeLag(this.services[this.routeService[routes[j]]], 1);
        this.enqueue(d);
      }
    }
  }

  /**
   * Queues a new or redriven delivery. In an ordered service it waits behind
   * its partition when another delivery holds it.
   */
  private enqueue(d: number): void {
    const service = this.services[this.routeService[this.deliveries.route[d]]];
    const maxQueue = service.spec.maxQueue;
    if (maxQueue !== undefined && this.queueLengthOf(service) >= maxQueue) {
      this.deliveries.result[d] = ERROR_QUEUE_FULL;
      this.deadLetter(d, service, false);
      return;
    }
    this.deliveries.enqueueMs[d] = this.nowMs;
    if (service.spec.ordered && !this.tryClaimPartition(service, d)) return;
    service.queue.push(d);
    this.dispatch(service);
  }

  /** Queues a delivery after its backoff; it already holds its partition, and maxQueue does not apply. */
  private requeue(d: number): void {
    const service = this.services[this.routeService[this.deliveries.route[d]]];
    this.deliveries.enqueueMs[d] = this.nowMs;
    service.queue.push(d);
    this.dispatch(service);
  }

  /** Returns deliveries waiting for a worker, those behind a busy partition included. */
  queueLengthOf(service: ServiceRuntime): number {
    return service.queue.length + service.waitingForPartition;
  }

  /** Claims the delivery's partition, or parks the delivery behind it and returns false. */
  private tryClaimPartition(service: ServiceRuntime, d: number): boolean {
    const route = this.deliveries.route[d];
    const topic = this.topics[this.routeTopic[route]];
    const partition = this.deliveries.keyIndex[d] % topic.partitions;
    let claimed = this.partitionClaimed[route];
    if (!claimed) {
      claimed = new Uint8Array(topic.partitions);
      this.partitionClaimed[route] = claimed;
      this.partitionWaiting[route] = [];
    }
    if (claimed[partition] === 0) {
      claimed[partition] = 1;
      return true;
    }
    const waiting = this.partitionWaiting[route];
    if (!waiting[partition]) waiting[partition] = new HandleQueue();
    waiting[partition].push(d);
    service.waitingForPartition++;
    return false;
  }

  /** Hands a finished delivery's partition to the next delivery waiting for it, if any. */
  private releasePartition(service: ServiceRuntime, d: number): void {
    const route = this.deliveries.route[d];
    const partition =
      this.deliveries.keyIndex[d] % this.topics[this.routeTopic[route]].partitions;
    const next = this.partitionWaiting[route]?.[partition];
    if (next && next.length > 0) {
      service.waitingForPartition--;
      service.queue.push(next.shift());
    } else {
      this.partitionClaimed[route][partition] = 0;
    }
  }

  /** Starts queued deliveries while the service has idle workers and can run. */
  private dispatch(service: ServiceRuntime): void {
    if (service.isPaused || service.isCrashed) return;
    while (service.inFlightCount < service.spec.concurrency && service.queue.length > 0) {
      this.startAttempt(service, service.queue.shift());
    }
  }

  private startAttempt(service: ServiceRuntime, d: number): void {
    const pool = this.deliveries;
    const now = this.nowMs;
    pool.attempts[d]++;
    pool.startMs[d] = now;
    service.attemptsStarted++;
    service.queueWaitSumMs += now - pool.enqueueMs[d];
    if (pool.traced[d]) {
      this.traces.addHop(
        pool.eventId[d],
        HOP_QUEUE,
        pool.enqueueMs[d],
        now,
        pool.route[d],
        0,
        0,
      );
    }

    // Draw the attempt's length and outcome now; the end event applies them.
    let durationMs = service.serviceTime.sample(service.random) * service.slowFactor;
    if (durationMs < 0) durationMs = 0;
    const failure = Number.isNaN(service.failureOverride)
      ? service.spec.failure
      : service.failureOverride;
    let result = failure > 0 && service.random.next() < failure ? FAILED : 0;
    const timeoutMs = service.spec.timeoutMs;
    if (timeoutMs !== undefined && durationMs > timeoutMs) {
      durationMs = timeoutMs;
      result = TIMEOUT;
    }
    pool.result[d] = result;

    this.addInFlight(service, d);
    const token = this.nextAttemptToken;
    this.nextAttemptToken = (token + 1) & 0x7fffffff;
    pool.attemptToken[d] = token;
    this.events.push(now + durationMs, EVENT_ATTEMPT_END, d, token);
  }

  private handleAttemptEnd(d: number, token: number): void {
    const pool = this.deliveries;
    // A crash already failed this attempt, and the handle may since have been reused.
    if (pool.attemptToken[d] !== token) return;
    pool.attemptToken[d] = -1;
    const service = this.services[this.routeService[pool.route[d]]];
    this.removeInFlight(service, d);
    this.finishAttempt(service, d, pool.result[d]);
    this.dispatch(service);
  }

  private finishAttempt(service: ServiceRuntime, d: number, result: number): void {
    const pool = this.deliveries;
    const now = this.nowMs;
    const route = pool.route[d];
    if (pool.traced[d]) {
      this.traces.addHop(
        pool.eventId[d],
        HOP_ATTEMPT,
        pool.startMs[d],
        now,
        route,
        pool.attempts[d],
        result,
      );
    }
    if (result === 0) {
      this.sink.write(
        DELIVERED,
        now,
        route,
        now - pool.publishMs[d],
        now - pool.rootMs[d],
      );
      this.emit(service, d);
      if (service.spec.ordered) this.releasePartition(service, d);
      this.changeLag(service, -1);
      this.deliveries.release(d);
      return;
    }

    const retry = service.spec.retry;
    const willRetry = pool.attempts[d] < retry.maxAttempts;
    this.sink.write(ATTEMPT_FAILED, now, route, willRetry ? 1 : 0, result);
    if (!willRetry) {
      pool.result[d] = result;
      this.deadLetter(d, service, true);
      return;
    }
    const exponent = pool.attempts[d] - 1;
    let backoffMs = Math.min(
      retry.maxBackoffMs,
      retry.initialBackoffMs * retry.multiplier ** exponent,
    );
    if (retry.jitter > 0) backoffMs *= 1 + retry.jitter * (2 * service.random.next() - 1);
    if (pool.traced[d]) {
      this.traces.addHop(pool.eventId[d], HOP_BACKOFF, now, now + backoffMs, route, 0, 0);
    }
    this.events.push(now + backoffMs, EVENT_RETRY, d, 0);
  }

  private emit(service: ServiceRuntime, d: number): void {
    const emits = service.emits;
    if (emits.length === 0) return;
    const pool = this.deliveries;
    const hops = pool.hops[d] + 1;
    for (let i = 0; i < emits.length; i++) {
      const emit = emits[i];
      if (hops > emit.maxHops) continue;
      if (emit.probability < 1 && service.random.next() >= emit.probability) continue;
      const isTraced = pool.traced[d] === 1;
      if (isTraced) this.traces.addChild(pool.eventId[d], this.nextEventId);
      this.publish(
        emit.type,
        emit.topics,
        emit.flows,
        pool.keyIndex[d],
        pool.origin[d],
        hops,
        pool.rootMs[d],
        pool.eventId[d],
        isTraced,
        service.spec.name,
      );
    }
  }

  /** Dead-letters a delivery; `holdsPartition` is false when it never got one (queue full). */
  private deadLetter(d: number, service: ServiceRuntime, holdsPartition: boolean): void {
    if (holdsPartition && service.spec.ordered) this.releasePartition(service, d);
    const pool = this.deliveries;
    const now = this.nowMs;
    const route = pool.route[d];
    const routeInfo = this.layout.routes[route];
    const lastError = ERROR_NAMES[pool.result[d]];
    this.sink.write(DEAD_LETTERED, now, route, now - pool.publishMs[d], pool.attempts[d]);
    const key = this.keyOf(pool.origin[d], pool.keyIndex[d]);
    this.deadLetters.add(
      {
        eventId: pool.eventId[d],
        eventType: this.eventTypes[pool.eventType[d]],
        key,
        queue: service.spec.deadLetter,
        route: routeInfo.id,
        topic: routeInfo.topic,
        service: routeInfo.service,
        attempts: pool.attempts[d],
        lastError,
        deadLetteredAtMs: now,
        publishedAtMs: pool.publishMs[d],
        traced: pool.traced[d] === 1,
      },
      {
        routeIndex: route,
        origin: pool.origin[d],
        keyIndex: pool.keyIndex[d],
        eventTypeIndex: pool.eventType[d],
      },
    );
    if (pool.traced[d]) {
      this.traces.addHop(
        pool.eventId[d],
        HOP_DEAD_LETTER,
        now,
        now,
        route,
        0,
        pool.result[d],
      );
    }
    this.changeLag(service, -1);
    pool.release(d);
  }

  // ------------------------------------------------------------ faults

  private applyFaults(service: ServiceRuntime): void {
    let slowFactor = 1;
    let failureOverride = Number.NaN;
    let isPaused = false;
    let isCrashed = false;
    for (const fault of service.faults) {
      if (fault.kind === "slow") slowFactor *= fault.value ?? 1;
      if (fault.kind === "errors")
        failureOverride = Math.max(
          Number.isNaN(failureOverride) ? 0 : failureOverride,
          fault.value ?? 0,
        );
      if (fault.kind === "pause") isPaused = true;
      if (fault.kind === "crash") isCrashed = true;
    }
    service.slowFactor = slowFactor;
    service.failureOverride = failureOverride;
    service.isPaused = isPaused;
    service.isCrashed = isCrashed;
  }

  /** Fails every attempt in flight now; the deliveries retry or are dead-lettered as usual. */
  private crash(service: ServiceRuntime): void {
    const aborted = Array.from(service.inFlight.subarray(0, service.inFlightCount));
    service.inFlightCount = 0;
    for (const d of aborted) {
      this.deliveries.inFlightSlot[d] = -1;
      this.deliveries.attemptToken[d] = -1;
      this.finishAttempt(service, d, ERROR_CRASHED);
    }
  }

  private endFault(faultId: number): void {
    for (const service of this.services) {
      const index = service.faults.findIndex((fault) => fault.id === faultId);
      if (index < 0) continue;
      service.faults.splice(index, 1);
      this.applyFaults(service);
      this.dispatch(service);
      return;
    }
  }

  // ------------------------------------------------------------ helpers

  private changeLag(service: ServiceRuntime, delta: number): void {
    service.lagAreaMs += service.lag * (this.nowMs - service.lagChangedMs);
    service.lagChangedMs = this.nowMs;
    service.lag += delta;
  }

  /** Returns a service's mean lag since the run began: Little's L for the service. */
  meanLag(service: ServiceRuntime): number {
    if (this.nowMs <= 0) return 0;
    return (
      (service.lagAreaMs + service.lag * (this.nowMs - service.lagChangedMs)) / this.nowMs
    );
  }

  private addInFlight(service: ServiceRuntime, d: number): void {
    if (service.inFlightCount === service.inFlight.length) {
      const next = new Int32Array(service.inFlight.length * 2);
      next.set(service.inFlight);
      service.inFlight = next;
    }
    this.deliveries.inFlightSlot[d] = service.inFlightCount;
    service.inFlight[service.inFlightCount++] = d;
  }

  /** Removes by swapping the last entry into the freed place. */
  private removeInFlight(service: ServiceRuntime, d: number): void {
    const slot = this.deliveries.inFlightSlot[d];
    const last = service.inFlight[--service.inFlightCount];
    service.inFlight[slot] = last;
    this.deliveries.inFlightSlot[last] = slot;
    this.deliveries.inFlightSlot[d] = -1;
  }

  /** Returns `topic[partition]` for an event's key, as traces show it. */
  partitionName(topic: number, keyIndex: number): string {
    const { name, partitions } = this.topics[topic];
    return `${name}[${keyIndex % partitions}]`;
  }

  private serviceNamed(name: string): ServiceRuntime {
    const service = this.services.find((candidate) => candidate.spec.name === name);
    if (!service) {
      throw new Error(
        `service "${name}" not found; known: ${this.services.map((s) => s.spec.name).join(", ")}`,
      );
    }
    return service;
  }
}

function collectEventTypes(scenario: Scenario): string[] {
  const types = new Set<string>();
  for (const topic of scenario.topics) for (const type of topic.carries) types.add(type);
  for (const producer of scenario.producers) types.add(producer.emits);
  for (const service of scenario.services)
    for (const emit of service.emits) types.add(emit.event);
  return [...types];
}

function checkFaultRequest(service: string, request: FaultRequest): void {
  const kinds: FaultKind[] = ["slow", "errors", "pause", "crash"];
  if (!kinds.includes(request.kind)) {
    throw new Error(
      `fault kind "${request.kind}" for service "${service}" is invalid; use ${kinds.join(", ")}`,
    );
  }
  if (
    request.kind === "slow" &&
    !(request.value !== undefined && request.value > 0 && Number.isFinite(request.value))
  ) {
    throw new Error(
      `slow fault on "${service}" needs a factor above 0 in value, got ${request.value}`,
    );
  }
  if (
    request.kind === "errors" &&
    !(request.value !== undefined && request.value >= 0 && request.value <= 1)
  ) {
    throw new Error(
      `errors fault on "${service}" needs a failure probability from 0 to 1 in value, got ${request.value}`,
    );
  }
  if (
    request.durationMs !== undefined &&
    !(request.durationMs > 0 && Number.isFinite(request.durationMs))
  ) {
    throw new Error(
      `fault duration ${request.durationMs} ms on "${service}" is invalid; use a positive number or omit it`,
    );
  }
}
