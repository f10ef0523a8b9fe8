/**
 * kube-sim's built-in exec commands (kube-sim/exec), used by the sandbox only when the container's
 * image has no real binary of that name on its PATH. Inside the sandbox they need no resolve or
 * connect hooks: the system resolver and net.connect already act as the pod.
 */
export { findBuiltin, type Builtin, type BuiltinContext, type BuiltinIO } from '../exec/index.ts';
