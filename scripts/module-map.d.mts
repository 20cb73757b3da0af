import type { Plugin } from 'vite';

export function moduleMap(): Plugin;
