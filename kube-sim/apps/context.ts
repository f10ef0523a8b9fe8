/** What an app knows about where it runs; apps never depend on a runtime. */
export interface AppContext {
  pod: string;
  namespace: string;
  container: string;
  /** The container port the app serves (reported by `http`, whatever port it really listens on). */
  port: number;
}
