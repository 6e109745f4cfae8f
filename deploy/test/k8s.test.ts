import { existsSync } from 'node:fs';
import t from 'tap';
import { natsPermissions, type BusService } from '@lumira/bus';
import { gatewayConfig, upstreamsOf } from '@lumira/gateway';
import { loadConfig } from '@lumira/config';
import { configParts } from '../tools/config-parts.js';
import { collectVariables, isRequired } from '../tools/variables.js';
import { configProblems, fromRoot, k8sBaseObjects, readYaml } from './helpers/files.js';

const objects = k8sBaseObjects();
const find = (kind: string, name: string) => objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name)?.object;
const processes = configParts.filter((p) => p.kind !== 'launcher');
const variables = collectVariables(processes);
const isSecret = (name: string) => variables.find((v) => v.name === name)?.uses.some((u) => u.spec.secret) ?? false;
const SHARED_INFRASTRUCTURE = ['NATS_URL', 'MONGODB_URL'];

/** What a container's environment holds: its envFrom sources, then its own env entries. */
function podEnvironment(deployment: any): Record<string, string> {
  const container = deployment.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    const object = find(source.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    Object.assign(env, object?.data ?? {}, object?.stringData ?? {});
  }
  // A value from a per-service Secret made out of band (the NATS password): some non-empty placeholder.
  for (const entry of container.env ?? []) env[entry.name] = entry.valueFrom?.secretKeyRef ? `<${entry.valueFrom.secretKeyRef.name}>` : String(entry.value);
  return env;
}

t.test('every manifest parses into objects with a kind and a name', async (t) => {
  t.ok(objects.length > 0);
  for (const { file, object } of objects) t.ok(object.apiVersion && object.kind && object.metadata?.name, `${file}: ${object.kind}/${object.metadata?.name}`);
});

t.test('each process: a Deployment probed, sized, hardened and given time to shut down', async (t) => {
  for (const part of processes) {
    const deployment = find('Deployment', part.name);
    t.ok(deployment, `${part.name}: Deployment`);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    const env = podEnvironment(deployment);
    t.equal(container.image, `lumira/${part.name}`, 'the image the overlay renames');
    t.same(
      container.ports,
      [
        { name: 'http', containerPort: Number(env.PORT) },
        { name: 'metrics', containerPort: Number(env.METRICS_PORT) },
      ],
      `${part.name}: containerPorts are the PORT and the METRICS_PORT it listens on`,
    );
    t.equal(container.livenessProbe.httpGet.path, '/health');
    t.equal(container.startupProbe.httpGet.path, '/health');
    t.equal(container.readinessProbe.httpGet.path, part.kind === 'gateway' ? '/health' : '/ready', `${part.name}: readiness path`);
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) t.equal(container[probe].httpGet.port, 'http');
    t.ok(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory, `${part.name}: resources`);

    const pause = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    const deadlineMs = Number(env.SHUTDOWN_TIMEOUT_MS || part.spec.SHUTDOWN_TIMEOUT_MS!.default);
    t.ok(pod.terminationGracePeriodSeconds * 1000 > pause * 1000 + deadlineMs, `${part.name}: grace period > preStop + SHUTDOWN_TIMEOUT_MS`);

    t.equal(pod.securityContext.runAsNonRoot, true);
    t.not(pod.securityContext.runAsUser, 0);
    t.equal(container.securityContext.readOnlyRootFilesystem, true);
    t.equal(container.securityContext.allowPrivilegeEscalation, false);
    const writable = [`/tmp`, ...('DATA_DIR' in part.spec ? [env.DATA_DIR!] : [])];
    for (const dir of writable) {
      const mount = container.volumeMounts.find((m: any) => m.mountPath === dir);
      t.ok(mount, `${part.name}: ${dir} is mounted`);
      t.ok(pod.volumes.find((v: any) => v.name === mount?.name)?.emptyDir, `${part.name}: ${dir} is an emptyDir`);
    }
    const readsSecrets = Object.values(part.spec).some((v) => v.secret);
    t.equal(
      container.envFrom.some((e: any) => e.secretRef),
      readsSecrets,
      `${part.name}: gets lumira-secrets only if it reads a secret`,
    );
    t.equal(deployment.spec.replicas, undefined, `${part.name}: the autoscaler owns the replica count`);
    t.same(deployment.spec.selector.matchLabels, { 'app.kubernetes.io/name': part.name });
    t.match(deployment.spec.template.metadata.labels, deployment.spec.selector.matchLabels);
  }
});

