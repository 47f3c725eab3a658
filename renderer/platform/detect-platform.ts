// Picks the platform once at start: the desktop bridge when preload put one on window, else the browser.
import { BRIDGE_GLOBAL, type KeyholdBridge } from '../../contract/index.ts';
import { createDesktopPlatform } from './desktop-platform.ts';
import type { Platform } from './platform.ts';
import { createWebPlatform } from './web-platform.ts';

export function detectPlatform(): Platform {
  const bridge = (window as unknown as Record<string, KeyholdBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge && typeof bridge.call === 'function') return createDesktopPlatform(bridge);
  return createWebPlatform(window.location.origin);
}
