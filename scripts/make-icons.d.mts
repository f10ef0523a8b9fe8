/** Types for scripts/make-icons.mjs. */
type Layer = { sdf: (x: number, y: number) => number; rgba: [number, number, number, number] };
export declare function appIconLayers(): Layer[];
export declare function trayIconLayers(): Layer[];
export declare function render(size: number, layers: Layer[]): Buffer;
export declare function encodePng(size: number, rgba: Buffer): Buffer;
export declare const ICONS: ReadonlyArray<{ file: string; size: number; layers: () => Layer[] }>;
export declare function writeIcons(assetsDir: string): Promise<void>;
