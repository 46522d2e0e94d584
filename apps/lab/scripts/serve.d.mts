/** Starts a static file server for the lab's build on 127.0.0.1 (see serve.mjs). */
export declare function startServer(options?: { dir?: string; port?: number; isolated?: boolean }): Promise<{ url: string; close: () => Promise<void> }>;
