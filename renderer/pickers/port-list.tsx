import type { KubeTargets } from '../../shared/model.ts';

/** What one click on a declared port asks for: a -L rule to that port of that target. */
export interface ForwardRequest {
  remotePort: number;
  /** target path for workloads (with `/container/c` when the pod has several); absent for Services */
  target?: string;
  /** remote host: `localhost` for a workload, the Service name for a Service */
  host: string;
}

/** The declared ports of the chosen target, each with a "forward this port" button. */
export function PortList({
  targets,
  path,
  onForward,
}: {
  targets: KubeTargets;
  path: string;
  onForward(f: ForwardRequest): void;
}) {
  const base = path.replace(/\/container\/.*$/, '');
  const workload = targets.workloads.find((w) => w.path === base);
  const service = targets.services.find((s) => s.path === base);
  if (service) {
    return (
      <ul className="port-list" aria-label={`Ports of ${service.path}`}>
        {service.ports.map((p) => (
          <li key={p.port}>
            <button
              type="button"
              aria-label={`Forward port ${p.port} of ${service.path}`}
              onClick={() => onForward({ remotePort: p.port, host: service.name })}
            >
              Forward {p.port}
              {p.name ? ` (${p.name})` : ''}
            </button>
            {p.targetPort !== undefined && (
              <span className="muted"> → pod port {p.targetPort}</span>
            )}
          </li>
        ))}
      </ul>
    );
  }
  if (!workload) return null;
  const several = workload.containers.length > 1;
  return (
    <ul className="port-list" aria-label={`Ports of ${workload.path}`}>
      {workload.containers.map((c) => (
        <li key={c.name}>
          <span className="muted">container {c.name}:</span>{' '}
          {c.ports.length === 0 && <span className="muted">no declared ports</span>}
          {c.ports.map((p) => (
            <button
              key={`${p.port}/${p.protocol}`}
              type="button"
              aria-label={`Forward port ${p.port} of ${workload.path}${several ? ` container ${c.name}` : ''}`}
              onClick={() =>
                onForward({
                  remotePort: p.port,
                  host: 'localhost',
                  target: several ? `${workload.path}/container/${c.name}` : workload.path,
                })
              }
            >
              Forward {p.port}
              {p.name ? ` (${p.name})` : ''}
            </button>
          ))}
        </li>
      ))}
    </ul>
  );
}