t.test('each process: a Service, an autoscaler and a disruption budget that fit together', async (t) => {
  for (const part of processes) {
    const deployment = find('Deployment', part.name);
    const service = find('Service', part.name);
    t.same(service.spec.selector, deployment.spec.selector.matchLabels, `${part.name}: Service selects its pods`);
    t.equal(service.spec.ports[0].targetPort, 'http');
    const hpa = find('HorizontalPodAutoscaler', part.name);
    t.same(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: part.name });
    t.ok(hpa.spec.maxReplicas >= hpa.spec.minReplicas);
    const pdb = find('PodDisruptionBudget', part.name);
    t.same(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
    t.ok(hpa.spec.minReplicas > pdb.spec.minAvailable, `${part.name}: a node drain can always evict one pod`);
  }
});

t.test('one Ingress, to the gateway only', async (t) => {
  const ingresses = objects.filter((o) => o.object.kind === 'Ingress');
  t.equal(ingresses.length, 1);
  const backends = ingresses[0]!.object.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service));
  t.same(backends, [{ name: 'gateway', port: { name: 'http' } }]);
});

t.test('ConfigMap and Secret: known variables, secrets apart, placeholders only', async (t) => {
  const config = find('ConfigMap', 'lumira-config');
  const secret = find('Secret', 'lumira-secrets');
  for (const name of Object.keys(config.data)) {
    t.ok(
      variables.some((v) => v.name === name),
      `ConfigMap: ${name} is a variable`,
    );
    t.notOk(isSecret(name), `ConfigMap: ${name} is not a secret`);
  }
  for (const [name, value] of Object.entries<string>(secret.stringData)) {
    t.ok(isSecret(name), `Secret: ${name} is a secret variable`);
    t.ok(value === '' || value.includes('CHANGE_ME'), `Secret: ${name} is a placeholder`);
  }
  const secretNames = variables.filter((v) => v.uses.some((u) => u.spec.secret)).map((v) => v.name);
  const missing = secretNames.filter((n) => !(n in secret.stringData));
  t.same(missing, [], `add ${missing.join(', ')} to deploy/k8s/base/secret.yaml (empty placeholder)`);
});

t.test('every process starts with the ConfigMap and Secret, on the external NATS and MongoDB', async (t) => {
  for (const part of processes) {
    const env = podEnvironment(find('Deployment', part.name));
    t.same(configProblems(part.name, part.spec, env), [], `${part.name} loads its configuration`);
    for (const [name, spec] of Object.entries(part.spec)) if (isRequired(spec)) t.ok(env[name], `${part.name}: required ${name} is provided`);
    for (const name of SHARED_INFRASTRUCTURE.filter((v) => v in part.spec)) t.ok(env[name], `${part.name}: ${name} is set`);
  }
});

t.test('the gateway reaches every service through its Service', async (t) => {
  const upstreams = upstreamsOf(loadConfig('gateway', gatewayConfig, podEnvironment(find('Deployment', 'gateway'))));
  for (const [name, url] of Object.entries(upstreams)) {
    const u = new URL(url);
    const service = find('Service', name);
    t.equal(u.hostname, name);
    t.equal(Number(u.port || 80), service.spec.ports[0].port, `${name}: the Service port`);
  }
});

t.test('the example overlay refers to files and images that exist', async (t) => {
  const overlay = readYaml('deploy/k8s/overlays/example/kustomization.yaml');
  for (const resource of overlay.resources) t.ok(existsSync(fromRoot('deploy/k8s/overlays/example', resource)), `resource ${resource}`);
  for (const patch of overlay.patches) if (patch.path) t.ok(existsSync(fromRoot('deploy/k8s/overlays/example', patch.path)), `patch ${patch.path}`);
  const images = processes.map((p) => `lumira/${p.name}`);
  t.same(overlay.images.map((i: any) => i.name).sort(), [...images].sort(), 'every image is renamed for the environment');
  for (const image of overlay.images) t.match(image.newName, new RegExp(`/${image.name}$`), `${image.name}: renamed into a registry`);
  t.equal(overlay.namespace, 'lumira', 'everything lands in one namespace');
  // The rendered build (kubectl kustomize) is checked in .github/workflows/ci.yml, where kubectl always is.
  const deletesSecret = overlay.patches.some(
    (p: any) => typeof p.patch === 'string' && /\$patch: delete/.test(p.patch) && /kind: Secret/.test(p.patch) && /name: lumira-secrets/.test(p.patch),
  );
  t.ok(deletesSecret, 'the placeholder Secret is not applied: the real one is created out of band');
  const ingress = readYaml('deploy/k8s/overlays/example/ingress.yaml');
  t.equal(ingress.kind, 'Ingress');
  t.ok(ingress.spec.rules[0].host, 'the Ingress has a host');
});

