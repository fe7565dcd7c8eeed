/**
 * A polite live region: status changes ("Build stage: Succeeded") are read out by screen readers
 * without moving focus. One region for the page, created on first use.
 */
let region: HTMLElement | undefined;

export function announce(text: string): void {
  if (!region) {
    region = document.createElement('div');
    region.className = 'visually-hidden';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    document.body.append(region);
  }
  region.textContent = text;
}
