/**
 * How the open panel sits on the page: sized to the visual viewport, so the
 * input stays above an on-screen keyboard, and its log following a growing
 * answer. Both stop when `signal` aborts.
 *
 * @example
 * fitToViewport(host, { signal });
 * followAnswers(root.querySelector('.log')!, { signal });
 */

/** Sets --sb-vh and --sb-top on the host from the visual viewport, now and as it changes. */
export function fitToViewport(host: HTMLElement, listening: { signal: AbortSignal }): void {
  const fit = () => {
    if (!visualViewport) return;
    host.style.setProperty('--sb-vh', `${visualViewport.height}px`);
    host.style.setProperty('--sb-top', `${visualViewport.offsetTop}px`);
  };
  visualViewport?.addEventListener('resize', fit, listening);
  visualViewport?.addEventListener('scroll', fit, listening);
  fit();
}

/**
 * Follows a growing answer unless the visitor scrolled up to read, and never past its question:
 * a long answer keeps its start in view. A new question follows again.
 */
export function followAnswers(log: HTMLElement, listening: { signal: AbortSignal }): void {
  let pinned = true;
  let question: Element | undefined;
  log.addEventListener('scroll', () => (pinned = log.scrollHeight - log.scrollTop - log.clientHeight < 48), listening);
  const follower = new MutationObserver(() => {
    const latest = [...log.querySelectorAll('[data-role=visitor]')].pop();
    if (latest !== question) (question = latest), (pinned = true);
    if (pinned) log.scrollTop = Math.min(log.scrollHeight, latest ? log.scrollTop + latest.getBoundingClientRect().top - log.getBoundingClientRect().top - 12 : Infinity);
  });
  follower.observe(log, { childList: true, subtree: true, characterData: true });
  listening.signal.addEventListener('abort', () => follower.disconnect());
}
