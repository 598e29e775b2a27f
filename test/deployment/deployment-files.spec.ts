// Checks the Kubernetes manifests (docker/k8s), the compose stack (docker/compose.yaml) and the
// Grafana provisioning (docker/grafana) against what the API reads (env.schema.ts) and registers (the
// metrics in src/). Parses files only: needs
// no database, no cluster and no Grafana.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parseEnv } from '../../src/platform/config/env';
import { ENV_VARIABLES, EnvName } from '../../src/platform/config/env.schema';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Recursively lists the files under a folder of the repository, relative to the root. */
function files(folder: string): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    return entry.isDirectory() ? files(relative) : [relative];
  });
}

// Loosely typed views of parsed YAML and JSON: the assertions check the shapes.
type Doc = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Kubernetes

const K8S_DIR = 'docker/k8s';
const manifests: Array<{ file: string; doc: Doc }> = files(K8S_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .flatMap((file) => loadAll(read(file)).filter((doc): doc is Doc => doc !== null && doc !== undefined).map((doc) => ({ file, doc })));

const ofKind = (kind: string): Doc[] => manifests.filter(({ doc }) => doc.kind === kind).map(({ doc }) => doc);
const one = (kind: string): Doc => {
  const found = ofKind(kind);
  expect(found).toHaveLength(1);
  return found[0];
};

/** Variables the AWS SDK reads itself (credentials chain); the API does not declare them. */
const AWS_SDK_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
const PRODUCTION_SECRETS = ['DATABASE_URL', 'JWT_SECRET', 'FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY'];
/** Non-secret variables deliberately left out of the ConfigMap, with the reason. */
const NOT_IN_CONFIGMAP: Partial<Record<EnvName, string>> = {
  DATA_DIR: 'only used by the embedded database and development secrets, never in production',
  EMBEDDED_DATABASE_PORT: 'production requires DATABASE_URL',
  DEMO_ADMIN_EMAIL: 'demo data is seeded outside production only',
  DATABASE_MIGRATE_ON_START: 'set per workload: off in the Deployment, the Job migrates',
};
/** Valid values for the secrets, to check the ConfigMap as a production configuration. */
const SAMPLE_SECRETS = {
  DATABASE_URL: 'postgresql://benefits:secret@postgres:5432/benefits',
  JWT_SECRET: 'a-jwt-secret-that-is-long-enough-0123456789',
  FIELD_ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  BLIND_INDEX_KEY: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=',
};

/** Non-secret settings production requires and the manifests leave for the operator to fill in. */
const SAMPLE_REQUIRED = { CASHBACK_API_URL: 'https://cashback.example.com/api/cashback' };

const configMapData = (): Record<string, unknown> => one('ConfigMap').data ?? {};
const secretData = (): Record<string, unknown> => {
  const secret = one('Secret');
  return { ...(secret.data ?? {}), ...(secret.stringData ?? {}) };
};
const podSpec = (workload: Doc): Doc => workload.spec.template.spec;
const container = (workload: Doc): Doc => {
  expect(podSpec(workload).containers).toHaveLength(1);
  return podSpec(workload).containers[0];
};
/** A probe's or a Service's port, resolved through the container's named ports. */
const containerPort = (port: number | string, of: Doc): number =>
  typeof port === 'number' ? port : (of.ports ?? []).find((entry: Doc) => entry.name === port)?.containerPort;

describe('Kubernetes manifests (docker/k8s)', () => {
  it('parse, and hold every kind of object the deployment needs, all in one namespace', () => {
    expect(manifests.length).toBeGreaterThan(0);
    for (const { file, doc } of manifests) {
      expect({ file, apiVersion: typeof doc.apiVersion, kind: typeof doc.kind, name: typeof doc.metadata?.name }).toEqual({ file, apiVersion: 'string', kind: 'string', name: 'string' });
    }
    const kinds = new Set(manifests.map(({ doc }) => doc.kind));
    for (const kind of ['Namespace', 'ConfigMap', 'Secret', 'Job', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
      expect(kinds).toContain(kind);
    }
    const namespace = one('Namespace').metadata.name;
    for (const { file, doc } of manifests.filter(({ doc }) => doc.kind !== 'Namespace')) {
      expect({ file, kind: doc.kind, namespace: doc.metadata.namespace }).toEqual({ file, kind: doc.kind, namespace });
    }
  });

  it('set only variables the API (or the AWS SDK) reads, as strings', () => {
    const known = (name: string) => name in ENV_VARIABLES || AWS_SDK_VARIABLES.includes(name);
    const workloads = [one('Deployment'), one('Job')];
    const names = [
      ...Object.keys(configMapData()),
      ...Object.keys(secretData()),
      ...workloads.flatMap((workload) => (container(workload).env ?? []).map((variable: Doc) => variable.name)),
    ];
    expect(names.filter((name) => !known(name))).toEqual([]);
    for (const [name, value] of [...Object.entries(configMapData()), ...Object.entries(secretData())]) {
      expect({ name, type: typeof value }).toEqual({ name, type: 'string' });
    }
  });

  it('keep secrets in the Secret and settings in the ConfigMap', () => {
    const isSecret = (name: string) => AWS_SDK_VARIABLES.includes(name) || (ENV_VARIABLES as Record<string, { secret?: boolean }>)[name]?.secret === true;
    expect(Object.keys(configMapData()).filter(isSecret)).toEqual([]);
    expect(Object.keys(secretData()).filter((name) => !isSecret(name))).toEqual([]);
    expect(Object.keys(secretData())).toEqual(expect.arrayContaining(PRODUCTION_SECRETS));
  });

  it('mirror every non-secret setting in the ConfigMap, except those left out on purpose', () => {
    const expected = Object.entries(ENV_VARIABLES)
      .filter(([name, variable]) => !('secret' in variable && variable.secret) && !(name in NOT_IN_CONFIGMAP))
      .map(([name]) => name);
    expect(Object.keys(configMapData()).sort()).toEqual(expected.sort());
  });

  it('ship the Secret as a template: placeholders only, refused by the API as they are', () => {
    for (const [name, value] of Object.entries(secretData())) {
      expect({ name, placeholder: value === '' || String(value).includes('REPLACE_ME') }).toEqual({ name, placeholder: true });
    }
    expect(() => parseEnv({ ...configMapData(), ...secretData() })).toThrow(/JWT_SECRET|FIELD_ENCRYPTION_KEYS|BLIND_INDEX_KEY|DATABASE_URL/);
  });

  it('make a valid production configuration once the secrets are filled in', () => {
    const deploymentEnv = Object.fromEntries((container(one('Deployment')).env ?? []).map((variable: Doc) => [variable.name, variable.value]));
    expect(() => parseEnv({ ...configMapData(), ...deploymentEnv, ...SAMPLE_SECRETS })).toThrow('Missing required production setting: CASHBACK_API_URL');
    const env = parseEnv({ ...configMapData(), ...deploymentEnv, ...SAMPLE_SECRETS, ...SAMPLE_REQUIRED });
    expect(env.NODE_ENV).toBe('production');
    expect(env.DATABASE_MIGRATE_ON_START).toBe(false);
  });

  it('run migrations in a Job with the API image and configuration', () => {
    const job = one('Job');
    const deployment = one('Deployment');
    expect(job.apiVersion).toBe('batch/v1');
    expect(container(job).command).toEqual(['node', 'dist/cli.js', 'db:migrate']);
    expect(podSpec(job).restartPolicy).toBe('Never');
    expect(typeof job.spec.backoffLimit).toBe('number');
    expect(container(job).image).toBe(container(deployment).image);
    expect(container(job).envFrom).toEqual(container(deployment).envFrom);
  });

  it('deploy the API with its configuration, probes, limits and security context', () => {
    const deployment = one('Deployment');
    const api = container(deployment);
    const pod = podSpec(deployment);
    expect(deployment.apiVersion).toBe('apps/v1');
    expect(deployment.spec.replicas).toBe(2);
    expect(api.image).toMatch(/(^|\/)benefits-platform-api:[\w.-]+$/);

    expect(api.envFrom).toEqual(
      expect.arrayContaining([{ configMapRef: { name: one('ConfigMap').metadata.name } }, { secretRef: { name: one('Secret').metadata.name } }]),
    );
    expect(api.env).toContainEqual({ name: 'DATABASE_MIGRATE_ON_START', value: 'false' });

    expect(api.ports).toContainEqual(expect.objectContaining({ containerPort: 3000 }));
    const probes = { readinessProbe: '/health/ready', livenessProbe: '/health/live', startupProbe: '/health/live' };
    for (const [probe, pathname] of Object.entries(probes)) {
      expect({ probe, path: api[probe]?.httpGet?.path, port: containerPort(api[probe]?.httpGet?.port, api) }).toEqual({ probe, path: pathname, port: 3000 });
    }

    for (const kind of ['requests', 'limits']) {
      expect(Object.keys(api.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }

    const security = { ...pod.securityContext, ...api.securityContext };
    expect(security.runAsNonRoot).toBe(true);
    // The image's user is a name ("node"): the kubelet verifies runAsNonRoot only with a numeric id.
    expect(security.runAsUser).toBeGreaterThan(0);
    expect(security.readOnlyRootFilesystem).toBe(true);
    expect(security.allowPrivilegeEscalation).toBe(false);
    const tmp = (api.volumeMounts ?? []).find((mount: Doc) => mount.mountPath === '/tmp');
    expect(tmp).toBeDefined();
    expect((pod.volumes ?? []).find((volume: Doc) => volume.name === tmp.name)).toEqual(expect.objectContaining({ emptyDir: expect.any(Object) }));

    const shutdownMs = Number(configMapData().SHUTDOWN_TIMEOUT_MS ?? ENV_VARIABLES.SHUTDOWN_TIMEOUT_MS.default);
    const preStop = api.lifecycle?.preStop?.exec?.command ?? [];
    const preStopMs = preStop[0] === 'sleep' ? Number(preStop[1]) * 1000 : 0;
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + shutdownMs);

    expect(deployment.spec.template.metadata.annotations).toEqual(
      expect.objectContaining({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '3000', 'prometheus.io/path': '/metrics' }),
    );
  });

  it('select the API pods from the Deployment, Service and PodDisruptionBudget', () => {
    const deployment = one('Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    const matches = (selector: Record<string, string>) => Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => podLabels[key] === value);
    expect(matches(deployment.spec.selector.matchLabels)).toBe(true);
    const service = one('Service');
    expect(matches(service.spec.selector)).toBe(true);
    expect(matches(one('PodDisruptionBudget').spec.selector.matchLabels)).toBe(true);

    expect(service.spec.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(service.spec.ports).toHaveLength(1);
    expect(service.spec.ports[0].port).toBe(80);
    expect(containerPort(service.spec.ports[0].targetPort, container(deployment))).toBe(3000);
  });

  it('autoscale the Deployment on CPU between 2 and 10 replicas', () => {
    const hpa = one('HorizontalPodAutoscaler');
    const deployment = one('Deployment');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 10]);
    expect(hpa.spec.metrics).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } });
  });
});

