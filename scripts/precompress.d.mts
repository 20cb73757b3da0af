import type { Plugin } from 'vite';

export function precompressDir(dir: string): Promise<{ files: number; raw: number; br: number; gz: number }>;
export function precompress(): Plugin;
