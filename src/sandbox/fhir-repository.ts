import { deepClone, type SearchRequest, type WithId } from "@medplum/core";
import { MemoryRepository, type CreateResourceOptions } from "@medplum/fhir-router";
import type { Bundle, BundleEntry, Resource } from "@medplum/fhirtypes";
import { assertKnownParameters, findIncluded, findMatches } from "./fhir-search.js";

/**
 * Medplum's MemoryRepository with what a sandbox EHR needs on top:
 * - fast paging: a search's sorted match list is cached until the next write to that resource type,
 *   and only the page is cloned (stock search rescans and deep-clones every match for every page);
 * - `_include`, returned as `search.mode = "include"` entries;
 * - versions numbered 1, 2, 3… and `lastUpdated` from the sandbox clock;
 * - history newest first on every call (stock reverses its stored array in place).
 */
interface MemoryInternals {
  resources: Map<string, Map<string, Resource>>;
  history: Map<string, Map<string, Resource[]>>;
}

/**
 * Reads MemoryRepository's stores rather than keeping a second copy of every resource, which would
 * double the memory of a 50,000-appointment benchmark. The version is pinned; this check fails loudly
 * if a new one renames them.
 */
function internalsOf(repo: MemoryRepository): MemoryInternals {
  const view = repo as unknown as Partial<MemoryInternals>;
  if (!(view.resources instanceof Map) || !(view.history instanceof Map)) {
    throw new Error("@medplum/fhir-router's MemoryRepository changed its internals: pin 4.5.2 or update src/sandbox/fhir-repository.ts");
  }
  return { resources: view.resources, history: view.history };
}

const MAX_CACHED_SEARCHES_PER_TYPE = 16;

export interface SandboxRepositoryOptions {
  /** Stamps `meta.lastUpdated`; the sandbox runs on a clock that starts at its seed `now`. */
  clock?: () => Date;
}

export class SandboxRepository extends MemoryRepository {
  private readonly clock: () => Date;
  private readonly store: MemoryInternals;
  /** Sorted match lists per resource type, then per search; a write drops its type's lists. */
  private readonly matchCache = new Map<string, Map<string, Resource[]>>();

  constructor(options: SandboxRepositoryOptions = {}) {
    super();
    this.clock = options.clock ?? (() => new Date());
    this.store = internalsOf(this);
  }

  /** Called after every write (create, update, patch, delete): the sandbox saves its state there. */
  onWrite: (() => void) | undefined;

  /** Every version of every resource not deleted, oldest first per resource: what a saved sandbox keeps. */
  versions(): Resource[][] {
    return [...this.store.history.entries()].flatMap(([type, byId]) => [...byId.entries()].filter(([id]) => this.store.resources.get(type)?.has(id)).map(([, history]) => history));
  }

  /** Puts saved versions back as they were (ids, version numbers, lastUpdated); the store must be empty. */
  async restore(versions: readonly (readonly Resource[])[]): Promise<void> {
    if (this.store.resources.size > 0) throw new Error("restore() needs an empty sandbox repository");
    for (const history of versions) for (const version of history) await super.createResource(version);
    this.matchCache.clear();
  }

  /** Number of stored resources of a type, without cloning them. */
  count(resourceType: string): number {
    return this.store.resources.get(resourceType)?.size ?? 0;
  }

  /** The current version of every stored resource of a type, uncloned: read-only, for streaming. */
  stored(resourceType: string): Iterable<Resource> {
    return this.store.resources.get(resourceType)?.values() ?? [];
  }

  override clear(): void {
    this.matchCache.clear();
    super.clear();
  }

  /**
   * Also the tail of every update and patch. A plain HTTP create (`assignedId: false`) gets a
   * server id, as FHIR requires; seeding and updates keep theirs.
   */
  override async createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    this.matchCache.delete(resource.resourceType);
    const id = options?.assignedId === false || !resource.id ? this.generateId() : resource.id;
    const versions = this.store.history.get(resource.resourceType)?.get(id)?.length ?? 0;
    const meta = { ...resource.meta, versionId: String(versions + 1), lastUpdated: this.clock().toISOString() };
    const created = await super.createResource({ ...resource, id, meta });
    this.onWrite?.();
    return created;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    this.matchCache.delete(resourceType);
    await super.deleteResource(resourceType, id);
    this.onWrite?.();
  }

  override async readHistory<T extends Resource>(resourceType: string, id: string): Promise<Bundle<T>> {
    await this.readResource(resourceType, id);
    const versions = this.store.history.get(resourceType)?.get(id) ?? [];
    const entry = versions.toReversed().map((version) => ({ resource: deepClone(version) as T }));
    return { resourceType: "Bundle", type: "history", total: entry.length, ...(entry.length ? { entry } : {}) };
  }

  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    if (request.types?.length) return super.search(request);
    assertKnownParameters(request);
    const matches = this.matchesFor(request);
    const offset = request.offset ?? 0;
    const page = matches.slice(offset, request.count === undefined ? undefined : offset + request.count);
    const included = findIncluded(page, request, (type, id) => this.store.resources.get(type)?.get(id));
    const entry: BundleEntry[] = [
      ...page.map((resource) => ({ resource: deepClone(resource), search: { mode: "match" as const } })),
      ...included.map((resource) => ({ resource: deepClone(resource), search: { mode: "include" as const } })),
    ];
    // FHIR JSON forbids empty arrays, so a page with nothing on it has no `entry` at all.
    const bundle: Bundle = { resourceType: "Bundle", type: "searchset", total: matches.length, ...(entry.length ? { entry } : {}) };
    // The entries are clones of stored resources of the searched type (plus includes, as FHIR allows).
    return bundle as Bundle<WithId<T>>;
  }

  private matchesFor(request: SearchRequest): Resource[] {
    // A search by ids is a handful of lookups, and each list of ids is asked once: not worth a slot.
    if (request.filters?.some((f) => f.code === "_id")) return findMatches(this.store.resources.get(request.resourceType), request);
    let forType = this.matchCache.get(request.resourceType);
    if (!forType) {
      forType = new Map();
      this.matchCache.set(request.resourceType, forType);
    }
    const key = JSON.stringify([request.filters ?? [], request.sortRules ?? []]);
    const cached = forType.get(key);
    if (cached) return cached;
    const matches = findMatches(this.store.resources.get(request.resourceType), request);
    if (forType.size >= MAX_CACHED_SEARCHES_PER_TYPE) {
      const oldest = forType.keys().next();
      if (!oldest.done) forType.delete(oldest.value);
    }
    forType.set(key, matches);
    return matches;
  }
}