// ---------------------------------------------------------------------------------------------
// Compose

const compose = load(read('docker/compose.yaml')) as Doc;
/** A service's environment, with YAML merge keys (`<<: *anchor`) resolved as Compose resolves them. */
const composeEnvironment = (service: string): Record<string, unknown> => {
  const { '<<': merged = {}, ...own } = compose.services[service].environment ?? {};
  return { ...merged, ...own };
};

/** Compose's interpolation of `${NAME}`, `${NAME:-default}` and `${NAME:?error}` from a shell environment. */
function interpolate(value: unknown, shell: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_match, name: string, kind?: string, argument = '') => {
    if (shell[name]) return shell[name];
    if (kind === '?') throw new Error(`${name}: ${argument}`);
    return kind === '-' ? argument : '';
  });
}

describe('Compose stack (docker/compose.yaml)', () => {
  const apiEnvironment = () => composeEnvironment('api');

  it('passes every setting to the API, except those left out on purpose, and nothing else', () => {
    const leftOut: Partial<Record<EnvName, string>> = { ...NOT_IN_CONFIGMAP, DEMO_ADMIN_PASSWORD: 'demo data is seeded outside production only' };
    const expected = Object.keys(ENV_VARIABLES).filter((name) => !(name in leftOut));
    const names = Object.keys(apiEnvironment()).filter((name) => !AWS_SDK_VARIABLES.includes(name));
    expect(names.filter((name) => name !== 'DATABASE_MIGRATE_ON_START').sort()).toEqual(expected.sort());
  });

  it("defaults each overridable setting to the API's own default", () => {
    for (const [name, value] of Object.entries(apiEnvironment())) {
      const fallback = /^\$\{(\w+):-([^}]*)\}$/.exec(String(value));
      const variable = (ENV_VARIABLES as Record<string, { default?: string }>)[name];
      if (!fallback || !variable || name === 'PUBLIC_URL') continue;
      expect({ name, shellName: fallback[1], default: fallback[2] }).toEqual({ name, shellName: name, default: variable.default ?? '' });
    }
  });

  it('refuses to start without the production secrets, and makes a valid production configuration with them', () => {
    const resolve = (shell: Record<string, string>) => Object.fromEntries(Object.entries(apiEnvironment()).map(([name, value]) => [name, interpolate(value, shell)]));
    expect(() => resolve({})).toThrow(/JWT_SECRET/);
    const { JWT_SECRET, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY } = SAMPLE_SECRETS;
    expect(() => resolve({ JWT_SECRET, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY })).toThrow(/CASHBACK_API_URL/);
    const env = parseEnv(resolve({ JWT_SECRET, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, ...SAMPLE_REQUIRED }));
    expect(env).toMatchObject({ NODE_ENV: 'production', PORT: 3000, DATABASE_MIGRATE_ON_START: false });
    expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
  });

  it('migrates once, before the replicas, with the API image and configuration', () => {
    const { migrate, api, postgres } = compose.services;
    expect(migrate.command).toEqual(['node', 'dist/cli.js', 'db:migrate']);
    expect(migrate.restart).toBe('no');
    expect(migrate.image).toBe(api.image);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    const { DATABASE_MIGRATE_ON_START, ...apiRest } = apiEnvironment();
    expect(DATABASE_MIGRATE_ON_START).toBe('false');
    expect(composeEnvironment('migrate')).toEqual(apiRest);
    expect(api.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
  });

  it("checks the replicas' readiness, and sends traffic only to healthy ones", () => {
    const { api, nginx } = compose.services;
    expect(api.deploy.replicas).toBe(2);
    expect(api.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(nginx.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(read('docker/nginx.conf')).toMatch(/http:\/\/api:3000/);
  });

  it('builds an image whose CLI can back up and restore (pg_dump and pg_restore installed)', () => {
    const runtime = read('docker/Dockerfile').split(/^FROM /m).pop()!;
    expect(runtime).toMatch(/apt-get install[^\n]*postgresql-client-15/);
  });
});

// ---------------------------------------------------------------------------------------------
// Grafana

type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** The text of the object literal opening at `open`, with nested objects (e.g. `collect() {...}`) left out. */
function topLevelOfObject(text: string, open: number): string {
  let depth = 0;
  let topLevel = '';
  let quote: string | undefined;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      if (depth === 1) topLevel += char;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return topLevel;
    if (depth === 1) topLevel += char;
  }
  throw new Error('unterminated object literal');
}

/**
 * Metrics the API registers: `metrics.counter|gauge|histogram({ name: '...' })` (MetricsService) or
 * `new Counter|Gauge|Histogram|Summary({ name: '...' })` in src/. MetricsService's own makers pass
 * their settings on (`{ ...config }`) and name nothing themselves.
 */
function sourceMetrics(): Map<string, MetricType> {
  const metrics = new Map<string, MetricType>();
  const sources = files('src').filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.includes(`${path.sep}generated${path.sep}`));
  for (const file of sources) {
    const text = read(file);
    for (const match of text.matchAll(/(?:new\s+(Counter|Gauge|Histogram|Summary)|\bmetrics\.(counter|gauge|histogram))\s*(?:<[^>]*>)?\s*\(\s*\{/g)) {
      const type = (match[1] ?? match[2]).toLowerCase() as MetricType;
      const object = topLevelOfObject(text, match.index + match[0].length - 1);
      const name = /\bname:\s*['"]([a-zA-Z_:][a-zA-Z0-9_:]*)['"]/.exec(object);
      if (!name && /^\{\s*\.\.\.config,/.test(object) && file.endsWith(path.join('observability', 'metrics.service.ts'))) continue;
      if (!name) throw new Error(`${file}: a ${type} without a literal name`);
      metrics.set(name[1], type);
    }
  }
  return metrics;
}

/** prom-client's default metrics, as collectDefaultMetrics registers them (MetricsService does). */
function defaultMetrics(): Map<string, MetricType> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = new Map(registry.getMetricsAsArray().map((metric) => [metric.name, (metric as unknown as { type: MetricType }).type]));
  registry.clear();
  return metrics;
}

/** Series names a metric exposes: histograms and summaries add suffixes. */
function seriesNames(name: string, type: MetricType): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

const PROMQL_KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/** Metric names a PromQL expression selects (functions, labels, strings, ranges and variables left out). */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ');
  return [...bare.matchAll(/(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(?!\s*\()/g)]
    .map((match) => match[1])
    .filter((word) => !PROMQL_KEYWORDS.has(word.toLowerCase()));
}

/** Metric names in a Grafana Prometheus variable query (label_values(metric, label), query_result(expr), or an expression). */
function metricsInVariableQuery(query: string): string[] {
  const labelValues = /^\s*label_values\(\s*(?:([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{[^}]*\})?\s*,)?\s*\w+\s*\)\s*$/.exec(query);
  if (labelValues) return labelValues[1] ? [labelValues[1]] : [];
  const queryResult = /^\s*query_result\(([\s\S]*)\)\s*$/.exec(query);
  return metricsIn(queryResult ? queryResult[1] : query);
}

const GRAFANA_DIR = 'docker/grafana';
const datasources = (load(read(`${GRAFANA_DIR}/provisioning/datasources/prometheus.yml`)) as Doc).datasources as Doc[];
const prometheus = datasources.find((datasource) => datasource.type === 'prometheus')!;
const providerFiles = files(`${GRAFANA_DIR}/provisioning/dashboards`).filter((file) => /\.ya?ml$/.test(file));
const dashboardFiles = files(`${GRAFANA_DIR}/dashboards`).filter((file) => file.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({ file, dashboard: JSON.parse(read(file)) as Doc }));

/** Every panel, rows' collapsed panels included. */
const allPanels = (dashboard: Doc): Doc[] => (dashboard.panels ?? []).flatMap((panel: Doc) => [panel, ...(panel.panels ?? [])]);
const exprs = (dashboard: Doc): Array<{ panel: string; expr: string }> =>
  allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((target: Doc) => ({ panel: panel.title, expr: target.expr })));
const variableQueries = (dashboard: Doc): Array<{ variable: string; query: string }> =>
  (dashboard.templating?.list ?? [])
    .filter((variable: Doc) => variable.type === 'query')
    .map((variable: Doc) => ({ variable: variable.name, query: typeof variable.query === 'string' ? variable.query : variable.query?.query }));

describe('Grafana provisioning (docker/grafana)', () => {
  it('provisions the Prometheus data source with a uid the dashboards refer to', () => {
    expect(prometheus).toBeDefined();
    expect(typeof prometheus.uid).toBe('string');
    for (const { file, dashboard } of dashboards) {
      for (const panel of allPanels(dashboard).filter((panel) => panel.type !== 'row')) {
        const used = [panel.datasource, ...(panel.targets ?? []).map((target: Doc) => target.datasource)].filter(Boolean);
        expect(used.length).toBeGreaterThan(0);
        for (const datasource of used) {
          expect({ file, panel: panel.title, uid: datasource.uid }).toEqual({ file, panel: panel.title, uid: prometheus.uid });
        }
      }
    }
  });

  it('loads the dashboards folder that compose mounts into the grafana service', () => {
    expect(providerFiles.length).toBeGreaterThan(0);
    const providers = providerFiles.flatMap((file) => (load(read(file)) as Doc).providers as Doc[]);
    const paths = providers.filter((provider) => (provider.type ?? 'file') === 'file').map((provider) => provider.options?.path);
    expect(paths.length).toBeGreaterThan(0);

    const compose = load(read('docker/compose.yaml')) as Doc;
    const mounts = (compose.services.grafana.volumes as string[]).map((volume) => volume.split(':'));
    for (const containerPath of paths) {
      const mount = mounts.find(([, target]) => target === containerPath);
      expect({ containerPath, host: mount && path.normalize(path.join('docker', mount[0])) }).toEqual({ containerPath, host: path.normalize(`${GRAFANA_DIR}/dashboards`) });
    }
    // The provisioning folder (data sources and dashboard providers) is mounted as well.
    expect(mounts).toContainEqual(['./grafana/provisioning', '/etc/grafana/provisioning', 'ro']);
  });

  it('holds valid dashboards: uid, title, schema version, laid-out panels with queries', () => {
    expect(dashboards.map(({ dashboard }) => dashboard.title)).toContain('Benefits Platform');
    const uids = dashboards.map(({ dashboard }) => dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { file, dashboard } of dashboards) {
      expect({ file, uid: typeof dashboard.uid, title: typeof dashboard.title }).toEqual({ file, uid: 'string', title: 'string' });
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
      const panels = allPanels(dashboard);
      expect(panels.length).toBeGreaterThan(0);
      const ids = panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);

      const boxes: Array<{ title: string; x: number; y: number; w: number; h: number }> = [];
      for (const panel of panels) {
        const { x, y, w, h } = panel.gridPos ?? {};
        expect({ file, panel: panel.title, types: [x, y, w, h].map((value) => typeof value) }).toEqual({ file, panel: panel.title, types: ['number', 'number', 'number', 'number'] });
        expect(x + w).toBeLessThanOrEqual(24);
        boxes.push({ title: panel.title, x, y, w, h });
        if (panel.type === 'row') continue;
        expect(panel.targets?.length).toBeGreaterThan(0);
        for (const target of panel.targets) {
          expect({ panel: panel.title, refId: typeof target.refId, expr: typeof target.expr }).toEqual({ panel: panel.title, refId: 'string', expr: 'string' });
        }
      }
      const overlaps = boxes.flatMap((a, index) =>
        boxes.slice(index + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.title} / ${b.title}`),
      );
      expect(overlaps).toEqual([]);
    }
  });

  describe('metrics', () => {
    const registered = sourceMetrics();
    const known = new Map<string, string>();
    for (const [name, type] of [...registered, ...defaultMetrics()]) {
      for (const series of seriesNames(name, type)) known.set(series, name);
    }

    it('finds the metrics the API registers in its source', () => {
      expect(registered.get('http_request_duration_seconds')).toBe('histogram');
      expect(registered.get('card_authorizations_total')).toBe('counter');
      expect(registered.get('telemetry_queue_depth')).toBe('gauge');
      expect(known.get('process_cpu_seconds_total')).toBe('process_cpu_seconds_total');
      expect(known.get('nodejs_gc_duration_seconds_sum')).toBe('nodejs_gc_duration_seconds');
    });

    it('reads the metric names of a PromQL expression', () => {
      expect(metricsIn('histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{job=~"$job",route!~"/health/.*"}[$__rate_interval])))')).toEqual([
        'http_request_duration_seconds_bucket',
      ]);
      expect(metricsIn('sum(rate(a_total{x="y"}[5m])) / on (kind) group_left (z) sum(b) offset 5m and time() - c')).toEqual(['a_total', 'b', 'c']);
      expect(metricsInVariableQuery('label_values(process_start_time_seconds{job=~"$job"}, instance)')).toEqual(['process_start_time_seconds']);
      expect(metricsInVariableQuery('label_values(job)')).toEqual([]);
    });

    it('every panel and variable queries metrics the API exposes', () => {
      const unknown: string[] = [];
      for (const { file, dashboard } of dashboards) {
        for (const { panel, expr } of exprs(dashboard)) {
          const names = metricsIn(expr);
          if (!names.length) unknown.push(`${file} "${panel}": no metric in ${expr}`);
          for (const name of names.filter((name) => !known.has(name))) unknown.push(`${file} "${panel}": ${name}`);
        }
        for (const { variable, query } of variableQueries(dashboard)) {
          for (const name of metricsInVariableQuery(query).filter((name) => !known.has(name))) unknown.push(`${file} $${variable}: ${name}`);
        }
      }
      expect(unknown).toEqual([]);
    });

    it('every metric the API registers is on a dashboard', () => {
      const shown = new Set(dashboards.flatMap(({ dashboard }) => exprs(dashboard).flatMap(({ expr }) => metricsIn(expr).map((name) => known.get(name)))));
      expect([...registered.keys()].filter((name) => !shown.has(name))).toEqual([]);
    });
  });
});