const services = processes.filter((p) => p.kind !== 'gateway').map((p) => p.name);
const policies = objects.filter((o) => o.object.kind === 'NetworkPolicy').map((o) => o.object);
/** The policies that select a pod with this name label (an empty selector selects every pod). */
function policiesFor(name: string): any[] {
  return policies.filter((p) => {
    const sel = p.spec.podSelector;
    if (sel.matchLabels) return sel.matchLabels['app.kubernetes.io/name'] === name;
    if (sel.matchExpressions)
      return sel.matchExpressions.some((e: any) => e.key === 'app.kubernetes.io/name' && e.operator === 'In' && e.values.includes(name));
    return true;
  });
}
const ingressRules = (name: string) => policiesFor(name).flatMap((p) => p.spec.ingress ?? []);
const egressRules = (name: string) => policiesFor(name).flatMap((p) => p.spec.egress ?? []);
const ports = (rule: any) => (rule.ports ?? []).map((p: any) => p.port);

t.test('network: everything denied by default, only the gateway reachable from outside', async (t) => {
  const deny = find('NetworkPolicy', 'default-deny');
  t.same(deny.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const fromOutside = (name: string) =>
    ingressRules(name).filter((r: any) => r.from.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx'));
  t.same(fromOutside('gateway').flatMap(ports), ['http'], 'the Ingress controller reaches the gateway on http');
  for (const name of services) {
    t.same(fromOutside(name), [], `${name}: not reachable from the Ingress controller`);
    const from = ingressRules(name).flatMap((r: any) => r.from.map((f: any) => ({ from: f, ports: ports(r) })));
    for (const { from: f, ports: p } of from) {
      const ok =
        f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'gateway' ||
        (f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring' && p.join() === 'metrics');
      t.ok(ok, `${name}: only the gateway (http) and Prometheus (metrics port) come in`);
    }
  }
  t.ok(
    ingressRules('gateway').every((r: any) => !ports(r).includes(undefined)),
    'every ingress rule names its ports',
  );
});

t.test('network: services reach NATS, MongoDB and their own partner API only; Prometheus the metrics port', async (t) => {
  const partners = ['payment', 'notification', 'crm-sync', 'fulfilment'];
  for (const name of services) {
    const rules = egressRules(name);
    const namespaces = rules.flatMap((r: any) => r.to.map((to: any) => to.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']).filter(Boolean));
    t.same([...new Set(namespaces)].sort(), ['kube-system', 'mongodb', 'nats'], `${name}: DNS, MongoDB, NATS`);
    const external = rules.filter((r: any) => r.to.some((to: any) => to.ipBlock));
    t.equal(external.length > 0, partners.includes(name), `${name}: ${partners.includes(name) ? 'its partner API' : 'nothing'} outside`);
    for (const r of external) {
      t.same(ports(r), [443], `${name}: HTTPS only outside`);
      t.ok(
        r.to.every((to: any) => to.ipBlock.except?.includes('10.0.0.0/8')),
        `${name}: not the private ranges through the partner rule`,
      );
    }
  }
  const gatewayOut = egressRules('gateway').filter((r: any) => r.to.some((to: any) => to.podSelector));
  t.same(gatewayOut.flatMap(ports), [3000], 'the gateway reaches the services on their app port');
  t.notOk(
    egressRules('gateway').some((r: any) => r.to.some((to: any) => to.ipBlock)),
    'the gateway reaches nothing outside',
  );
  const scrape = find('NetworkPolicy', 'allow-prometheus-scrape');
  t.same(scrape.spec.ingress[0].ports, [{ protocol: 'TCP', port: 'metrics' }]);
});

t.test('Prometheus scrapes the internal metrics port; the Service and Ingress never expose it', async (t) => {
  for (const part of processes) {
    const deployment = find('Deployment', part.name);
    const annotations = deployment.spec.template.metadata.annotations;
    const env = podEnvironment(deployment);
    t.match(annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': env.METRICS_PORT });
    t.not(env.METRICS_PORT, env.PORT);
    t.same(
      find('Service', part.name).spec.ports.map((p: any) => p.targetPort),
      ['http'],
      `${part.name}: the Service has the app port only`,
    );
  }
});

t.test('hygiene: replicas spread over nodes, budgets that allow a drain, rollout on config change', async (t) => {
  for (const part of processes) {
    const deployment = find('Deployment', part.name);
    const spread = deployment.spec.template.spec.topologySpreadConstraints;
    const byKey = Object.fromEntries(spread.map((c: any) => [c.topologyKey, c]));
    t.equal(byKey['kubernetes.io/hostname']?.whenUnsatisfiable, 'DoNotSchedule', `${part.name}: one node never holds every replica`);
    t.ok(byKey['topology.kubernetes.io/zone'], `${part.name}: spread over zones when there are`);
    for (const c of spread) t.same(c.labelSelector.matchLabels, deployment.spec.selector.matchLabels);
    const hpa = find('HorizontalPodAutoscaler', part.name);
    const pdb = find('PodDisruptionBudget', part.name);
    t.ok(
      hpa.spec.minReplicas >= 2 && pdb.spec.minAvailable >= 1 && pdb.spec.minAvailable < hpa.spec.minReplicas,
      `${part.name}: a drain evicts one pod and keeps one`,
    );
    t.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
  }
  const kustomization = readYaml('deploy/k8s/base/kustomization.yaml');
  const generator = kustomization.configMapGenerator?.find((g: any) => g.name === 'lumira-config');
  t.ok(generator, 'lumira-config is generated: kustomize hashes its name, so a change rolls the pods');
  t.notOk(kustomization.generatorOptions?.disableNameSuffixHash, 'with the hash suffix');
  const overlay = readYaml('deploy/k8s/overlays/example/kustomization.yaml');
  t.match(overlay.configMapGenerator, [{ name: 'lumira-config', behavior: 'merge' }], 'the overlay merges its settings into it');
  for (const g of overlay.configMapGenerator) for (const f of g.envs) t.ok(existsSync(fromRoot('deploy/k8s/overlays/example', f)), `overlay ${f} exists`);
});

t.test('autoscaling on a signal that fits I/O-bound services', async (t) => {
  const consumers = ['user', 'notification', 'crm-sync', 'fulfilment'];
  for (const part of processes) {
    const metrics = find('HorizontalPodAutoscaler', part.name).spec.metrics;
    const io = metrics.find((m: any) => m.type !== 'Resource');
    if (consumers.includes(part.name)) {
      t.equal(io?.external?.metric?.name, 'lumira_bus_pending_messages', `${part.name}: its consumer group's lag`);
      t.same(io.external.metric.selector.matchLabels, { durable: part.name });
    } else {
      t.equal(io?.pods?.metric?.name, 'http_requests_in_flight', `${part.name}: requests in flight per pod`);
    }
  }
  const adapter = readYaml('deploy/k8s/prometheus-adapter/values.yaml');
  t.ok(adapter.rules.custom.some((r: any) => r.name.as === 'http_requests_in_flight'));
  t.ok(adapter.rules.external.some((r: any) => r.name.as === 'lumira_bus_pending_messages'));
});

t.test('the namespace enforces the restricted Pod Security Standard', async (t) => {
  const ns = readYaml('deploy/k8s/overlays/example/namespace.yaml');
  t.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
  for (const part of processes) {
    const pod = find('Deployment', part.name).spec.template.spec;
    t.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', `${part.name}: seccomp`);
    t.same(pod.containers[0].securityContext.capabilities.drop, ['ALL'], `${part.name}: capabilities dropped`);
  }
});

t.test('NATS in the cluster: the chart values carry the tested users; each pod its own user and password', async (t) => {
  const values = readYaml('deploy/k8s/nats/values.yaml');
  const users = values.config.merge.authorization.users;
  for (const part of processes.filter((p) => 'NATS_USER' in p.spec)) {
    const permissions = natsPermissions(part.name as BusService);
    t.same(users.find((u: any) => u.user === part.name)?.permissions.publish.allow, permissions.publish, `${part.name}: chart user permissions`);
    const env = find('Deployment', part.name).spec.template.spec.containers[0].env;
    t.equal(env.find((e: any) => e.name === 'NATS_USER')?.value, part.name);
    t.same(env.find((e: any) => e.name === 'NATS_PASSWORD')?.valueFrom, { secretKeyRef: { name: `lumira-nats-${part.name}`, key: 'NATS_PASSWORD' } });
  }
});
